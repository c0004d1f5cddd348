import json

import pytest
from sqlite_utils.utils import sqlite3
from theme_archive import HIDDEN_F, NO_QUOTE_C, OTHER_A, QUOTE_A, QUOTE_B, SHORT_D, build_theme_archive

from publish.charts import chart_svg, describe
from publish.theme_report import BadFilter, fill_months, theme_report

BASE = "https://archive.example.org"


@pytest.fixture
def archive(store, settings):
    ids = build_theme_archive(store, settings)
    conn = sqlite3.connect(f"file:{settings.archive_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn, ids
    conn.close()


def report(conn, theme="housing", **kwargs):
    return theme_report(conn, theme, BASE, "Stories archive", **kwargs)


def test_unknown_theme_is_none(archive):
    conn, _ = archive
    assert report(conn, "nope") is None


def test_counts_months_places_and_codebook(archive):
    conn, _ = archive
    r = report(conn)
    assert r.theme["label"] == "Housing" and r.theme["group"] == "service-area"
    assert r.codebook_name == "CoSIE co-creation" and r.codebook_version
    assert "council flat" in r.phrases["en"]
    # A, B, C, D carry housing; F was never approved. Segments: A twice, B, C, D once each.
    assert (r.story_count, r.segment_count, r.quotable_count) == (4, 5, 3)
    assert r.by_month == [("2026-01", 1), ("2026-02", 1), ("2026-03", 2)]
    assert r.places == [("Hull", 2), ("Leeds", 2)]
    assert (r.first_date, r.last_date) == ("2026-01-10", "2026-03-20")
    assert r.all_places == ["Hull", "Leeds"]


def test_co_occurring_themes(archive):
    conn, _ = archive
    assert [(t["id"], t["label"], t["count"]) for t in report(conn).co_themes] == [
        ("employment", "Employment", 2), ("health", "Health", 2)]
    # E (employment only) is not a housing story, so it adds nothing to housing's neighbours;
    # from employment's side, housing comes up in A and B.
    employment = report(conn, "employment")
    assert employment.story_count == 3
    assert [(t["id"], t["count"]) for t in employment.co_themes] == [("housing", 2), ("health", 1)]


def test_quotes_only_from_quotable_stories(archive):
    conn, ids = archive
    r = report(conn)
    said = [q.sentence for q in r.quotes]
    # C is the strongest housing story, but its teller did not agree to be quoted.
    assert not any("zebra" in s for s in said) and ids["C"] not in {q.story["id"] for q in r.quotes}
    assert NO_QUOTE_C not in json.dumps([q.citations for q in r.quotes])
    assert not any("quokka" in s for s in said) and HIDDEN_F not in said
    # One per story; quote-length sentences first, stronger stories first (A has strength 2);
    # D's only sentence is short, so it comes last.
    assert said == [QUOTE_A, QUOTE_B, SHORT_D] and OTHER_A not in said
    assert len({q.story["id"] for q in r.quotes}) == len(r.quotes)


def test_quote_start_permalink_and_citations(archive):
    conn, ids = archive
    first, second = report(conn).quotes[:2]
    assert first.start == 83.4 and first.timecode == "1:23"
    assert first.url == f"{BASE}/stories/{ids['A']}#t=83"
    assert first.citations["apa"] == ("Ann Lee. (2026, January 10). Waiting for a flat "
                                      f"[Audio recording, 1:23]. Stories archive. {first.url}")
    assert second.start is None and second.url == f"{BASE}/stories/{ids['B']}"  # a written story
    assert "[Written story]" in second.citations["apa"]


def test_quote_limit(archive):
    conn, _ = archive
    assert [q.sentence for q in report(conn, quotes=1).quotes] == [QUOTE_A]
    assert report(conn, quotes=0).quotes == []


def test_place_filter(archive):
    conn, ids = archive
    r = report(conn, place="Hull")
    assert (r.story_count, r.segment_count, r.quotable_count) == (2, 2, 1)
    assert r.places == [("Hull", 2)] and r.all_places == ["Hull", "Leeds"]
    assert [q.story["id"] for q in r.quotes] == [ids["D"]]
    assert [(t["id"], t["count"]) for t in r.co_themes] == [("health", 1)]
    assert report(conn, place="Nowhere").story_count == 0


def test_since_filter(archive):
    conn, ids = archive
    r = report(conn, since="2026-02-15")  # D's date itself is included
    assert r.story_count == 3 and r.by_month == [("2026-02", 1), ("2026-03", 2)]
    assert {q.story["id"] for q in r.quotes} == {ids["B"], ids["D"]}
    both = report(conn, since="2026-03-01", place="Leeds")
    assert both.story_count == 1 and [q.sentence for q in both.quotes] == [QUOTE_B]
    with pytest.raises(BadFilter, match="YYYY-MM-DD"):
        report(conn, since="last week")


def test_fill_months_puts_back_empty_months():
    assert fill_months([("2025-11", 2), ("2026-02", 1)]) == [
        ("2025-11", 2), ("2025-12", 0), ("2026-01", 0), ("2026-02", 1)]
    assert fill_months([]) == []


def test_chart_is_an_accessible_svg():
    svg = chart_svg([("2026-01", 1), ("2026-02", 0), ("2026-03", 4)], "Stories on Housing & more", "c1")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Stories on Housing &amp; more</title>' in svg
    assert "5 stories from 2026-01 to 2026-03; the most in one month was 4, in 2026-03." in svg
    assert svg.count("<rect") == 3 and ">2026-03</text>" in svg
    assert chart_svg([]) == ""
    assert describe([("2026-01", 1)]) == "1 story in 2026-01; the most in one month was 1, in 2026-01."


def test_one_month_is_a_slim_bar_not_a_block():
    svg = chart_svg([("2026-01", 3)])
    width = float(svg.split('<rect x="')[1].split('width="')[1].split('"')[0])
    assert width <= 48


def test_long_chart_labels_every_few_months():
    months = fill_months([("2020-01", 1), ("2025-12", 3)])
    svg = chart_svg(months)
    assert svg.count("<rect") == 72
    assert ">2020-01</text>" in svg and svg.count("</text>") <= 2 + 8  # axis labels + at most 8 months


def test_quote_ranking_prefers_quote_length_then_strength_then_recency(tmp_path):
    import sqlite_utils

    from publish.schema import create_schema

    db = sqlite_utils.Database(tmp_path / "a.db")
    create_schema(db)
    db["themes"].insert({"id": "housing", "label": "Housing", "group": "g", "group_label": "G",
                         "description": "", "phrases": "{}"})
    fit = "A sentence long enough to quote, about the flat and the rent."

    def story(story_id, date, strength, sentences):
        db["stories"].insert({"id": story_id, "title": story_id, "teller": "T", "kind": "text", "date": date,
                              "quotable": 1, "place": "", "text": ""})
        db["story_themes"].insert({"story_id": story_id, "theme_id": "housing", "strength": strength})
        db["theme_evidence"].insert_all({"story_id": story_id, "theme_id": "housing", "segment_idx": i,
                                         "sentence": s} for i, s in enumerate(sentences))

    story("short-recent-strong", "2026-05-01", 9, ["Rent.", "Too short too."])
    story("fit-old-weak", "2025-01-01", 1, ["Rent.", fit + " (old)"])
    story("fit-new-weak", "2026-01-01", 1, [fit + " (new)", "x" * 300])
    story("fit-old-strong", "2025-06-01", 3, ["y" * 300, "Tiny.", fit + " (strong)"])
    conn = sqlite3.connect(tmp_path / "a.db")
    conn.row_factory = sqlite3.Row
    quotes = theme_report(conn, "housing", BASE, "A").quotes
    assert [(q.story["id"], q.sentence) for q in quotes] == [
        ("fit-old-strong", fit + " (strong)"), ("fit-new-weak", fit + " (new)"),
        ("fit-old-weak", fit + " (old)"), ("short-recent-strong", "Rent.")]
    assert "text" not in quotes[0].story  # the full text is never loaded for a quote
