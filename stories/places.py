"""Places a teller can choose, with the level they chose and a point to map them at.

A gazetteer kept as data (``places.toml``), so a deployment can list its own
regions. A story is mapped at the point of the place the teller chose and
never finer: a teller who said "Finland" is drawn at Finland, not at a town
the story mentions.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_GAZETTEER = Path(__file__).with_name("places.toml")
LEVELS = ("country", "region", "city")


@dataclass(frozen=True)
class Place:
    """A named place at one level, with the point the archive's map draws it at."""

    name: str
    level: str
    country: str
    latitude: float
    longitude: float


@cache
def gazetteer(path: Path = DEFAULT_GAZETTEER) -> dict[str, Place]:
    """Places by lower-case name, from a ``[[place]]`` TOML list."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    places = {}
    for entry in data.get("place", []):
        place = Place(entry["name"], entry["level"], entry.get("country", entry["name"]),
                      float(entry["lat"]), float(entry["lon"]))
        if place.level not in LEVELS:
            raise ValueError(f"{path}: place {place.name!r} has level {place.level!r}, not one of {LEVELS}")
        places[place.name.casefold()] = place
    return places


def lookup(name: str | None, path: Path = DEFAULT_GAZETTEER) -> Place | None:
    """The place with this name (any case), or None if the gazetteer does not know it."""
    return gazetteer(path).get((name or "").strip().casefold())
