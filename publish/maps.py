"""The archive's map: published stories grouped by their place, drawn as an inline SVG.

No tiles and no geocoder (the archive may run without a network): each place
is a circle at the point the archive already holds for it. That point comes
from the place the teller chose (or a moderator confirmed, when the teller gave
none), at the level they chose, so the map is never more precise than they were.
"""

from __future__ import annotations

import math
from collections import Counter
from html import escape
from urllib.parse import urlencode

from publish.traces import sqlite3

#: Radii in pixels: the smallest circle stays clickable; the largest leaves room for the others.
MIN_RADIUS = 7.0
#: Degrees of latitude shown at least, so one place alone sits in its surroundings, not filling the map.
MIN_SPAN = 6.0
MARGIN = 0.12  # of the places' span, on every side
GRATICULE_STEPS = (1, 2, 5, 10, 20, 30)


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


def stories(count: int) -> str:
    """"1 story", "3 stories"."""
    return f"{count} {'story' if count == 1 else 'stories'}"


class Projection:
    """Equirectangular, fitted to the places' bounding box: x = lon·cos(middle latitude), y = −lat."""

    def __init__(self, clusters: list[dict], width: int, height: int, pad: float):
        lats, lons = [c["lat"] for c in clusters] or [0.0], [c["lon"] for c in clusters] or [0.0]
        self.k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        x0, x1 = min(lons) * self.k, max(lons) * self.k
        y0, y1 = -max(lats), -min(lats)
        # At least MIN_SPAN each way, plus a margin, so circles near the edge stay whole.
        span_x = max(x1 - x0, MIN_SPAN) * (1 + 2 * MARGIN)
        span_y = max(y1 - y0, MIN_SPAN) * (1 + 2 * MARGIN)
        self.scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
        self.cx, self.cy = (x0 + x1) / 2, (y0 + y1) / 2
        self.width, self.height = width, height

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return (self.width / 2 + (lon * self.k - self.cx) * self.scale,
                self.height / 2 + (-lat - self.cy) * self.scale)

    def bounds(self) -> tuple[float, float, float, float]:
        """South, north, west and east edges of the drawing, in degrees."""
        half_x, half_y = self.width / 2 / self.scale, self.height / 2 / self.scale
        return (-(self.cy + half_y), -(self.cy - half_y),
                (self.cx - half_x) / self.k, (self.cx + half_x) / self.k)


def _graticule(project: Projection) -> list[str]:
    """Faint lines every few degrees, labelled: the only background, to tell north and distance by."""
    south, north, west, east = project.bounds()
    step = next((s for s in GRATICULE_STEPS if (north - south) / s <= 8), GRATICULE_STEPS[-1])
    lines, marks = [], []
    for lat in range(math.ceil(south / step) * step, math.floor(north / step) * step + 1, step):
        y = project(lat, 0)[1]
        lines.append(f'<line x1="0" y1="{y:.1f}" x2="{project.width}" y2="{y:.1f}"/>')
        marks.append(f'<text x="4" y="{y - 3:.1f}">{_degrees(lat, "NS")}</text>')
    for lon in range(math.ceil(west / step) * step, math.floor(east / step) * step + 1, step):
        x = project(0, lon)[0]
        lines.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{project.height}"/>')
        marks.append(f'<text x="{x + 3:.1f}" y="{project.height - 4}">{_degrees(lon, "EW")}</text>')
    return ['<g stroke="#c9d6e0" stroke-width="1">', *lines, "</g>",
            '<g font-size="11" fill="#5d6d7a">', *marks, "</g>"]


def _degrees(value: int, hemispheres: str) -> str:
    return f"{abs(value)}°{'' if value == 0 else hemispheres[value < 0]}"


def map_svg(clusters: list[dict], width: int = 800, height: int = 600) -> str:
    """An accessible SVG map: a circle per place (its area grows with its stories), linked to search.

    Screen readers get one image with a summary; the page's table holds the same places as links.
    """
    total = sum(c["count"] for c in clusters)
    summary = (f"Map of {len(clusters)} place{'' if len(clusters) == 1 else 's'} with {stories(total)}"
               if clusters else "Map: no published story has a place on the map yet")
    max_radius = max(MIN_RADIUS * 2, min(width, height) / 16)
    project = Projection(clusters, width, height, pad=max_radius)
    top = max((c["count"] for c in clusters), default=1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(summary)}" class="story-map" '
             'font-family="system-ui, sans-serif">',
             "<title>Where the stories come from</title>",
             f"<desc>{escape(summary)}. Each circle is a place, as precise as its tellers chose; "
             "its area grows with the number of stories.</desc>",
             '<rect width="100%" height="100%" fill="#eef3f7"/>', *_graticule(project)]
    if not clusters:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="18" '
                     'fill="#333">No story has a place on the map yet.</text>')
    # Largest first, so a small place drawn near a big one stays on top and clickable.
    drawn = []
    for cluster in sorted(clusters, key=lambda c: (-c["count"], c["name"])):
        x, y = project(cluster["lat"], cluster["lon"])
        # Area, not radius, grows with the count, so a place with twice the stories looks twice as big.
        r = math.sqrt(MIN_RADIUS ** 2 + (max_radius ** 2 - MIN_RADIUS ** 2) * cluster["count"] / top)
        drawn.append((cluster, x, y, r))
    taken: list[tuple[float, float, float, float]] = []
    labels = []
    for i, (cluster, x, y, r) in enumerate(drawn):
        name, count = escape(cluster["name"]), cluster["count"]
        font = max(10.0, min(r, 20.0))
        # A smaller circle on top of this one's centre would hide its number: the name carries it.
        hidden = any(math.dist((x, y), (ox, oy)) < orr + font * 0.6 for _, ox, oy, orr in drawn[i + 1:])
        # tabindex=-1: the image is one picture to assistive technology; the table's links are reachable.
        parts += [f'<a href="{escape(search_url(cluster["name"]))}" tabindex="-1">',
                  f"<title>{name}: {stories(count)}</title>",
                  f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#1f5f8b" fill-opacity="0.7" '
                  'stroke="#0d3550" stroke-width="1.5"/>']
        if not hidden:
            parts.append(f'<text x="{x:.1f}" y="{y + font * 0.35:.1f}" text-anchor="middle" '
                         f'font-size="{font:.0f}" font-weight="bold" fill="#fff">{count}</text>')
        parts.append("</a>")
        label = f"{cluster['name']} ({count})" if hidden else cluster["name"]
        labels.append(_place_label(label, x, y, r, width, taken))
    # Names on top of every circle; clicks pass through them to the circles.
    parts += ['<g font-size="13" fill="#1a1a1a" stroke="#fff" stroke-width="3" paint-order="stroke" '
              'pointer-events="none">', *filter(None, labels), "</g>", "</svg>"]
    return "\n".join(parts)


def _place_label(name: str, x: float, y: float, r: float, width: int, taken: list) -> str | None:
    """The place's name beside its circle, on whichever side is free; none if both would overlap."""
    font, w = 13.0, 7.2 * len(name) + 4  # a generous estimate of the text's width
    for anchor, left in (("start", x + r + 3), ("end", x - r - 3 - w)):
        box = (left, y - font, left + w, y + 4)
        if box[0] < 0 or box[2] > width or any(_overlaps(box, other) for other in taken):
            continue
        taken.append(box)
        tx = left if anchor == "start" else left + w
        return f'<text x="{tx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">{escape(name)}</text>'
    return None


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
