import json
import sqlite3

import sqlite_utils

from publish import build_archive, datasette_command, may_publish
from stories.model import Analysis, Entity, Segment, Theme, ThemeTag, Transcript

CANARY_CONTACT = "canary-7f3a@example.org"


def make_story(store, title, consent, text="I lost my job and the rent went up.", place=""):
    story_id = store.create_story({"title": title, "kind": "audio", "place": place, "language": "",
                                   "original_filename": "canary-filename.m4a", "media_path": "ab/x.m4a"},
                                  {"publish": consent}, contact=CANARY_CONTACT)
    store.save_transcript(story_id, Transcript([Segment(0, text, 0.0, 3.0)], "en", 0.9, 3.0, "fw", "tiny.en"),
                          "w", 1.0)
    store.save_analysis(story_id, Analysis(
        [ThemeTag("employment", 0, "job", text, 0.0, 3.0), ThemeTag("housing", 0, "rent", text, 0.0, 3.0)],
        [Entity("GPE", "Leeds", 0), Entity("GPE", "Leeds", 0)],
        [Theme("employment", "Employment", "Work", "service-area"),
         Theme("housing", "Housing", "Homes", "service-area")], "2026.11.1"), "w", 0.1)
    return story_id


def test_only_consented_finished_stories_are_published(store, tmp_path):
    shared = make_story(store, "Shared", True)
    make_story(store, "Private", False)
    unfinished = store.create_story({"title": "Waiting", "kind": "text", "body": "x"}, {"publish": True})
    path = tmp_path / "archive.db"
    assert build_archive(store, path) == 1
    db = sqlite_utils.Database(path)
    assert [r["id"] for r in db["stories"].rows] == [shared]
    assert unfinished not in {r["story_id"] for r in db["segments"].rows}
    assert not may_publish(store.get(unfinished), {"publish": True})


def test_archive_tables_search_and_facets(store, tmp_path):
    story_id = make_story(store, "Shared", True)
    path = tmp_path / "archive.db"
    build_archive(store, path)
    db = sqlite_utils.Database(path)
    assert {"stories", "segments", "themes", "story_themes", "theme_evidence"} <= set(db.table_names())
    story = db["stories"].get(story_id)
    assert story["place"] == "Leeds" and story["language"] == "en" and len(story["date"]) == 10
    assert json.loads(story["themes"]) == ["employment", "housing"]
    assert [r["id"] for r in db["stories"].search("jobs")] == [story_id]  # porter stemming
    assert db.execute("select story_id from segments_fts join segments on segments.rowid = "
                      "segments_fts.rowid where segments_fts match 'rent'").fetchall() == [(story_id,)]
    assert db["themes"].get("housing")["stories"] == 1
    assert db["story_themes"].count == 2


def test_no_private_data_reaches_the_archive(store, tmp_path):
    make_story(store, "Shared", True)
    path = tmp_path / "archive.db"
    build_archive(store, path)
    raw = path.read_bytes()
    for canary in (CANARY_CONTACT, "canary-filename", "ab/x.m4a", "consent"):
        assert canary.encode() not in raw
    tables = set(sqlite_utils.Database(path).table_names())
    assert not tables & {"contacts", "consents", "events"}


def test_rebuild_replaces_content_for_open_readers(store, tmp_path):
    first = make_story(store, "First", True)
    path = tmp_path / "archive.db"
    build_archive(store, path)
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)  # as Datasette opens it
    assert reader.execute("select count(*) from stories").fetchone() == (1,)
    second = make_story(store, "Second", True)
    build_archive(store, path)
    ids = {r[0] for r in reader.execute("select id from stories")}
    assert ids == {first, second}
    assert not list(tmp_path.glob(".archive.db*"))


def test_datasette_command_turns_off_facet_suggestions(tmp_path):
    command = datasette_command(tmp_path / "archive.db", "127.0.0.1", 8001)
    assert command[command.index("--setting") + 1:][:2] == ["suggest_facets", "off"]
