"""The map page in real Chromium on a phone: land drawn, circles apart and inside, nothing scrolls
sideways, no axe violation and no CSP violation."""

import math

import pytest
from axe import horizontal_overflow, report, scan
from browser import archive_server, csp_violations, watch_csp
from published import build, publish_story

TEXT = [(None, None, "The office was closed again.")]
#: Close together (Helsinki and Espoo, Turku and its region) and far apart (Valencia): Europe.
PLACES = ["Turku", "Turku", "Turku", "Southwest Finland", "Helsinki", "Espoo", "Tallinn",
          "Valencian Community", "Valencia"]

#: The map's drawing as the phone shows it: the land's paths and the circles, in page pixels.
DRAWN = """() => {
  const svg = document.querySelector("svg.story-map");
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const land = [...svg.querySelectorAll("g.land path")];
  return {
    svg: box(svg.getBoundingClientRect()),
    land: box(svg.querySelector("g.land").getBoundingClientRect()),
    paths: land.length, empty: land.filter(p => !p.getAttribute("d")).length,
    circles: [...svg.querySelectorAll("a circle")].map(c => {
      const r = c.getBoundingClientRect();
      return {x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2, r: r.width / 2,
              name: c.closest("a").querySelector("title").textContent,
              href: c.closest("a").getAttribute("href")};
    }),
  };
}"""


@pytest.fixture
def map_url(store, settings):
    """A real `datasette serve` on an archive with stories from six places in two corners of Europe."""
    for i, place in enumerate(PLACES):
        publish_story(store, f"Story {i}", TEXT, place=place)
    build(store, settings)
    settings.published_dir.mkdir(parents=True, exist_ok=True)  # no recordings, but `stories serve` makes it
    with archive_server(settings) as url:
        yield url


def test_the_map_draws_land_and_circles_apart_on_a_phone(browser, map_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    console = watch_csp(page)
    try:
        assert csp_violations(page, map_url + "/map", console) == []
        page.wait_for_load_state("load")
        assert horizontal_overflow(page) == 0
        drawn = page.evaluate(DRAWN)
        svg = drawn["svg"]
        assert 0 <= svg["left"] and svg["right"] <= 360
        # Land: an outline per country in view (Finland, Estonia, Spain, Sweden...), none empty,
        # cut to the map, which is inside the screen.
        assert drawn["paths"] >= 10 and drawn["empty"] == 0
        land = drawn["land"]
        assert land["right"] - land["left"] > 0.9 * (svg["right"] - svg["left"])
        assert svg["left"] - 3 <= land["left"] and land["right"] <= svg["right"] + 3
        # A circle per place, inside the map, none over another, each a named link to its stories.
        circles = drawn["circles"]
        assert len(circles) == len(set(PLACES))
        for c in circles:
            assert svg["left"] <= c["x"] - c["r"] + 0.5 and c["x"] + c["r"] - 0.5 <= svg["right"]
            assert svg["top"] <= c["y"] - c["r"] + 0.5 and c["y"] + c["r"] - 0.5 <= svg["bottom"]
            assert c["href"].startswith("/search?place=") and ":" in c["name"]
        for i, a in enumerate(circles):
            for b in circles[i + 1:]:
                assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= a["r"] + b["r"] - 0.5, (a, b)
        assert "Turku: 3 stories" in [c["name"] for c in circles]
        # The same places, as a table, for screen readers and keyboards.
        assert page.locator("#places-table tbody tr").count() == len(set(PLACES))
        found = scan(page, "/map")
        assert found == [], report(found)
    finally:
        context.close()
