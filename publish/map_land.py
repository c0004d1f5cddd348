"""The map's land: Natural Earth's country outlines (publish/map/countries.json), drawn as SVG paths.

The outlines are vendored TopoJSON (publish/map/PROVENANCE.md says where from and how they were
made), read once per process. A drawing keeps only the countries in view, clips them to the
drawing, and drops points closer than a pixel, so a map of a region carries a few tens of KB of
paths, not the world's outlines; drawings are cached by their projection, since an archive's
places (and so its map's extent) change only when it is published again.
"""

from __future__ import annotations

import json
from functools import cache
from itertools import pairwise
from pathlib import Path

from publish.map_layout import Projection

OUTLINES = Path(__file__).with_name("map") / "countries.json"
#: Pixels beyond the edge that a clipped outline reaches, so its stroke along the cut is out of sight.
BLEED = 4.0
CACHED = 16  # drawings kept, by projection
_drawn: dict[tuple, tuple[str, ...]] = {}

Ring = list[tuple[float, float]]  # (lon, lat), first point repeated last
Polygon = tuple[tuple[float, float, float, float], list[Ring]]  # (west, south, east, north), rings


def decode_arcs(topology: dict) -> list[Ring]:
    """Every arc of a TopoJSON topology as absolute (lon, lat) points: it stores quantized deltas."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


@cache
def countries() -> list[list[Polygon]]:
    """Every country as its polygons, each with its bounding box and rings (the first is the outline,
    the others holes: lakes, enclaves)."""
    topology = json.loads(OUTLINES.read_text())
    arcs = decode_arcs(topology)
    result = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        result.append([_polygon([_ring(ring, arcs) for ring in rings]) for rings in polygons])
    return result


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    """A ring from its arcs: ~i is arc i backwards; each arc starts where the one before ended."""
    ring: Ring = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    # world-atlas's rings may cross the antimeridian (Russia's reaches Chukotka at -170°): keep
    # each ring whole, going on past 180° instead of jumping back to -180°.
    shift, unwrapped = 0.0, ring[:1]
    for (lon0, _), (lon, lat) in pairwise(ring):
        if abs(lon - lon0) > 180:
            shift += 360.0 if lon < lon0 else -360.0
        unwrapped.append((lon + shift, lat))
    return unwrapped


def _polygon(rings: list[Ring]) -> Polygon:
    lons, lats = [lon for lon, _ in rings[0]], [lat for _, lat in rings[0]]
    return (min(lons), min(lats), max(lons), max(lats)), rings


def land_paths(project: Projection) -> list[str]:
    """The ``d`` of one SVG path per country in view (fill it with fill-rule="evenodd": holes)."""
    key = project.key()
    if key not in _drawn:
        if len(_drawn) >= CACHED:
            del _drawn[next(iter(_drawn))]  # the oldest: an archive's extent rarely goes back
        _drawn[key] = _land_paths(project)
    return list(_drawn[key])


def _land_paths(project: Projection) -> tuple[str, ...]:
    south, north, west, east = project.bounds()
    box = (-BLEED, -BLEED, project.width + BLEED, project.height + BLEED)
    paths = []
    for polygons in countries():
        parts = []
        for (w, s, e, n), rings in polygons:
            # A ring unwrapped past ±180° may be in view once a turn of the globe round.
            for turn in (0.0, -360.0, 360.0):
                if e + turn < west or w + turn > east or n < south or s > north:
                    continue  # out of view: the commonest case, decided without projecting a point
                for ring in rings:
                    path = _path(_clip([project(lat, lon + turn) for lon, lat in ring], box))
                    if path:
                        parts.append(path)
        if parts:
            paths.append("".join(parts))
    return tuple(paths)


def _clip(points: list[tuple[float, float]], box: tuple[float, float, float, float]
          ) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the ring cut to the box, one edge of the box at a time.

    A concave outline may leave edges running along the box's side; they lie outside the drawing.
    """
    left, top, right, bottom = box
    for axis, limit, keep_below in ((0, left, False), (0, right, True), (1, top, False), (1, bottom, True)):
        if not points:
            break
        result = []
        prev = points[-1]
        for point in points:
            inside = point[axis] <= limit if keep_below else point[axis] >= limit
            prev_inside = prev[axis] <= limit if keep_below else prev[axis] >= limit
            if inside != prev_inside:
                t = (limit - prev[axis]) / (point[axis] - prev[axis])
                result.append((prev[0] + t * (point[0] - prev[0]), prev[1] + t * (point[1] - prev[1])))
            if inside:
                result.append(point)
            prev = point
        points = result
    return points


def _path(points: list[tuple[float, float]]) -> str | None:
    """A closed path in whole pixels, relative after the first point; None if under three pixels.

    Repeated pixels are dropped: at a continent's zoom most of an outline's points are.
    """
    pixels = []
    for x, y in points:
        pixel = (round(x), round(y))
        if not pixels or pixel != pixels[-1]:
            pixels.append(pixel)
    if len(pixels) < 3:
        return None
    (px, py), numbers = pixels[0], []
    for x, y in pixels[1:]:
        numbers += (x - px, y - py)
        px, py = x, y
    # A minus sign separates numbers as a space does: "3-2" is "3 -2", a byte shorter.
    moves = "".join(f"{n}" if n < 0 or not i else f" {n}" for i, n in enumerate(numbers))
    return f"M{pixels[0][0]} {pixels[0][1]}l{moves}z"
