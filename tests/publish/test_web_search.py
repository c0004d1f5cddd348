"""The search page and the canned search queries, through Datasette's own client."""

import pytest
from datasette_client import datasette_get, datasette_get_all
from published import build, publish_story

from publish.search import fts_query


@pytest.fixture
def archive(store, settings):
    ids = {
        "list": publish_story(store, "Years on the list", [
            (0.0, 4.0, "We waited on the housing waiting list for three years."),
            (4.0, 9.0, "Housing officers never called back about the housing.")],
            tags=[("housing", 0, "housing"), ("housing", 1, "housing")], place="Turku"),
        "job": publish_story(store, "The job centre <b>helped</b>", [
            (None, None, "My job centre adviser helped me find work."),
            (None, None, "Our housing was fine by then.")],
            tags=[("employment", 0, "job centre"), ("housing", 1, "housing")], place="Finland",
            language="fi"),
        "quiet": publish_story(store, "A quiet story", [(0.0, 3.0, "Nothing about services here.")]),
    }
    build(store, settings)
    return ids


def test_ranked_search_with_highlighted_snippets_and_moments(settings, archive):
    html = datasette_get(settings, "/search?q=housing").text
    # The story that is most about housing comes first; the quiet one does not match at all.
    assert html.index("Years on the list") < html.index("The job centre")
    assert "A quiet story" not in html and "<strong>2</strong> stories match" in html
    assert "<mark>housing</mark>" in html.lower() or "<mark>Housing</mark>" in html
    assert f'href="/stories/{archive["list"]}#t=4"' in html  # the moment that matches, with its time
    assert "&lt;b&gt;helped&lt;/b&gt;" in html and "<b>helped</b>" not in html  # titles are escaped


def test_phrases_filters_and_facets(settings, archive):
    html = datasette_get(settings, '/search?q="waiting list"').text
    assert "<strong>1</strong> story matches" in html
    filtered = datasette_get(settings, "/search?q=housing&theme=employment").text
    assert "The job centre" in filtered and "Years on the list" not in filtered
    facets = datasette_get(settings, "/search?q=housing").text
    assert 'href="/search?q=housing&amp;language=fi"' in facets
    assert "Housing</a> <span class=\"muted\">(2)" in facets
    assert "Turku</a> <span class=\"muted\">(1)" in facets
    assert "<strong>1</strong> story" in datasette_get(settings, "/search?language=fi").text
    since = datasette_get(settings, "/search?q=housing&since=2000-01-01&place=Turku").text
    assert "<strong>1</strong> story" in since
    nothing = datasette_get(settings, "/search?q=housing&until=2000-01-01").text
    assert "<strong>0</strong> stories" in nothing
    # An empty result says what to try next, and keeps the words when the filters go.
    assert "search without the filters" in nothing and 'href="/search?q=housing"' in nothing
    assert 'href="/themes"' in nothing
    assert "search without the filters" not in datasette_get(settings, "/search?q=housing").text
    # Languages by name, in the menu, the facets and the results.
    assert '<option value="fi">Finnish</option>' in facets and ">fi<" not in facets


def test_what_people_type_never_breaks_the_search(settings, archive):
    for q in ('housing)', '"unbalanced', "NEAR(", "* OR", "AND", "%00", "hous%00ing", "%1B%5B"):
        assert datasette_get(settings, "/search?q=" + q).status_code == 200
    for page in ("9" * 30, "99999999999", "-3", "２", "1e9"):
        assert datasette_get(settings, f"/search?q=housing&page={page}").status_code == 200
    assert fts_query('housing "waiting list" serv* OR') == '"housing" "waiting list" "serv"*'
    assert fts_query("rent OR housing") == '"rent" OR "housing"'


def test_canned_queries_rank_and_cover_segments(settings, archive):
    rows = datasette_get(settings, "/archive/search.json?q=housing&_shape=array").json()
    assert [r["id"] for r in rows] == [archive["list"], archive["job"]]
    moments = datasette_get(settings, "/archive/search_segments.json?q=officers&_shape=array").json()
    assert [(m["story_id"], m["start"]) for m in moments] == [(archive["list"], 4.0)]


def test_datasette_pages_still_work_after_an_archive_page_on_the_same_connection(settings, archive):
    # One SQL thread, so the facet query reuses the connection the search page borrowed.
    after = datasette_get_all(settings, ["/search?q=housing", "/archive/stories.json?_facet=language"])[1]
    assert {"fi", "en"} <= {f["value"] for f in after.json()["facet_results"]["language"]["results"]}


def test_common_words_rank_among_the_newest_matches(settings, archive, monkeypatch):
    from sqlite_utils.utils import sqlite3

    from publish import search as search_module

    monkeypatch.setattr(search_module, "WINDOW", 1)
    conn = sqlite3.connect(settings.archive_path)
    conn.row_factory = sqlite3.Row
    result = search_module.search(conn, "housing")
    assert result.total == 2 and result.windowed  # every match is counted...
    assert [s["id"] for s in result.stories] == [archive["job"]]  # ...the newest is ranked
    assert sum(n for _, n in result.facets["language"]) == 1
    assert search_module.search(conn, "housing", language="fi").total == 1
    monkeypatch.setattr(search_module, "WINDOW", 10)
    assert not search_module.search(conn, "housing").windowed
