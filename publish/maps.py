"""The archive's map: published stories grouped by their place, drawn as an inline SVG.

No tiles and no geocoder (the archive may run without a network): each place
is a circle at the point the archive already holds for it. That point comes
from the place the teller chose (or a moderator confirmed, when the teller gave
none), at the level they chose, so the map is never more precise than they were.
The land under the circles is Natural Earth's country outlines, vendored
(publish/map_land.py), so the map is drawn whole on the server.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from gettext import NullTranslations
from html import escape
from urllib.parse import urlencode

from publish.map_land import land_paths
from publish.map_layout import MIN_RADIUS, Projection, radii, spread
from publish.traces import sqlite3

#: The map's colours: sea behind, land in front, borders a light line, circles the archive's blue.
SEA, LAND, BORDER, CIRCLE, CIRCLE_EDGE = "#d7e6f0", "#f6f3ec", "#c3baa8", "#1f5f8b", "#0d3550"

def place_clusters(conn: sqlite3.Connection) -> list[dict]:
    """One entry per mapped point: ``name``, ``level``, ``count``, ``lat``, ``lon``; most stories first.

    Stories are grouped by their point and level, so "turku" and "Turku" make one circle; the
    name is the spelling most of its stories use (the one a link to the search finds most of).
    """
    rows = conn.execute("select place, place_level, latitude, longitude, count(*) from stories "
                        "where latitude is not null and longitude is not null "
                        "group by place, place_level, latitude, longitude").fetchall()
    groups: dict[tuple, Counter] = {}
    for place, level, lat, lon, count in rows:
        groups.setdefault((level, lat, lon), Counter())[place] += count
    clusters = [{"name": min(names, key=lambda n: (-names[n], n)), "level": level,
                 "count": sum(names.values()), "lat": lat, "lon": lon}
                for (level, lat, lon), names in groups.items()]
    return sorted(clusters, key=lambda c: (-c["count"], c["name"]))


def unmapped_count(conn: sqlite3.Connection) -> int:
    """Published stories the map cannot show: no place, or one the list of places does not know."""
    sql = "select count(*) from stories where latitude is null or longitude is null"
    return conn.execute(sql).fetchone()[0]


def search_url(name: str) -> str:
    """The search page filtered to this place."""
    return "/search?" + urlencode({"place": name})


#: The map's words as written (English), when no page language is given.
ENGLISH = NullTranslations()


def stories(count: int, words: NullTranslations = ENGLISH) -> str:
    """"1 story", "3 stories" (in the language of ``words``, the page's catalogue)."""
    return words.ngettext("%(num)d story", "%(num)d stories", count) % {"num": count}


def map_svg(clusters: list[dict], width: int = 800, height: int = 600,
            words: NullTranslations = ENGLISH) -> str:
    """An accessible SVG map: land, and a circle per place (its area grows with its stories) linked to
    search, zoomed to the places and with no two circles overlapping.

    A group with a summary for screen readers, each circle a link named by its <title>; the page's
    table holds the same places as links too. ``words`` is the catalogue of the page's language.
    """
    # Cached: the places change only when the archive is published again, and moving a hundred
    # circles apart takes tens of milliseconds.
    return _map_svg(tuple((c["name"], c["level"], c["count"], c["lat"], c["lon"]) for c in clusters),
                    width, height, words)


@lru_cache(maxsize=8)
def _map_svg(places: tuple[tuple, ...], width: int, height: int, words: NullTranslations = ENGLISH) -> str:
    clusters = [dict(zip(("name", "level", "count", "lat", "lon"), place, strict=True)) for place in places]
    total = sum(c["count"] for c in clusters)
    summary = (words.ngettext("Map of %(num)d place with %(stories)s",
                              "Map of %(num)d places with %(stories)s",
                              len(clusters)) % {"num": len(clusters), "stories": stories(total, words)}
               if clusters else words.gettext("Map: no published story has a place on the map yet"))
    # Largest first, so a small place drawn near a big one stays on top and clickable.
    ordered = sorted(clusters, key=lambda c: (-c["count"], c["name"]))
    sizes = radii([c["count"] for c in ordered], width, height)
    project = Projection([(c["lat"], c["lon"]) for c in ordered], width, height,
                         pad=max(sizes, default=MIN_RADIUS))
    points = [project(c["lat"], c["lon"]) for c in ordered]
    centres, sizes = spread(points, sizes, width, height)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="group" aria-label="{escape(summary)}" class="story-map" '
             'font-family="system-ui, sans-serif">',
             "<title>" + escape(words.gettext("Where the stories come from")) + "</title>",
             f"<desc>{escape(summary)}. " + escape(words.gettext(
                 "Each circle is a place, as precise as its tellers chose; its area grows with the number of "
                 "stories. Circles close together are moved apart, with a line to their place.")) + "</desc>",
             f'<rect width="100%" height="100%" fill="{SEA}"/>',
             f'<g class="land" fill="{LAND}" fill-rule="evenodd" stroke="{BORDER}" stroke-width="0.8" '
             'stroke-linejoin="round">', *(f'<path d="{d}"/>' for d in land_paths(project)), "</g>"]
    if not clusters:
        empty = escape(words.gettext("No story has a place on the map yet."))
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="18" '
                     f'fill="#333">{empty}</text>')
    parts += _leaders(points, centres, sizes)
    # A name goes where it covers no circle, no other name and not the credit in the corner.
    taken = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(centres, sizes, strict=True)]
    taken.append((width - 130, height - 18, width, height))
    labels = [f'<text x="{width - 4}" y="{height - 5}" text-anchor="end" font-size="11" fill="#4a4a4a">'
              + escape(words.gettext("Land: Natural Earth")) + "</text>"]
    for cluster, (x, y), r in zip(ordered, centres, sizes, strict=True):
        name, count = escape(cluster["name"]), cluster["count"]
        font = max(10.0, min(r, 20.0))
        # A circle too small for its number (many places, so all shrank) gives it to its name.
        hidden = r < 8
        # A link in the tab order: a map of links may not be an image (axe: nested-interactive).
        parts += [f'<a href="{escape(search_url(cluster["name"]))}">',
                  f"<title>{name}: {escape(stories(count, words))}</title>",
                  f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{CIRCLE}" fill-opacity="0.75" '
                  f'stroke="{CIRCLE_EDGE}" stroke-width="1.5"/>']
        if not hidden:
            parts.append(f'<text x="{x:.1f}" y="{y + font * 0.35:.1f}" text-anchor="middle" '
                         f'font-size="{font:.0f}" font-weight="bold" fill="#fff">{count}</text>')
        parts.append("</a>")
        label = f"{cluster['name']} ({count})" if hidden else cluster["name"]
        labels.append(_place_label(label, x, y, r, width, height, taken))
    # Names on top of every circle; clicks pass through them to the circles.
    parts += ['<g font-size="13" fill="#1a1a1a" stroke="#fff" stroke-width="3" paint-order="stroke" '
              'pointer-events="none">', *filter(None, labels), "</g>", "</svg>"]
    return "\n".join(parts)


def _leaders(points: list, centres: list, sizes: list) -> list[str]:
    """A dot at each moved circle's own place, and a line from it to the circle's edge."""
    lines = []
    for (px, py), (x, y), r in zip(points, centres, sizes, strict=True):
        distance = math.dist((px, py), (x, y))
        if distance <= r * 0.5:
            continue  # still over its place: no line needed
        ex, ey = x + (px - x) * r / distance, y + (py - y) * r / distance
        if distance > r:
            lines.append(f'<path d="M{px:.1f} {py:.1f}L{ex:.1f} {ey:.1f}"/>')
        # A path of no length with round ends is a dot, in the circles' own colour.
        lines.append(f'<path stroke-width="5" d="M{px:.1f} {py:.1f}h0"/>')
    if not lines:
        return []
    return [f'<g class="leaders" fill="none" stroke="{CIRCLE_EDGE}" stroke-width="1.2" '
            'stroke-linecap="round" pointer-events="none">', *lines, "</g>"]


def _place_label(name: str, x: float, y: float, r: float, width: int, height: int,
                 taken: list) -> str | None:
    """The place's name beside its circle (right, left, below or above, whichever is free first);
    none if every side would cover another circle or name."""
    font, w = 13.0, 7.2 * len(name) + 4  # a generous estimate of the text's width
    # Each side: the text's anchor, its x, and its baseline.
    for anchor, tx, base in (("start", x + r + 3, y + 4), ("end", x - r - 3, y + 4),
                             ("middle", x, y + r + font + 1), ("middle", x, y - r - 4)):
        left = {"start": tx, "end": tx - w, "middle": tx - w / 2}[anchor]
        box = (left, base - font, left + w, base + 4)
        if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height \
                or any(_overlaps(box, other) for other in taken):
            continue
        taken.append(box)
        return f'<text x="{tx:.1f}" y="{base:.1f}" text-anchor="{anchor}">{escape(name)}</text>'
    return None


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
