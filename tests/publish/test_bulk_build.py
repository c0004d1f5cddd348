"""A full build (bulk reads, batched writes, search built at the end) and story-by-story syncs
publish exactly the same archive."""

import pytest
import sqlite_utils
from sqlite_utils.utils import sqlite3
from steps import save_analysis, save_transcript

import publish.archive
import publish.rows
from publish import build_archive, sync_story
from publish.prepare import prepare
from publish.redact import audio_spans
from publish.rows import load_story
from stories import review
from stories.media import IncomingFile, keep
from stories.model import Analysis, Redaction, Segment, Theme, ThemeTag, Transcript, Word

THEMES = [Theme("employment", "Employment", "Work", "service-area"),
          Theme("housing", "Housing", "Homes", "service-area"), Theme("trust", "Trust", "", "experience")]
FIRST = "I lost my job and Sarah Jones put the rent up."
SECOND = "The housing office in Kirkgate never called back."
#: Columns that say when a copy was made, not what it holds.
WHEN = {"published_at"}


def add_story(store, title, consents, *, teller_name="", place="", redactions=(), reject_tag=False,
              approve=True, media=None, self_tags=()):
    fields = {"title": title, "kind": "audio" if media else "text", "place": place, "language": "",
              "teller_name": teller_name, "pseudonym": "Robin"}
    words = ()
    if media:
        fields.update(media_path=media["path"], media_sha256=media["sha"])
        words = (Word(0.0, 1.0, " I lost my job and"), Word(1.0, 1.5, " Sarah"), Word(1.5, 2.0, " Jones"),
                 Word(2.0, 3.0, " put the rent up."))
    story_id = store.create_story(fields, consents, self_tags=self_tags)
    segments = [Segment(0, FIRST, 0.0, 3.0, words=words), Segment(1, SECOND, 3.0, 6.0)]
    save_transcript(store, story_id, Transcript(segments, "en", 0.9, 6.0, "fw", "tiny.en"), "w", 1.0)
    tags = [ThemeTag("employment", 0, "job", FIRST, 0.0, 3.0), ThemeTag("housing", 0, "rent", FIRST, 0, 3),
            ThemeTag("housing", 1, "housing", SECOND, 3.0, 6.0), ThemeTag("trust", 1, "never", SECOND)]
    analysis = Analysis(tags, [], THEMES, "2026.11.1", redactions=list(redactions))
    save_analysis(store, story_id, analysis, "w", 0.1)
    if reject_tag:
        review.set_tag_status(store, story_id, "housing", 1, "housing", "rejected", "mod")
    if approve:
        review.approve(store, story_id, "mod")
    return story_id


@pytest.fixture
def stories(store, settings, speech):
    incoming = IncomingFile.copy_of(speech("librivox-0870.wav"), settings.incoming_dir)
    path, _ = keep(incoming, settings.media_dir, "wav")
    name = Redaction(0, 18, 29, "Sarah Jones", "name")
    ids = {
        "redacted": add_story(store, "Shared", {"publish": True, "quote": True}, redactions=[name],
                              self_tags=["housing"]),
        "title": add_story(store, "Kirkgate days", {"publish": True},
                           redactions=[Redaction(-1, 0, 8, "Kirkgate", "address")], place="Turku"),
        "anonymous": add_story(store, "Jones family", {"publish": True}, teller_name="Sarah Jones",
                               reject_tag=True),
        "named": add_story(store, "Named", {"publish": True, "name": True}, teller_name="Ann Lee",
                           place="Finland"),
        "audio": add_story(store, "Spoken", {"publish": True}, redactions=[name],
                           media={"path": path, "sha": incoming.sha256}),
        "private": add_story(store, "Private", {"publish": False, "quote": True}),
        "waiting": add_story(store, "In review", {"publish": True}, approve=False),
    }
    kept_words = add_story(store, "Kept words", {"publish": True}, redactions=[name], approve=False)
    review.set_redaction_status(store, kept_words, 0, "rejected", "mod")
    review.approve(store, kept_words, "mod")
    ids["kept"] = kept_words
    return ids


def dump(path) -> dict[str, list[tuple]]:
    """Every archive table's rows, without copy times, in a stable order."""
    db = sqlite_utils.Database(path)
    tables = ("stories", "segments", "story_themes", "theme_evidence", "themes", "archive_info")
    return {table: sorted((tuple(sorted((k, v) for k, v in row.items() if k not in WHEN))
                           for row in db[table].rows), key=repr) for table in tables}


def found(path, table: str, term: str) -> list[str]:
    conn = sqlite3.connect(path)
    column = "id" if table == "stories" else "story_id"
    rows = conn.execute(f"select t.{column} from {table}_fts f join {table} t on t.rowid = f.rowid "  # noqa: S608 - table and column are the test's own constants
                        f"where {table}_fts match ? order by t.{column}", [term]).fetchall()
    conn.close()
    return [r[0] for r in rows]


def test_bulk_build_and_story_syncs_publish_the_same_rows(store, settings, stories, monkeypatch, tmp_path):
    # Tiny chunks and batches, so the build crosses their boundaries as it does at 100k stories.
    monkeypatch.setattr(publish.rows, "CHUNK", 3)
    monkeypatch.setattr(publish.archive, "WRITE_BATCH", 2)
    bulk, synced = tmp_path / "bulk.db", tmp_path / "synced.db"
    assert build_archive(store, bulk, settings.media_dir, settings.published_dir) == 6
    for story_id in stories.values():
        sync_story(store, story_id, synced, settings.media_dir, settings.published_dir)
    assert dump(bulk) == dump(synced)

    rows = {r["id"]: r for r in sqlite_utils.Database(bulk)["stories"].rows}
    assert stories["private"] not in rows and stories["waiting"] not in rows
    assert rows[stories["redacted"]]["text"] == "I lost my job and [name] put the rent up.\n\n" + SECOND
    assert "Sarah Jones" in rows[stories["kept"]]["text"]
    title = rows[stories["title"]]
    assert title["title"] == "[address] days" and "[address]" in title["text"]
    assert title["place_level"] == "city"
    assert rows[stories["anonymous"]]["title"] == "[name] family"
    assert rows[stories["named"]]["teller"] == "Ann Lee"
    assert rows[stories["audio"]]["audio"].endswith(".m4a")
    for term in ("job", "housing", "kirkgate", "sarah"):
        for table in ("stories", "segments"):
            assert found(bulk, table, term) == found(synced, table, term), (table, term)
    # Redacted (or an anonymous teller's) names are in neither the text nor the search index.
    sarah = set(found(bulk, "stories", "sarah"))
    assert stories["kept"] in sarah
    assert not {stories["redacted"], stories["audio"], stories["anonymous"]} & sarah


def test_incremental_theme_counts_match_a_recount(store, settings, stories):
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    review.reopen(store, stories["redacted"], "mod")
    sync_story(store, stories["redacted"], settings.archive_path, settings.media_dir, settings.published_dir)
    db = sqlite_utils.Database(settings.archive_path)
    counted = {r["id"]: (r["stories"], r["segments"]) for r in db["themes"].rows}
    publish.archive.count_themes(db)
    assert counted == {r["id"]: (r["stories"], r["segments"]) for r in db["themes"].rows}
    assert counted["employment"] == (5, 5) and counted["trust"] == (5, 5)


def test_audio_is_silenced_by_word_times_though_only_redacted_recordings_read_them(store, stories):
    story = store.get(stories["audio"])
    spans = prepare(store, story).spans
    assert spans == audio_spans(store.segments(story["id"]), [Redaction(0, 18, 29, "Sarah Jones", "name")])
    assert len(spans) == 1 and spans[0][1] - spans[0][0] < 2.0  # "Sarah Jones", not the whole segment
    assert load_story(store, store.get(stories["named"])).words == {}
