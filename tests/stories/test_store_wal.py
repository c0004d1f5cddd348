"""The working store is shared by the web server, the worker and the CLI: WAL mode and a busy timeout."""

import threading

from sqlite_utils.utils import sqlite3

from stories.store import Store, connect


def test_store_is_in_wal_mode(settings, store):
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    # WAL is a property of the file: a plain connection that never asked for it sees it too.
    plain = sqlite3.connect(settings.db_path)
    try:
        assert plain.execute("pragma journal_mode").fetchone()[0] == "wal"
    finally:
        plain.close()
    assert store.db.execute("pragma busy_timeout").fetchone()[0] >= 5000


def test_a_second_writer_waits_for_the_first_instead_of_failing(settings, store):
    # The write lock, as a worker saving a transcript holds it; released from another thread.
    holder = sqlite3.connect(settings.db_path, check_same_thread=False, isolation_level=None)
    holder.execute("begin immediate")
    holder.execute("insert into codebook (key, value) values ('held', 'yes')")
    released = threading.Event()

    def release_later():
        # Long enough that a writer without a busy timeout would already have failed.
        threading.Event().wait(0.5)
        released.set()
        holder.execute("commit")

    thread = threading.Thread(target=release_later)
    thread.start()
    other = Store(settings.db_path)
    try:
        story_id = other.create_story({"title": "Written while locked", "kind": "text"}, {"publish": True})
    finally:
        other.close()
        thread.join()
        holder.close()
    assert released.is_set()  # it could only have written once the lock was given back
    assert store.get(story_id)["title"] == "Written while locked"
    assert store.codebook()["held"] == "yes"


def test_without_a_busy_timeout_the_same_write_would_fail(settings, store):
    """The control: proves the test above exercises the lock, not an uncontended write."""
    holder = connect(settings.db_path)
    holder.execute("begin immediate")
    impatient = sqlite3.connect(settings.db_path, timeout=0)
    try:
        impatient.execute("begin immediate")
        raise AssertionError("a second writer got the lock while the first held it")
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
    finally:
        impatient.close()
        holder.conn.rollback()
        holder.close()
