"""The map's geometry: the zoom fits the places, circles never overlap or leave the drawing, and the
land is cut to the drawing."""

import math
import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.map_land import BLEED, countries, land_paths
from publish.map_layout import Projection, radii, spread
from publish.maps import map_svg

SVG = "{http://www.w3.org/2000/svg}"
TURKU, VALENCIA, NICOSIA, REYKJAVIK = (60.45, 22.27), (39.47, -0.38), (35.17, 33.36), (64.15, -21.94)

#: Places: often on a few shared points (a town, its region and its country close by or on one point).
POINTS = st.one_of(st.sampled_from([TURKU, VALENCIA, NICOSIA, (60.45, 22.3), (60.5, 22.27)]),
                   st.tuples(st.floats(-60, 75), st.floats(-179, 179)))
CLUSTERS = st.lists(st.tuples(POINTS, st.integers(1, 500)), max_size=40)
SIZES = st.sampled_from([(800, 600), (400, 300), (360, 270)])
#: Derandomized, as the project's other property tests: a run in CI is a run here.
BOUNDED = settings(max_examples=60, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])


def circles(svg: str) -> list[tuple[float, float, float]]:
    root = ET.fromstring(svg)
    return [tuple(float(c.get(k)) for k in ("cx", "cy", "r")) for c in root.iter(f"{SVG}circle")]


@BOUNDED
@given(CLUSTERS, SIZES)
def test_circles_stay_inside_the_drawing_and_never_overlap(places, size):
    width, height = size
    clusters = [{"name": f"P{i}", "level": "city", "count": count, "lat": lat, "lon": lon}
                for i, ((lat, lon), count) in enumerate(places)]
    drawn = circles(map_svg(clusters, width, height))
    assert len(drawn) == len(clusters)
    for x, y, r in drawn:
        assert r > 0 and r <= x <= width - r and r <= y <= height - r
    for i, (x1, y1, r1) in enumerate(drawn):
        for x2, y2, r2 in drawn[i + 1:]:
            # Touching is not overlapping; 1e-9 absorbs float error in the SVG's rounded numbers.
            assert math.dist((x1, y1), (x2, y2)) >= r1 + r2 - 1e-9


@BOUNDED
@given(st.lists(POINTS, min_size=1, max_size=40), SIZES)
def test_the_extent_holds_every_place_with_a_margin(points, size):
    project = Projection(points, *size, pad=20)
    south, north, west, east = project.bounds()
    for lat, lon in points:
        assert south < lat < north and west < lon < east
        x, y = project(lat, lon)
        assert 20 <= x <= size[0] - 20 and 20 <= y <= size[1] - 20


def test_one_place_is_shown_in_its_region_and_places_across_europe_show_europe():
    south, north, west, east = Projection([TURKU], 800, 600, pad=37).bounds()
    assert 6 < north - south < 12 and 10 < east - west < 30  # south Finland, not the world
    south, north, west, east = Projection([TURKU, VALENCIA, NICOSIA, REYKJAVIK], 800, 600, pad=37).bounds()
    assert south < 35 and north > 64.5 and west < -22 and east > 33
    assert north - south < 50 and east - west < 110  # Europe, not the world


def test_circles_move_only_as_far_as_they_must():
    # Two apart already stay where they are; two on one point part along a line through it.
    placed, sizes = spread([(100, 100), (300, 100)], [20, 10], 400, 300)
    assert placed == [(100, 100), (300, 100)] and sizes == [20, 10]
    placed, sizes = spread([(200, 150), (200, 150)], [20, 20], 400, 300)
    assert math.dist(*placed) >= 40 and math.dist(*placed) < 42
    assert math.isclose((placed[0][0] + placed[1][0]) / 2, 200) and sizes == [20, 20]


def test_circles_are_sized_by_area_and_shrink_when_there_are_many():
    one, two, four = radii([1, 2, 4], 800, 600)
    assert one < two < four and math.isclose(four, 600 / 16)
    assert max(radii([4] * 150, 800, 600)) < 600 / 16


def absolute_points(d: str) -> list[tuple[int, int]]:
    """The pixels a land path visits: each subpath is "Mx yl dx dy dx dy ... z"."""
    points = []
    for x, y, moves in re.findall(r"M(-?\d+) (-?\d+)l([-\d ]*)z", d):
        x, y = int(x), int(y)
        points.append((x, y))
        numbers = [int(n) for n in re.findall(r"-?\d+", moves)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_land_is_cut_to_the_drawing():
    project = Projection([TURKU, VALENCIA], 800, 600, pad=37)
    paths = land_paths(project)
    assert len(paths) > 30  # Europe's countries
    for d in paths:
        assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]*z)+", d)
        for x, y in absolute_points(d):
            assert -BLEED - 1 <= x <= 800 + BLEED + 1 and -BLEED - 1 <= y <= 600 + BLEED + 1
    # Turku alone: Finland, Sweden, Estonia... and sea between them, not all land.
    assert 3 <= len(land_paths(Projection([TURKU], 800, 600, pad=37))) < 15


def test_outlines_cross_the_antimeridian_without_a_jump():
    for polygons in countries():
        for _, rings in polygons:
            for ring in rings:
                assert all(abs(a[0] - b[0]) < 180 for a, b in zip(ring, ring[1:], strict=False))
