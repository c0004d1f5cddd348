import re
import xml.etree.ElementTree as ET

import pytest
from datasette_client import datasette_get
from published import build, publish_story
from sqlite_utils.utils import sqlite3
from steps import save_analysis, save_transcript

from publish.maps import map_svg, place_clusters, unmapped_count
from stories import review
from stories.model import Analysis, Entity, Segment, Transcript

SVG = "{http://www.w3.org/2000/svg}"
TEXT = [(None, None, "The office was closed again.")]


@pytest.fixture
def archive(store, settings):
    """Four places at three levels, one unknown place, one story with no place, one not published."""
    for title, place in [("A", "Turku"), ("B", "turku"), ("C", "Turku"), ("D", "Finland"),
                         ("E", "Valencian Community"), ("F", "Our street"), ("G", "")]:
        publish_story(store, title, TEXT, place=place)
    publish_story(store, "Private", TEXT, consents={"publish": False}, place="Houten")
    build(store, settings)
    conn = sqlite3.connect(settings.archive_path)
    yield conn
    conn.close()


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    return root


def test_clusters_group_stories_by_the_point_of_their_place(archive):
    clusters = place_clusters(archive)
    assert [(c["name"], c["level"], c["count"]) for c in clusters] == [
        ("Turku", "city", 3), ("Finland", "country", 1), ("Valencian Community", "region", 1)]
    assert (round(clusters[0]["lat"], 2), round(clusters[0]["lon"], 2)) == (60.45, 22.27)
    assert unmapped_count(archive) == 2  # "Our street" and no place; the private story is not there at all


def test_a_place_mentioned_in_the_story_is_mapped_only_once_a_moderator_confirms_it(store, settings):
    story_id = store.create_story({"title": "Moved", "kind": "text", "place": ""}, {"publish": True})
    save_transcript(store, story_id, Transcript([Segment(0, "I moved to Leeds.")], "en", 1.0, 0.0, "w", ""),
                          "w", 0)
    save_analysis(store, story_id, Analysis([], [Entity("GPE", "Leeds", 0)], [], "v1"), "w", 0)
    review.approve(store, story_id, "mo")
    build(store, settings)
    # spaCy found "Leeds": a suggestion, never the story's place by itself.
    assert place_clusters(sqlite3.connect(settings.archive_path)) == []
    review.reopen(store, story_id, "mo")
    review.confirm_place(store, story_id, "Leeds", "mo")
    review.approve(store, story_id, "mo")
    build(store, settings)
    [cluster] = place_clusters(sqlite3.connect(settings.archive_path))
    assert (cluster["name"], cluster["level"], cluster["count"]) == ("Leeds", "city", 1)


def test_the_svg_has_a_linked_circle_per_place_and_no_tiles(archive):
    clusters = place_clusters(archive)
    svg = map_svg(clusters)
    root = parse(svg)
    assert root.get("role") == "group" and "3 places with 5 stories" in root.get("aria-label")
    assert root.find(f"{SVG}title").text
    links = root.findall(f"{SVG}a")
    assert len(list(root.iter(f"{SVG}circle"))) == len(links) == 3
    assert sorted(a.get("href") for a in links) == ["/search?place=Finland", "/search?place=Turku",
                                                   "/search?place=Valencian+Community"]
    titles = {a.find(f"{SVG}title").text for a in links}
    assert titles == {"Turku: 3 stories", "Finland: 1 story", "Valencian Community: 1 story"}
    assert "<image" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # Land under the circles: Spain and Finland are in view, each an outline of its own.
    land = root.find(f"{SVG}g[@class='land']")
    assert len(land.findall(f"{SVG}path")) >= 10 and all(p.get("d") for p in land)


def test_circles_grow_by_area_and_stay_inside_the_drawing(archive):
    radius = {}
    for a in parse(map_svg(place_clusters(archive), width=800, height=600)).findall(f"{SVG}a"):
        circle = a.find(f"{SVG}circle")
        r, x, y = (float(circle.get(k)) for k in ("r", "cx", "cy"))
        assert r <= x <= 800 - r and r <= y <= 600 - r
        radius[a.find(f"{SVG}title").text.split(":")[0]] = (r, x, y)
    assert radius["Turku"][0] > radius["Finland"][0] == radius["Valencian Community"][0]
    # North is up and east is right: Finland is north of Turku, Valencia south-west of both.
    assert radius["Finland"][2] < radius["Turku"][2] < radius["Valencian Community"][2]
    assert radius["Valencian Community"][1] < radius["Turku"][1]


@pytest.mark.parametrize("clusters", [
    [{"name": "Turku", "level": "city", "count": 1, "lat": 60.45, "lon": 22.27}],
    [{"name": "A & <B>", "level": "city", "count": 2, "lat": 0.0, "lon": 0.0},
     {"name": "A & <B>'s twin", "level": "city", "count": 1, "lat": 0.0, "lon": 0.0}],
    [],
])
def test_one_place_or_none_or_odd_names_still_make_a_sensible_map(clusters):
    root = parse(map_svg(clusters, width=400, height=300))
    circles = [[float(c.get(k)) for k in ("cx", "cy", "r")] for c in root.iter(f"{SVG}circle")]
    assert len(circles) == len(clusters)
    assert all(r < 50 for _, _, r in circles)
    # A lone place is centred, not stretched over the whole map; two at one point are moved apart,
    # to either side of it (the smaller further), each with a line back to the point.
    if len(circles) == 1:
        assert circles[0][:2] == [200, 150]
    if len(circles) == 2:
        (x1, y1, r1), (x2, y2, r2) = circles
        assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= r1 + r2
        assert (x1 - 200) * (x2 - 200) + (y1 - 150) * (y2 - 150) < 0
        assert len(root.find(f"{SVG}g[@class='leaders']")) >= 2


def test_the_map_page(archive, settings):
    page = datasette_get(settings, "/map").text
    assert "<svg" in page and 'role="group"' in page
    table = re.search(r'<table[^>]*id="places-table".*?</table>', page, re.S).group(0)
    assert re.findall(r'<a href="(/search\?place=[^"]+)"', table) == [
        "/search?place=Turku", "/search?place=Finland", "/search?place=Valencian+Community"]
    assert "town or city" in table and "Houten" not in page
    assert re.search(r'id="unmapped">2 published stories have no place on the map', page)


def test_the_map_page_of_an_archive_without_places(store, settings):
    publish_story(store, "Nowhere", TEXT)
    build(store, settings)
    page = datasette_get(settings, "/map").text
    assert "No published story has a place on the map yet." in page and "<svg" not in page
    assert "1 published story has no place on the map" in page
