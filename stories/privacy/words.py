"""The word lists behind the finders, read once from recognisers.toml.

Given names and surnames come from Faker's locale data (MIT licence; common names per
country), for the CoSIE languages and the languages of people who most often move to them:
a gazetteer, since no spaCy NER model for Spanish, Italian, Finnish and the rest is on PyPI
for spaCy 3.8.
"""

from __future__ import annotations

import gzip
import importlib
import json
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from stories.folding import fold_word
from stories.languages import STORY_LANGUAGES

DATA = Path(__file__).with_name("recognisers.toml")
LANGUAGES = STORY_LANGUAGES
#: Faker locales whose person lists make the gazetteer.
NAME_LOCALES = (
    "en_GB", "en_US", "en_IE", "es_ES", "es_MX", "es_CO", "it_IT", "fi_FI", "sv_SE", "nl_NL", "nl_BE",
    "hu_HU", "pl_PL", "et_EE", "fr_FR", "de_DE", "pt_PT", "pt_BR", "ro_RO", "uk_UA", "ru_RU", "tr_TR",
    "ar_AA", "fa_IR", "hi_IN", "sq_AL", "hr_HR", "cs_CZ", "sk_SK", "lt_LT", "lv_LV", "da_DK", "no_NO",
    # the tellers' other origins and Spain's and Ireland's other languages
    "es_CA", "ga_IE", "es_AR", "es_CL", "ar_DZ", "ar_PS", "ar_SA", "ha_NG", "yo_NG", "ig_NG", "en_NG",
    "en_KE", "sw", "vi_VN", "bg_BG", "el_GR",
)  # fmt: skip
#: Each story language's own locales: a lone name opening a sentence must be one of theirs.
OWN_LOCALES = {
    "en": ("en_GB", "en_US", "en_IE"),
    "es": ("es_ES", "es_MX", "es_CO"),
    "it": ("it_IT",),
    "fi": ("fi_FI",),
    "sv": ("sv_SE",),
    "nl": ("nl_NL", "nl_BE"),
    "hu": ("hu_HU",),
    "pl": ("pl_PL",),
    "et": ("et_EE",),
}
#: Faker attributes holding given names and surnames (each locale has some of them).
_GIVEN = ("first_names", "first_names_female", "first_names_male", "first_names_nonbinary")
_FAMILY = ("last_names", "last_names_female", "last_names_male")


@cache
def data() -> dict[str, Any]:
    """recognisers.toml, parsed."""
    with DATA.open("rb") as f:
        return tomllib.load(f)


@cache
def gazetteer(locales: tuple[str, ...] = NAME_LOCALES) -> tuple[frozenset[str], frozenset[str]]:
    """(given names, surnames) of `locales`, folded (lower case, no accents), three letters or more."""
    given: set[str] = set()
    family: set[str] = set()
    for locale in locales:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:  # a locale a later Faker dropped: the others still stand
            continue
        for names, attributes in ((given, _GIVEN), (family, _FAMILY)):
            for attribute in attributes:
                value = getattr(provider, attribute, ())
                if isinstance(value, list | tuple | dict | set | frozenset):  # a few locales compute theirs
                    names.update(_folded_names(value))
    if locales == NAME_LOCALES:  # the regions the locales miss (recognisers.toml)
        given.update(_folded_names(data()["names"]["given"]))
    return frozenset(given), frozenset(family)


def _folded_names(names) -> set[str]:
    return {fold_word(part) for name in names for part in str(name).split() if len(part) >= 3}


@cache
def countries() -> frozenset[str]:
    """Country names in the name locales' languages (Faker's address lists), folded: "Ukraina", "Rumanía"."""
    found: set[str] = set()
    for locale in NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        except ImportError:
            continue
        found.update(fold_word(str(c)) for c in getattr(provider, "countries", ()))
    return frozenset(found)


#: Faker's lists of towns and provinces used as places: Italy's 16,000 comuni are left out, being
#: surnames as often ("Ferrara", "Prato", "Lodi"); its provinces are in.
_TOWN_LISTS = ("cities", "states", "provinces", "real_city_names")


@cache
def towns() -> frozenset[str]:
    """Towns, regions and provinces of the name locales' countries (Faker's address lists), folded:
    "Murcia", "Rovaniemi", "Pirkanmaa"."""
    found: set[str] = set()
    for locale in NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        except ImportError:
            continue
        for key in _TOWN_LISTS:
            if key == "cities" and locale == "it_IT":
                continue
            listed = getattr(provider, key, ())
            found.update(fold_word(str(t)) for t in (listed.values() if isinstance(listed, dict) else listed))
    return frozenset(found)


@cache
def folded_set(section: str, key: str) -> frozenset[str]:
    """A word list from the data, folded for comparison."""
    return frozenset(fold_word(w) for w in data()[section][key])


@cache
def english_words() -> frozenset[str]:
    """English words and their forms, from spaCy's English lemma tables (spacy-lookups-data; about
    130,000, loaded in 0.1 s): "said", "grace" and "will" are in it, "siobhan" and "barry" are not."""
    folder = resources.files("spacy_lookups_data") / "data"
    found: set[str] = set()
    with gzip.open(folder / "en_lemma_lookup.json.gz") as table:
        for form, lemma in json.load(table).items():
            found.update((fold_word(form), fold_word(lemma)))
    with gzip.open(folder / "en_lemma_index.json.gz") as table:
        for forms in json.load(table).values():
            found.update(fold_word(w) for w in forms)
    return frozenset(found)
