"""Where the map looks and where its circles go: the projection fitted to the places, and circles
sized by their stories and nudged apart until none overlaps another or the edge."""

from __future__ import annotations

import math

#: Radii in pixels: the smallest circle stays clickable; the largest leaves room for the others.
MIN_RADIUS = 7.0
#: Degrees of latitude shown at least, so one place alone sits in its region, not filling the map.
MIN_SPAN = 6.0
MARGIN = 0.12  # of the places' span, on every side
#: The share of the map the circles may cover together, before they shrink to leave the land visible.
CIRCLE_SHARE = 0.12
GAP = 1.0  # pixels kept between two circles
ROUNDS, SHRINK = 60, 0.85


class Projection:
    """Equirectangular, fitted to the places' bounding box: x = lon·cos(middle latitude), y = −lat.

    Scaling longitude by the cosine of the middle latitude keeps shapes near that latitude true: a
    map of Europe is not stretched sideways, as a plain latitude/longitude grid is.
    """

    def __init__(self, points: list[tuple[float, float]], width: int, height: int, pad: float):
        lats, lons = [lat for lat, _ in points] or [0.0], [lon for _, lon in points] or [0.0]
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

    def key(self) -> tuple[float, ...]:
        """What the drawing depends on: two projections with one key draw the same land."""
        return (self.k, self.scale, self.cx, self.cy, self.width, self.height)


def radii(counts: list[int], width: int, height: int) -> list[float]:
    """A radius per count: the area, not the radius, grows with the count, so twice the stories
    look twice as big; the largest is at most a sixteenth of the map, less when there are many."""
    if not counts:
        return []
    top, total = max(counts), sum(counts)
    largest = max(MIN_RADIUS * 2, min(width, height) / 16)
    # All circles together cover at most CIRCLE_SHARE of the map, as far as MIN_RADIUS allows.
    room = CIRCLE_SHARE * width * height / math.pi - len(counts) * MIN_RADIUS ** 2
    largest_sq = min(largest ** 2, MIN_RADIUS ** 2 + max(room, 0.0) * top / total)
    return [math.sqrt(MIN_RADIUS ** 2 + (largest_sq - MIN_RADIUS ** 2) * c / top) for c in counts]


def spread(centres: list[tuple[float, float]], sizes: list[float], width: int, height: int
           ) -> tuple[list[tuple[float, float]], list[float]]:
    """Circles moved as little as they need to overlap no other and stay inside the drawing.

    Each round pushes every overlapping pair apart along the line between them (the smaller
    circle moves more) and back inside the edges. If they still overlap after ROUNDS rounds,
    every circle shrinks a little and they start again from their places, so it always ends.
    """
    sizes, gap = list(sizes), GAP
    while True:
        placed = _relax(centres, sizes, gap, width, height)
        if placed is not None:
            return placed, sizes
        # The gap shrinks too: circles near nothing in size always find room.
        sizes, gap = [r * SHRINK for r in sizes], gap * SHRINK


def _relax(centres, sizes, gap, width, height) -> list[tuple[float, float]] | None:
    xy = [list(_inside(x, y, r, width, height)) for (x, y), r in zip(centres, sizes, strict=True)]
    # Sorted by x, a pair further apart than the two largest circles cannot overlap.
    reach = 2 * max(sizes, default=0.0) + gap
    for _ in range(ROUNDS):
        moved = False
        order = sorted(range(len(xy)), key=lambda i: xy[i][0])
        for a, i in enumerate(order):
            for j in order[a + 1:]:
                if xy[j][0] - xy[i][0] >= reach:
                    break
                moved |= _push(xy, sizes, gap, i, j)
        for p, r in zip(xy, sizes, strict=True):
            p[0], p[1] = _inside(p[0], p[1], r, width, height)
        if not moved:
            return [(x, y) for x, y in xy]
    return None


def _push(xy: list[list[float]], sizes: list[float], gap: float, i: int, j: int) -> bool:
    """Push circles i and j apart if they overlap; say whether they did."""
    dx, dy = xy[j][0] - xy[i][0], xy[j][1] - xy[i][1]
    distance = math.hypot(dx, dy)
    overlap = sizes[i] + sizes[j] + gap - distance
    if overlap <= 0:
        return False
    if distance < 1e-9:
        # One point for two places (a town and its region): part them in a direction of their own.
        angle = (i * 7 + j * 3) * 2.399963  # the golden angle spreads repeats around
        dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
    # A small step past touching, so the pair is clear of each other after rounding.
    share = sizes[i] ** 2 / (sizes[i] ** 2 + sizes[j] ** 2)
    step = (overlap + 0.01) / distance
    xy[i][0] -= dx * step * (1 - share)
    xy[i][1] -= dy * step * (1 - share)
    xy[j][0] += dx * step * share
    xy[j][1] += dy * step * share
    return True


def _inside(x: float, y: float, r: float, width: int, height: int) -> tuple[float, float]:
    # Half a pixel inside the edge, so rounding to tenths never puts a circle over it.
    edge = r + 0.5
    return (min(max(x, edge), width - edge), min(max(y, edge), height - edge))
