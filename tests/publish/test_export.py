"""``export_archive``: CSV and JSON from the public archive, and its errors."""

import csv
import io
import json
import zipfile

import pytest
from sqlite_utils.utils import sqlite3
from steps import save_analysis, save_transcript

from publish import build_archive, sync_story
from publish.export import FORMATS, ExportError, export_archive, format_for
from stories import review
from stories.model import Analysis, Redaction, Segment, Theme, ThemeTag, Transcript
from stories.withdrawal import withdraw

CANARY = "canary-qdpx@example.org"
BASE = "https://archive.example.org/"
THEMES = [Theme("employment", "Employment", "Work", "service-area"), Theme("housing", "Housing", "Homes",
                                                                          "service-area")]
TEXT = "I lost my job and Sarah Jones put the rent up."


def make_story(store, title, consents, approve=True):
    fields = {"title": title, "kind": "audio", "place": "Leeds", "language": "en",
              "original_filename": "canary-filename.m4a", "teller_name": "", "pseudonym": "Robin"}
    story_id = store.create_story(fields, consents, contact=CANARY)
    save_transcript(store, story_id, Transcript([Segment(0, " I lost my job", 0.0, 2.0),
                                                Segment(1, " and Sarah Jones put the rent up.", 2.0, 5.0)],
                                               "en", 0.9, 5.0, "fw", "tiny.en"), "w", 1.0)
    save_analysis(store, story_id, Analysis(
        [ThemeTag("employment", 0, "job", TEXT, 0.0, 2.0), ThemeTag("housing", 1, "rent", TEXT, 2.0, 5.0)],
        [], THEMES, "2026.11.1", redactions=[Redaction(1, 5, 16, "Sarah Jones", "name")]), "w", 0.1)
    if approve:
        review.approve(store, story_id, "mod")
    return story_id


@pytest.fixture
def archive(store, settings):
    shared = make_story(store, "Shared", {"publish": True, "research": True})
    make_story(store, "Never shared", {"publish": False})
    gone = make_story(store, "Taken back", {"publish": True, "research": True})
    make_story(store, "Read only", {"publish": True, "research": False})
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    withdraw(store, gone, "teller", settings.media_dir)
    sync_story(store, gone, settings.archive_path, settings.media_dir, settings.published_dir)
    return {"shared": shared, "gone": gone}


def test_csv_is_the_stories_table(archive, settings, tmp_path):
    out = tmp_path / "stories.csv"
    summary = export_archive(settings.archive_path, "csv", out)
    # "Read only" is published, but its teller said no to research: a bulk export leaves it out.
    assert summary == f"Wrote 1 story to {out} (CSV)"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    db = sqlite3.connect(settings.archive_path)
    columns = [c[1] for c in db.execute("pragma table_info(stories)")]
    assert rows[0] == columns and len(rows) == 2
    story = dict(zip(columns, rows[1], strict=True))
    assert story["id"] == archive["shared"] and story["text"] == db.execute(
        "select text from stories").fetchone()[0]
    assert story["audio"] == "" and story["research_use"] == "1"  # null is an empty cell, as in Datasette
    assert json.loads(story["themes"]) == ["employment", "housing"]


def test_json_nests_segments_and_themes(archive, settings, tmp_path):
    out = tmp_path / "stories.json"
    assert export_archive(settings.archive_path, "json", out, BASE).endswith("(JSON)")
    stories = json.loads(out.read_text(encoding="utf-8"))
    assert [s["id"] for s in stories] == [archive["shared"]]
    story = stories[0]
    assert story["permalink"] == f"https://archive.example.org/stories/{archive['shared']}"
    assert story["theme_groups"] == ["service-area"] and story["self_tags"] == []
    assert story["segments"] == [{"idx": 0, "start": 0.0, "end": 2.0, "text": " I lost my job"},
                                 {"idx": 1, "start": 2.0, "end": 5.0, "text": " and [name] put the rent up."}]
    assert [(t["theme_id"], t["label"], t["mentions"], t["strength"]) for t in story["themes"]] == [
        ("employment", "Employment", 1, 1), ("housing", "Housing", 1, 1)]
    evidence = story["themes"][1]["evidence"]
    assert evidence == [{"segment_idx": 1, "start": 2.0, "end": 5.0, "matched": "rent",
                         "sentence": "I lost my job and [name] put the rent up."}]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_private_data_and_only_published_stories(archive, settings, tmp_path, fmt):
    out = tmp_path / f"stories.{fmt}"
    export_archive(settings.archive_path, fmt, out, BASE)
    if fmt == "qdpx":
        with zipfile.ZipFile(out) as zf:
            raw = b"\n".join(zf.read(n) for n in zf.namelist())
    else:
        raw = out.read_bytes()
    assert archive["shared"].encode() in raw
    for absent in (CANARY, "canary-filename", "Sarah Jones", "Never shared", "Taken back", archive["gone"]):
        assert absent.encode() not in raw, absent


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_archive_exports(store, settings, tmp_path, fmt):
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    out = tmp_path / f"empty.{fmt}"
    assert "Wrote 0 stories" in export_archive(settings.archive_path, fmt, out)
    if fmt == "json":
        assert json.loads(out.read_text()) == []
    elif fmt == "csv":
        assert out.read_text().splitlines()[0].startswith("id,title,")


def test_errors_are_clear_and_leave_no_file(store, settings, tmp_path):
    with pytest.raises(ExportError, match="run `stories publish` first"):
        export_archive(settings.archive_path, "csv", tmp_path / "a.csv")
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    with pytest.raises(ExportError, match="Unknown export format 'xlsx'"):
        export_archive(settings.archive_path, "xlsx", tmp_path / "a.xlsx")
    for fmt in FORMATS:
        with pytest.raises(ExportError, match="Cannot write"):
            export_archive(settings.archive_path, fmt, tmp_path / "no-such-folder" / f"a.{fmt}")
    not_an_archive = tmp_path / "other.db"
    sqlite3.connect(not_an_archive).execute("create table t (x)").connection.commit()
    with pytest.raises(ExportError, match="not a Stories archive"):
        export_archive(not_an_archive, "json", tmp_path / "a.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "other.db"]


def test_the_archive_is_opened_read_only(archive, settings, tmp_path):
    before = settings.archive_path.read_bytes()
    settings.archive_path.chmod(0o444)
    try:
        for fmt in FORMATS:
            export_archive(settings.archive_path, fmt, tmp_path / f"out.{fmt}")
    finally:
        settings.archive_path.chmod(0o644)
    assert settings.archive_path.read_bytes() == before


def test_format_for():
    assert [format_for(f"a/b.{s}") for s in ("qdpx", "CSV", "json")] == ["qdpx", "csv", "json"]
    with pytest.raises(ExportError, match="name it .qdpx, .csv or .json"):
        format_for("stories.txt")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_long_export_lets_publishing_write_between_batches(archive, store, settings, tmp_path, monkeypatch,
                                                             fmt):
    """sync_story waits a few seconds for the write lock: an export must not hold it for its whole run."""
    import threading
    import time

    from publish import export as export_module
    from publish import qdpx

    make_story(store, "Second", {"publish": True, "research": True})
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    monkeypatch.setattr(qdpx, "BATCH", 1)
    real, outcome = qdpx.story_batches, []

    def write():  # as sync_story would, while the export is under way
        db = sqlite3.connect(settings.archive_path, timeout=1.0)
        try:
            with db:
                db.execute("insert or replace into archive_info (key, value) values ('lock-test', 'x')")
            outcome.append("written")
        except sqlite3.OperationalError as e:
            outcome.append(str(e))
        db.close()

    def slow_batches(conn):
        writer = threading.Thread(target=write)
        for n, batch in enumerate(real(conn)):
            if n == 0:
                writer.start()
            time.sleep(0.6)  # a slow batch, with its read transaction open
            yield batch
        writer.join()

    monkeypatch.setattr(qdpx, "story_batches", slow_batches)
    monkeypatch.setattr(export_module, "story_batches", slow_batches)
    assert "Wrote 2 stories" in export_archive(settings.archive_path, fmt, tmp_path / f"out.{fmt}")
    assert outcome == ["written"]


def test_the_archive_offers_the_qdpx_download_and_rebuilds_it_when_the_archive_changes(archive, store,
                                                                                      settings):
    import zipfile

    from datasette_client import datasette_get

    first = datasette_get(settings, "/exports/stories.qdpx")
    assert first.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(first.content)) as zf:
        assert "project.qde" in zf.namelist()
        assert len([n for n in zf.namelist() if n.startswith("sources/")]) == 1
    make_story(store, "Later", {"publish": True, "research": True})
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    with zipfile.ZipFile(io.BytesIO(datasette_get(settings, "/exports/stories.qdpx").content)) as zf:
        assert len([n for n in zf.namelist() if n.startswith("sources/")]) == 2
    assert len(list((settings.archive_path.parent / "exports").glob("*.qdpx"))) == 1
