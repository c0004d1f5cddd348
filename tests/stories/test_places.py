import os

import pytest

from stories import places
from stories.errors import ConfigError

PACKAGED = places.gazetteer(places.DEFAULT_GAZETTEER)
EUROPE = ("Austria Belgium Bulgaria Croatia Cyprus Czechia Denmark Estonia Finland France Germany Greece "
          "Hungary Ireland Italy Latvia Lithuania Luxembourg Malta Netherlands Poland Portugal Romania "
          "Slovakia Slovenia Spain Sweden Iceland Norway Switzerland").split() + ["United Kingdom"]
PILOTS = ["Southwest Finland", "Turku", "Tartu", "Viljandi", "Tallinn", "Valencian Community", "Valencia",
          "Reggio Emilia", "Houten", "Utrecht", "Jämtland Härjedalen", "Östersund", "Szeged", "Budapest",
          "Warsaw", "Northern Ireland", "Belfast", "Greater Manchester", "Salford"]


def write(tmp_path, text):
    path = tmp_path / "places.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_packaged_place_is_valid():
    unique = set(PACKAGED.values())
    names = [p.name for p in unique]
    assert len(names) == len(set(names))
    for place in unique:
        assert place.level in places.LEVELS, place
        assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180, place
        # Only Europe is listed: a swapped lat/lon would land far outside it.
        assert 34 <= place.latitude <= 72 and -25 <= place.longitude <= 35, place
        country = places.lookup(place.country, places.DEFAULT_GAZETTEER)
        assert country is not None and country.level == "country", place
        if place.level == "country":
            assert place.country == place.name and place.parent is None
        else:
            assert place.country != place.name, f"{place.name} must name its country"
        if place.parent:
            parent = PACKAGED[places.key(place.parent)]
            assert parent.country == place.country and parent.level != "country", place
            assert places.LEVELS.index(parent.level) <= places.LEVELS.index(place.level)


def test_europe_and_the_pilots_are_listed():
    for name in EUROPE:
        assert PACKAGED[places.key(name)].level == "country", name
    for name in PILOTS:
        assert places.key(name) in PACKAGED, name
    assert PACKAGED["valencia"].level == "city" and PACKAGED["valencian community"].level == "region"
    finland = PACKAGED["finland"]
    assert (finland.latitude, finland.longitude) == (64.5, 26.0)
    turku = PACKAGED["turku"]
    assert turku.parent == "Southwest Finland" and round(turku.latitude, 1) == 60.5


def test_lookup_ignores_case_spaces_and_accents_and_knows_aliases():
    assert places.lookup("  tURKu ").name == "Turku"
    assert places.lookup("jamtland harjedalen").name == "Jämtland Härjedalen"
    assert places.lookup("Varsinais-Suomi").name == "Southwest Finland"
    assert places.lookup("Our street") is None and places.lookup(None) is None and places.lookup("") is None


def test_choices_put_countries_first_each_once():
    choices = places.choices(places.DEFAULT_GAZETTEER)
    levels = [p.level for p in choices]
    countries = levels.count("country")
    assert levels[:countries] == ["country"] * countries and "country" not in levels[countries:]
    assert [p.name for p in choices[:countries]] == sorted((p.name for p in choices[:countries]),
                                                           key=places.key)
    assert len(choices) == len({p.name for p in choices})
    assert places.describe(PACKAGED["turku"]) == "Turku (Southwest Finland, Finland)"
    assert places.describe(PACKAGED["finland"]) == "Finland (country)"


@pytest.mark.parametrize("entry, message", [
    ('name = "Atlantis"\nlevel = "street"\nlat = 1\nlon = 1', "level 'street', not one of country"),
    ('name = "Atlantis"\nlevel = "city"\nlat = 91\nlon = 1', "outside -90..90"),
    ('name = "Atlantis"\nlevel = "city"\nlat = 1', "needs a name, level, lat and lon"),
    ('name = "Atlantis"\nlevel = "city"\nparent = "Nowhere"\nlat = 1\nlon = 1', "parent 'Nowhere'"),
])
def test_a_bad_entry_is_a_clear_error(tmp_path, entry, message):
    with pytest.raises(ConfigError, match=message):
        places.gazetteer(write(tmp_path, f"[[place]]\n{entry}\n"))


def test_a_name_listed_twice_is_an_error(tmp_path):
    path = write(tmp_path, 'place = [{ name = "Turku", level = "city", lat = 60, lon = 22 },\n'
                           '  { name = "turku", level = "region", lat = 60, lon = 22 }]\n')
    with pytest.raises(ConfigError, match="listed twice"):
        places.gazetteer(path)


def test_the_data_folder_can_replace_the_list(settings, monkeypatch):
    monkeypatch.setattr(places, "RECHECK_SECONDS", 0)  # publishing checks every few seconds; here, always
    assert places.gazetteer_path(settings.home) == places.DEFAULT_GAZETTEER
    assert places.lookup("Turku").level == "city"
    settings.home.mkdir(parents=True, exist_ok=True)
    own = write(settings.home, '[[place]]\nname = "Kirkgate"\nlevel = "city"\ncountry = "Nowhere"\n'
                               'lat = 53.8\nlon = -1.5\n')
    # The settings fixture points $STORIES_HOME at the data folder: lookup finds its list by default.
    assert places.gazetteer_path() == own == places.gazetteer_path(settings.home)
    assert places.lookup("kirkgate").latitude == 53.8 and places.lookup("Turku") is None
    own.write_text('[[place]]\nname = "Kirkgate"\nlevel = "region"\nlat = 53.8\nlon = -1.5\n')
    os.utime(own, ns=(os.stat(own).st_atime_ns, os.stat(own).st_mtime_ns + 10**9))
    assert places.lookup("kirkgate").level == "region"  # an edited list is read again
    own.unlink()
    assert places.lookup("Turku").level == "city"  # and a removed one falls back to the packaged list
