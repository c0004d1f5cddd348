import re

from conftest import csrf_token

from stories import places


def datalist(page: str) -> list[tuple[str, str]]:
    match = re.search(r'<datalist id="places">(.*?)</datalist>', page, re.S)
    assert match, "no datalist of places"
    return re.findall(r'<option value="([^"]*)" label="([^"]*)">', match.group(1))


def test_the_place_field_suggests_the_gazetteer(client):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="place"[^>]*list="places"', page, re.S)
    assert "as precise as you are comfortable with" in page and 'aria-describedby="place-hint"' in page
    options = datalist(page)
    names = [name for name, _ in options]
    assert names == [p.name for p in places.choices(places.DEFAULT_GAZETTEER)]
    assert names.index("Finland") < names.index("Southwest Finland") < names.index("Turku")
    assert ("Turku", "Turku (Southwest Finland, Finland)") in options


def test_a_data_folders_own_list_is_offered(client, settings):
    settings.home.mkdir(parents=True, exist_ok=True)
    (settings.home / "places.toml").write_text(
        '[[place]]\nname = "Kirkgate"\nlevel = "city"\ncountry = "England"\nlat = 53.8\nlon = -1.5\n')
    assert datalist(client.get("/").get_data(as_text=True)) == [("Kirkgate", "Kirkgate (England)")]


def test_a_place_not_in_the_list_is_still_accepted(client, store):
    response = client.post("/", data={"title": "Ours", "text": "We waited.", "place": "Our street",
                                      "consent_publish": "yes", "csrf_token": csrf_token(client)})
    assert response.status_code == 303
    assert store.all()[0]["place"] == "Our street"
