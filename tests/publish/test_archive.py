import json

import av
import pytest
import sqlite_utils
from sqlite_utils.utils import sqlite3
from steps import save_analysis, save_transcript

from publish import build_archive, datasette_command, may_publish, sync_story
from stories import review
from stories.model import Analysis, Entity, Redaction, Segment, Theme, ThemeTag, Transcript, Word
from stories.withdrawal import withdraw

CANARY_CONTACT = "canary-7f3a@example.org"
TEXT = "I lost my job and Sarah Jones put the rent up."
THEMES = [Theme("employment", "Employment", "Work", "service-area"), Theme("housing", "Housing", "Homes",
                                                                          "service-area")]


def make_story(store, title, consents, approve=True, media=None, teller_name="", words=(), place=""):
    fields = {"title": title, "kind": "audio" if media else "text", "place": place, "language": "",
              "original_filename": "canary-filename.m4a", "teller_name": teller_name, "pseudonym": "Robin"}
    if media:
        fields.update(media_path=media["path"], media_sha256=media["sha"])
    story_id = store.create_story(fields, consents, contact=CANARY_CONTACT)
    save_transcript(store, story_id, Transcript([Segment(0, TEXT, 0.0, 3.0, words=words)], "en", 0.9, 3.0,
                                               "fw", "tiny.en"), "w", 1.0)
    save_analysis(store, story_id, Analysis(
        [ThemeTag("employment", 0, "job", TEXT, 0.0, 3.0), ThemeTag("housing", 0, "rent", TEXT, 0.0, 3.0)],
        [Entity("GPE", "Leeds", 0)], THEMES, "2026.11.1",
        redactions=[Redaction(0, 18, 29, "Sarah Jones", "name")]), "w", 0.1)
    if approve:
        review.approve(store, story_id, "mod")
    return story_id


def build(store, settings):
    return build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)


def test_only_approved_consented_stories_are_published(store, settings):
    shared = make_story(store, "Shared", {"publish": True})
    make_story(store, "Private", {"publish": False})
    waiting = make_story(store, "In review", {"publish": True}, approve=False)
    rejected = make_story(store, "Rejected", {"publish": True}, approve=False)
    review.reject(store, rejected, "mod", "off topic")
    assert build(store, settings) == 1
    db = sqlite_utils.Database(settings.archive_path)
    assert [r["id"] for r in db["stories"].rows] == [shared]
    assert not may_publish(store.get(waiting), {"publish": True})


def test_redactions_and_tables(store, settings):
    story_id = make_story(store, "Shared", {"publish": True, "quote": True})
    build(store, settings)
    db = sqlite_utils.Database(settings.archive_path)
    story = db["stories"].get(story_id)
    assert story["text"] == "I lost my job and [name] put the rent up."
    # "Leeds" is only mentioned in the story: an unconfirmed entity is never published as its place.
    assert story["place"] == "" and story["latitude"] is None
    assert story["quotable"] == 1 and story["teller"] == "Robin"
    assert json.loads(story["service_areas"]) == ["employment", "housing"]
    assert json.loads(story["theme_groups"]) == ["service-area"] and story["length"] == "written"
    assert json.loads(story["themes"]) == ["employment", "housing"]
    assert [r["id"] for r in db["stories"].search("jobs")] == [story_id]  # porter stemming
    assert "Sarah" not in json.dumps(list(db["theme_evidence"].rows) + list(db["story_themes"].rows))
    assert db["themes"].get("housing")["stories"] == 1


def test_rejected_redaction_and_tag_are_respected(store, settings):
    story_id = make_story(store, "Shared", {"publish": True}, approve=False)
    review.set_redaction_status(store, story_id, 0, "rejected", "mod")
    review.set_tag_status(store, story_id, "housing", 0, "rent", "rejected", "mod")
    review.approve(store, story_id, "mod")
    build(store, settings)
    story = sqlite_utils.Database(settings.archive_path)["stories"].get(story_id)
    assert "Sarah Jones" in story["text"] and json.loads(story["themes"]) == ["employment"]


def test_anonymous_teller_name_is_scrubbed_everywhere(store, settings):
    story_id = make_story(store, "Jones family story", {"publish": True}, teller_name="Sarah Jones")
    build(store, settings)
    story = sqlite_utils.Database(settings.archive_path)["stories"].get(story_id)
    assert story["title"] == "[name] family story" and story["teller"] == "Robin"
    named = make_story(store, "Named", {"publish": True, "name": True}, teller_name="Ann Lee")
    build(store, settings)
    assert sqlite_utils.Database(settings.archive_path)["stories"].get(named)["teller"] == "Ann Lee"


def test_no_private_data_reaches_the_archive(store, settings):
    make_story(store, "Shared", {"publish": True})
    build(store, settings)
    raw = settings.archive_path.read_bytes()
    for canary in (CANARY_CONTACT, "canary-filename", "Sarah Jones"):
        assert canary.encode() not in raw
    tables = set(sqlite_utils.Database(settings.archive_path).table_names())
    assert not tables & {"contacts", "consents", "events", "users", "redactions"}


def test_rebuild_is_copied_in_place_so_open_readers_see_the_whole_new_archive(store, settings):
    first = make_story(store, "First", {"publish": True})
    build(store, settings)
    reader = sqlite3.connect(f"file:{settings.archive_path}?mode=ro", uri=True)  # as Datasette opens it
    assert reader.execute("select count(*) from stories").fetchone() == (1,)
    second = make_story(store, "Second", {"publish": True})
    build(store, settings)
    # The build is copied into the live file (publish/live.py): a reader that had it open sees the
    # whole new archive from its next query, without reopening; so does whoever opens it now.
    assert {r[0] for r in reader.execute("select id from stories")} == {first, second}
    fresh = sqlite3.connect(f"file:{settings.archive_path}?mode=ro", uri=True)
    assert {r[0] for r in fresh.execute("select id from stories")} == {first, second}
    assert [p.name for p in settings.archive_path.parent.glob(".archive.db*")] == [".archive.db.lock"]


def test_sync_story_publishes_and_withdraws_one_story(store, settings):
    story_id = make_story(store, "Shared", {"publish": True})
    build(store, settings)
    other = make_story(store, "Other", {"publish": True})
    reader = sqlite3.connect(f"file:{settings.archive_path}?mode=ro", uri=True)
    assert sync_story(store, other, settings.archive_path, settings.media_dir, settings.published_dir)
    assert reader.execute("select count(*) from stories").fetchone() == (2,)
    withdraw(store, story_id, "teller", settings.media_dir)
    assert not sync_story(store, story_id, settings.archive_path, settings.media_dir, settings.published_dir)
    assert [r[0] for r in reader.execute("select id from stories")] == [other]
    assert reader.execute("select count(*) from segments where story_id = ?", [story_id]).fetchone() == (0,)
    fts = "select count(*) from stories_fts where stories_fts match 'lost'"
    assert reader.execute(fts).fetchone() == (1,)


def test_published_audio_is_redacted_and_removed_on_withdrawal(store, settings, speech):
    from stories.media import IncomingFile, keep

    incoming = IncomingFile.copy_of(speech("librivox-0870.wav"), settings.incoming_dir)
    path, _ = keep(incoming, settings.media_dir, "wav")
    words = (Word(0.0, 1.0, " I lost my job and"), Word(1.0, 1.5, " Sarah"), Word(1.5, 2.0, " Jones"),
             Word(2.0, 3.0, " put the rent up."))
    media = {"path": path, "sha": incoming.sha256}
    story_id = make_story(store, "Spoken", {"publish": True}, media=media, words=words)
    sync_story(store, story_id, settings.archive_path, settings.media_dir, settings.published_dir)
    audio = sqlite_utils.Database(settings.archive_path)["stories"].get(story_id)["audio"]
    published = settings.published_dir / audio.rsplit("/", 1)[1]
    with av.open(str(published)) as container:
        assert [s.type for s in container.streams] == ["audio"]
        samples = [f.to_ndarray() for f in container.decode(audio=0)]
    import numpy as np

    pcm = np.concatenate(samples, axis=1)[0]
    rate = 16000
    silenced = pcm[int(1.0 * rate):int(1.9 * rate)]
    spoken = pcm[int(3.0 * rate):int(4.0 * rate)]
    assert np.sqrt(np.mean(silenced ** 2)) < 1e-3 < np.sqrt(np.mean(spoken ** 2))
    withdraw(store, story_id, "teller", settings.media_dir)
    sync_story(store, story_id, settings.archive_path, settings.media_dir, settings.published_dir)
    assert not published.exists() and not (settings.media_dir / path).exists()


@pytest.mark.parametrize("host", ["127.0.0.1"])
def test_datasette_command_turns_off_facet_suggestions_and_serves_audio(tmp_path, host):
    command = datasette_command(tmp_path / "archive.db", tmp_path / "published", host, 8001)
    assert command[command.index("--setting") + 1:][:2] == ["suggest_facets", "off"]
    statics = [command[i + 1] for i, arg in enumerate(command) if arg == "--static"]
    assert f"audio:{tmp_path / 'published'}" in statics and any(s.startswith("assets:") for s in statics)
    assert command[command.index("--template-dir") + 1].endswith("publish/templates")


def test_the_tellers_place_is_mapped_at_the_level_they_chose(store, settings):
    city = make_story(store, "City", {"publish": True}, place="turku")
    country = make_story(store, "Country", {"publish": True}, place="Finland")
    unknown = make_story(store, "Unknown", {"publish": True}, place="Our street")
    build(store, settings)
    rows = {r["id"]: r for r in sqlite_utils.Database(settings.archive_path)["stories"].rows}
    assert (rows[city]["place_level"], round(rows[city]["latitude"], 1)) == ("city", 60.5)
    assert rows[city]["place"] == "Turku"  # the gazetteer's spelling, whatever the teller typed
    assert (rows[country]["place_level"], rows[country]["latitude"]) == ("country", 64.5)
    assert rows[unknown]["place"] == "Our street" and rows[unknown]["latitude"] is None
