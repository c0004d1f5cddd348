"""Remake publish/map/countries.json, the archive map's country outlines, from world-atlas.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python bench/map_outlines.py package/countries-50m.json [--tolerance 0.03]

world-atlas (ISC) is Natural Earth's 1:50m countries (public domain) as TopoJSON: 756 KB, more
detail than a map zoomed to a region needs. This keeps its topology (each border is one arc,
shared by the two countries it separates, so simplifying an arc moves both sides alike) and:
  - simplifies each arc with Douglas-Peucker, keeping its ends, to --tolerance degrees;
  - drops rings that collapse below a triangle (islands smaller than the tolerance);
  - quantizes to a grid of --step degrees and drops every property (names, ids): the map draws
    land, not labelled countries.
It prints the file's size, the arcs' points before and after, and the countries kept.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from publish.map_land import decode_arcs

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "publish" / "map" / "countries.json"


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iteratively; the ends always stay, so an arc still meets its neighbours."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    # Measured on the sinusoidal projection (x = lon·cos(lat)): near the pole a degree of
    # longitude is short, and the map draws it short, so it needs fewer points.
    points_xy = [(lon * math.cos(math.radians(lat)), lat) for lon, lat in points]
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points_xy[first], points_xy[last]
        length = math.hypot(bx - ax, by - ay)
        worst, worst_at = 0.0, -1
        for i in range(first + 1, last):
            px, py = points_xy[i]
            # A closed arc (a whole island) has both ends on one point: measure from that point.
            d = (abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length if length
                 else math.hypot(px - ax, py - ay))
            if d > worst:
                worst, worst_at = d, i
        if worst > tolerance:
            keep[worst_at] = True
            stack += [(first, worst_at), (worst_at, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_points(ring: list[int], arcs: list[list]) -> int:
    """How many distinct points a ring of arcs has (each arc's first point repeats the last one's)."""
    return sum(len(arcs[~i if i < 0 else i]) - 1 for i in ring)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="world-atlas's countries-50m.json")
    parser.add_argument("--tolerance", type=float, default=0.03, help="degrees (default 0.03)")
    parser.add_argument("--step", type=float, default=0.01, help="grid, degrees (default 0.01)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    topology = json.loads(args.source.read_text())
    arcs = [simplify(arc, args.tolerance) for arc in decode_arcs(topology)]
    geometries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = ([geometry["arcs"]] if geometry["type"] == "Polygon"
                    else geometry["arcs"] if geometry["type"] == "MultiPolygon" else [])
        kept = []
        for rings in polygons:
            if ring_points(rings[0], arcs) < 3:
                continue  # an island under the tolerance, and with it any lake inside it
            kept.append([rings[0], *(r for r in rings[1:] if ring_points(r, arcs) >= 3)])
        if kept:
            geometries.append({"type": "MultiPolygon", "arcs": kept})
    # Quantize: lon and lat on a grid of --step degrees from (-180, -90), as deltas.
    step = args.step
    encoded = []
    for arc in arcs:
        last = (0, 0)
        out = []
        for lon, lat in arc:
            q = (round((lon + 180) / step), round((lat + 90) / step))
            if out and q == last:
                continue
            out.append([q[0] - last[0], q[1] - last[1]])
            last = q
        encoded.append(out if len(out) > 1 else [*out, [0, 0]])  # an arc has two points at least
    result = {"type": "Topology", "transform": {"scale": [step, step], "translate": [-180, -90]},
              "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
              "arcs": encoded}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, separators=(",", ":")))
    before = sum(len(a) for a in topology["arcs"])
    print(f"{args.output}: {args.output.stat().st_size / 1024:.0f} KB, {len(geometries)} countries, "
          f"{before} points -> {sum(len(a) for a in encoded)} (tolerance {args.tolerance} degrees)")


if __name__ == "__main__":
    sys.exit(main())
