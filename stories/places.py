"""Places a teller can choose, with the level they chose and a point to map them at.

A gazetteer kept as data (``places.toml``), so a deployment can list its own
regions: a ``places.toml`` in the data folder replaces the packaged list. A
story is mapped at the point of the place the teller chose and never finer: a
teller who said "Finland" is drawn at Finland, not at a town the story mentions.
"""

from __future__ import annotations

import os
import time
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from stories.errors import ConfigError
from stories.folding import fold_word

DEFAULT_GAZETTEER = Path(__file__).with_name("places.toml")
#: Coarsest first: a place's parent is never finer than the place.
LEVELS = ("country", "region", "city")
#: How often (seconds) a lookup checks whether the list of places was added, removed or edited.
RECHECK_SECONDS = 2.0
_seen: dict[tuple[str | None, str | None], tuple[float, Path, int]] = {}  # (path, home) -> when, file, mtime


@dataclass(frozen=True)
class Place:
    """A named place at one level, with the point the archive's map draws it at."""

    name: str
    level: str
    country: str
    latitude: float
    longitude: float
    parent: str | None = None  # the region a city lies in, when the gazetteer knows it
    aliases: tuple[str, ...] = ()  # other names it is looked up by (local spellings)


@lru_cache(maxsize=4096)
def key(name: str | None) -> str:
    """How names are compared: any case, with or without accents ("jamtland" finds "Jämtland")."""
    return fold_word(" ".join((name or "").split()))


def gazetteer_path(home: Path | str | None = None) -> Path:
    """The data folder's ``places.toml`` if it has one, else the packaged list.

    ``home`` defaults to ``$STORIES_HOME`` (or ./instance), as the settings do.
    """
    home = Path(home if home is not None else os.environ.get("STORIES_HOME") or "instance")
    own = home / "places.toml"
    return own if own.is_file() else DEFAULT_GAZETTEER


def gazetteer(path: Path | str | None = None) -> dict[str, Place]:
    """Places by ``key(name)`` (aliases too), from a ``[[place]]`` TOML list; raises ConfigError.

    An added, removed or edited list is noticed within ``RECHECK_SECONDS``, without a restart.
    """
    where = (str(path) if path is not None else None, os.environ.get("STORIES_HOME"))
    seen = _seen.get(where)
    # A full publish looks up every story's place: check the files at most every few seconds.
    if seen is None or time.monotonic() - seen[0] > RECHECK_SECONDS:
        file = Path(path) if path is not None else gazetteer_path()
        try:
            mtime = file.stat().st_mtime_ns
        except OSError as exc:
            raise ConfigError(f"Cannot read the list of places {file}: {exc.strerror}") from exc
        seen = _seen[where] = (time.monotonic(), file, mtime)
    return _load(seen[1], seen[2])


@cache
def _load(path: Path, mtime: int) -> dict[str, Place]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    places: dict[str, Place] = {}
    for entry in data.get("place", []):
        place = _place(entry, path)
        for name in (place.name, *place.aliases):
            if key(name) in places:
                raise ConfigError(f"{path}: the name {name!r} is listed twice")
            places[key(name)] = place
    for place in set(places.values()):
        parent = places.get(key(place.parent)) if place.parent else None
        if place.parent and (parent is None or LEVELS.index(parent.level) > LEVELS.index(place.level)):
            raise ConfigError(f"{path}: place {place.name!r} has parent {place.parent!r}, "
                              f"which is not a listed place at its level or coarser")
    return places


def _place(entry: dict, path: Path) -> Place:
    name = str(entry.get("name", "")).strip()
    try:
        place = Place(name, entry["level"], entry.get("country", name), float(entry["lat"]),
                      float(entry["lon"]), entry.get("parent"), _names(entry.get("aliases", ())))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: place {name!r} needs a name, level, lat and lon ({exc})") from exc
    if not name:
        raise ConfigError(f"{path}: a place has no name")
    if place.level not in LEVELS:
        raise ConfigError(f"{path}: place {name!r} has level {place.level!r}, not one of {', '.join(LEVELS)}")
    if not (-90 <= place.latitude <= 90 and -180 <= place.longitude <= 180):
        raise ConfigError(f"{path}: place {name!r} has lat {place.latitude}, lon {place.longitude}, "
                          f"outside -90..90 and -180..180")
    return place


def _names(value) -> tuple[str, ...]:
    # A lone alias written as a string is one name, not a list of letters.
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


def lookup(name: str | None, path: Path | str | None = None) -> Place | None:
    """The place with this name or alias (any case or accents), or None if the gazetteer does not know it."""
    return gazetteer(path).get(key(name))


def choices(path: Path | str | None = None) -> list[Place]:
    """Every place once, for a picker: countries first, then regions and towns, each A to Z."""
    unique = set(gazetteer(path).values())
    return sorted(unique, key=lambda p: (p.level != "country", key(p.name)))


def describe(place: Place) -> str:
    """A short label people read: "Turku (Southwest Finland, Finland)", "Finland (country)"."""
    if place.level == "country":
        return f"{place.name} (country)"
    within = ", ".join(dict.fromkeys(filter(None, (place.parent, place.country))))
    return f"{place.name} ({'region of ' if place.level == 'region' else ''}{within})"
