"""The working store's migrations run through sqlite-utils: old stores upgrade, racing starts are safe."""

import threading

import pytest
import sqlite_utils

from stories.errors import StoriesError
from stories.migrate import MigrationFailed, migrate
from stories.migrations import MIGRATIONS
from stories.store import Store, connect

# The record the framework before sqlite-utils' kept, exactly as it created it.
LEGACY_DDL = "create table if not exists [_migrations] ([name] TEXT PRIMARY KEY, [applied_at] TEXT)"
LEGACY_AT = "2026-01-02T03:04:05.678Z"  # its timestamp format, unlike sqlite-utils'
NAMES = [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]


def legacy_store(path, applied):
    """A store as the old framework left it: its first ``applied`` steps run, recorded in ``_migrations``."""
    db = connect(path)
    steps = MIGRATIONS.pending(db)[:applied]
    db.execute(LEGACY_DDL)
    for step in steps:
        with db.atomic():
            step.fn(db)
            db.table("_migrations").insert({"name": step.name, "applied_at": LEGACY_AT})
    return db


def schema(db):
    """sqlite_master, less the migrations' own record."""
    return db.execute("select type, name, tbl_name, sql from sqlite_master where tbl_name not in "
                      "('_migrations', '_sqlite_migrations') order by type, name").fetchall()


def fresh_schema(tmp_path):
    store = Store(tmp_path / "fresh.db")
    store.init()
    try:
        return schema(store.db)
    finally:
        store.close()


@pytest.mark.parametrize("applied", [0, 1, 12, len(NAMES)])
def test_a_store_the_old_framework_kept_carries_on_where_it_left_off(tmp_path, applied):
    legacy_store(tmp_path / "old.db", applied).close()
    store = Store(tmp_path / "old.db")
    assert store.init() == NAMES[applied:]  # none again, none skipped
    assert store.init() == []
    assert not store.db.table("_migrations").exists()  # one record of what ran, not two
    record = MIGRATIONS.applied(store.db)
    assert [m.name for m in record] == NAMES
    assert [m.applied_at for m in record[:applied]] == [LEGACY_AT] * applied
    assert schema(store.db) == fresh_schema(tmp_path)
    store.close()


def test_an_old_stores_stories_survive_the_upgrade_and_the_data_migrations_still_run(tmp_path):
    db = legacy_store(tmp_path / "old.db", NAMES.index("m013_approved_without_consent_kept_private"))
    for story_id, granted in (("private", 0), ("public", 1)):
        db.table("stories").insert({"id": story_id, "title": "t", "kind": "text", "state": "approved",
                                    "created_at": LEGACY_AT})
        db.table("consents").insert({"story_id": story_id, "scope": "publish", "granted": granted})
    db.close()
    store = Store(tmp_path / "old.db")
    assert store.init()[0] == "m013_approved_without_consent_kept_private"
    assert (store.get("private")["state"], store.get("public")["state"]) == ("kept_private", "approved")
    store.close()


def test_two_processes_starting_together_apply_each_migration_once(tmp_path):
    """A web server and a worker opening a new store at once: one applies, the other waits."""
    start, results, errors = threading.Barrier(2), [], []

    def open_store():
        store = Store(tmp_path / "stories.db")
        try:
            start.wait()
            results.append(store.init())
        except Exception as exc:  # reported by the assertion below, not lost in the thread
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=open_store) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(name for names in results for name in names) == sorted(NAMES)


def test_a_failed_migration_says_which_and_leaves_the_store_as_it_was(tmp_path):
    store = Store(tmp_path / "stories.db")
    migrate(store.db, stop_before="m013_approved_without_consent_kept_private")
    story_id = store.create_story({"title": "t", "kind": "text"}, {"publish": False})
    store.db.execute("update stories set state = 'approved'")
    store.db.execute("alter table stories add column expected_wer float")  # what m014 adds
    with pytest.raises(MigrationFailed, match="m014_expected_word_error_rate failed .*duplicate column") as e:
        store.init()
    assert isinstance(e.value, StoriesError)  # the CLI shows it as a ClickException
    # m013 ran before m014 failed, and was rolled back with it.
    assert MIGRATIONS.pending(store.db)[0].name == "m013_approved_without_consent_kept_private"
    assert store.get(story_id)["state"] == "approved"
    assert not store.db.conn.in_transaction
    store.close()


def test_failures_recorded_before_codes_are_classified_once(tmp_path):
    db = connect(tmp_path / "old.db")
    migrate(db, stop_before="m017_failure_codes")
    for story_id, state, error in (("quiet", "failed", "No speech was heard in this recording"),
                                   ("broken", "failed", "Could not decode the audio in 'a.m4a': ffmpeg"),
                                   ("ours", "failed", "The 'base' Whisper model is not installed"),
                                   ("fine", "in_review", "no speech (an old note)")):
        db.table("stories").insert({"id": story_id, "title": "t", "kind": "audio", "state": state,
                                    "error": error, "created_at": LEGACY_AT})
    assert migrate(db)[0] == "m017_failure_codes"  # and any added after it
    codes = dict(db.execute("select id, error_code from stories").fetchall())
    assert codes == {"quiet": "no_speech", "broken": "unreadable", "ours": None, "fine": None}
    db.close()
