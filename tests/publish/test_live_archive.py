"""The live archive is updated in place (SQLite's backup API into a WAL file): readers already open see
the new archive without reopening or waiting, a copy killed half way leaves the old one, and no old
page outlives a change in archive.db-wal. Datasette is reached through its public API only."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from published import build, publish_story
from sqlite_utils.utils import sqlite3

from publish import sync_story
from publish.live import copy_in
from publish.verify import verify_archive
from stories.withdrawal import withdraw

ROOT = Path(__file__).parents[2]
SECRET = "Ottoline hid the rent book behind the boiler in the Albion Street flat"


def reader_of(path: Path) -> sqlite3.Connection:
    """A connection as Datasette opens the archive: read-only, kept open across publishes."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def wal_of(settings) -> Path:
    return settings.archive_path.with_name("archive.db-wal")


def test_a_reader_opened_before_a_publish_sees_the_new_archive_without_reopening(store, settings):
    first = publish_story(store, "First", [(None, None, "The library closed on Saturdays.")])
    build(store, settings)
    reader = reader_of(settings.archive_path)
    assert reader.execute("pragma journal_mode").fetchone() == ("wal",)
    assert [r[0] for r in reader.execute("select id from stories")] == [first]
    second = publish_story(store, "Second", [(None, None, "The bus shelter has no roof.")])
    build(store, settings)
    assert {r[0] for r in reader.execute("select id from stories")} == {first, second}
    found = "select count(*) from stories_fts where stories_fts match 'shelter'"
    assert reader.execute(found).fetchone() == (1,)
    reader.close()


def test_a_reader_in_the_middle_of_a_query_is_not_blocked_and_then_sees_the_new_archive(store, settings):
    publish_story(store, "First", [(None, None, "The library closed on Saturdays.")])
    publish_story(store, "Second", [(None, None, "The bus shelter has no roof.")])
    build(store, settings)
    reader = reader_of(settings.archive_path)
    reading, seen, committed_meanwhile = threading.Event(), [], []

    def read_slowly():
        cursor = reader.execute("select title from stories order by title")
        seen.append(cursor.fetchone()[0])
        reading.set()
        # Its snapshot stays open until the new archive is committed: the copy did not wait for it
        # (only the checkpoint after the copy waits, for this query to end).
        fresh, deadline = reader_of(settings.archive_path), time.monotonic() + 30
        count = "select count(*) from stories"
        while fresh.execute(count).fetchone() != (3,) and time.monotonic() < deadline:
            time.sleep(0.01)
        committed_meanwhile.append(fresh.execute(count).fetchone() == (3,))
        fresh.close()
        seen.extend(row[0] for row in cursor)

    thread = threading.Thread(target=read_slowly)
    thread.start()
    assert reading.wait(5)
    publish_story(store, "Third", [(None, None, "Nobody answers the housing office phone.")])
    build(store, settings)
    thread.join(30)
    assert committed_meanwhile == [True]
    assert seen == ["First", "Second"]  # its query ran on one snapshot: the old archive
    assert [r[0] for r in reader.execute("select title from stories order by title")] == [
        "First", "Second", "Third"]
    assert not wal_of(settings).exists() or wal_of(settings).stat().st_size == 0
    reader.close()


def test_a_copy_killed_half_way_leaves_the_old_archive(store, settings, tmp_path):
    old = publish_story(store, "Old", [(None, None, "The library closed on Saturdays.")])
    build(store, settings)
    big = tmp_path / "big.db"
    conn = sqlite3.connect(big)
    conn.execute("create table stories (id text primary key, body blob)")
    # Random bytes: the build copied in is big enough to be caught while its pages go into the WAL.
    conn.executemany("insert into stories values (?, randomblob(60000))", [(f"n{i}",) for i in range(1500)])
    conn.commit()
    conn.close()
    reader = reader_of(settings.archive_path)
    copy = subprocess.Popen([sys.executable, "-c", (
        "import sys\nfrom pathlib import Path\nfrom publish.live import copy_in\n"
        "copy_in(Path(sys.argv[1]), Path(sys.argv[2]))\n"), str(big), str(settings.archive_path)], cwd=ROOT)
    wal = wal_of(settings)
    while not (wal.exists() and wal.stat().st_size > 8 * 1024 * 1024):
        assert copy.poll() is None, "the copy finished before it could be killed"
        time.sleep(0.001)
    copy.send_signal(signal.SIGKILL)
    assert copy.wait(30) == -signal.SIGKILL
    assert wal.stat().st_size > 8 * 1024 * 1024  # the pages it copied, never committed
    assert [r[0] for r in reader.execute("select id from stories")] == [old]
    fresh = reader_of(settings.archive_path)
    assert [r[0] for r in fresh.execute("select id from stories")] == [old]
    assert fresh.execute("pragma integrity_check").fetchone() == ("ok",)
    fresh.close()
    copy_in(big, settings.archive_path)  # and the next copy goes through
    assert reader.execute("select count(*) from stories").fetchone() == (1500,)
    reader.close()


def test_after_a_withdrawal_no_old_page_is_left_in_the_wal_or_the_file(store, settings):
    kept = publish_story(store, "Kept", [(None, None, "The number twelve bus stopped coming here.")])
    barred = publish_story(store, "Barred", [(None, None, SECRET + ".")])
    build(store, settings)
    reader = reader_of(settings.archive_path)  # an open reader keeps the WAL from going away on close
    assert reader.execute("select count(*) from stories").fetchone() == (2,)
    withdraw(store, barred, "teller", settings.media_dir)
    assert not sync_story(store, barred, settings.archive_path, settings.media_dir, settings.published_dir)
    assert [r[0] for r in reader.execute("select id from stories")] == [kept]
    assert wal_of(settings).exists() and wal_of(settings).stat().st_size == 0  # checkpointed and truncated
    data = b"".join(p.read_bytes() for p in settings.home.glob("archive.db*"))
    for word in (b"Ottoline", b"boiler", b"Albion", barred.encode()):
        assert word not in data, word
    assert verify_archive(store, settings.archive_path, settings.published_dir).ok
    reader.close()


def test_a_smaller_rebuild_leaves_no_old_tail_in_the_file(store, settings):
    publish_story(store, "Kept", [(None, None, "The number twelve bus stopped coming here.")])
    barred = publish_story(store, "Barred", [(None, None, (SECRET + ". ") * 400)])
    build(store, settings)
    before = settings.archive_path.stat().st_size
    withdraw(store, barred, "teller", settings.media_dir)
    build(store, settings)
    assert settings.archive_path.stat().st_size < before
    data = b"".join(p.read_bytes() for p in settings.home.glob("archive.db*"))
    assert b"Ottoline" not in data and barred.encode() not in data


def test_verify_reads_free_pages_as_a_reader_sees_them_while_the_wal_holds_them(store, settings):
    publish_story(store, "Kept", [(None, None, "The number twelve bus stopped coming here.")])
    build(store, settings)
    holder = reader_of(settings.archive_path)  # keeps the WAL: no checkpoint when the writer closes
    holder.execute("select count(*) from stories").fetchone()
    careless = sqlite3.connect(settings.archive_path)
    careless.execute("pragma wal_autocheckpoint = 0")
    careless.execute("pragma secure_delete = off")
    careless.execute("create table scratch (body blob)")
    careless.executemany("insert into scratch values (randomblob(3000))", [()] * 50)
    careless.commit()
    careless.execute("drop table scratch")  # its pages go to the free list, content and all
    careless.commit()
    careless.close()
    assert wal_of(settings).stat().st_size > 0
    breaches = "\n".join(verify_archive(store, settings.archive_path, settings.published_dir).breaches)
    assert "free pages of archive.db still hold old content" in breaches
    holder.close()


#: Datasette's private attributes that publishing once reached into (publish/reopen.py, now gone).
PRIVATE = re.compile(r"_all_file_connections|_read_connection|\bdatasette\.executor\b|"
                     r"\b(?:datasette|ds|db)\._[a-z]\w*")


def test_no_code_touches_datasette_s_private_attributes():
    mine = Path(__file__).resolve()
    found = []
    for folder in ("publish", "wiring", "stories", "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            if "vendor" in path.relative_to(ROOT).parts or path.resolve() == mine:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if PRIVATE.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
    assert not (ROOT / "publish" / "reopen.py").exists()


def test_the_plugin_s_setting_comes_through_plugin_config(tmp_path):
    from datasette.app import Datasette

    from publish.web_common import published_dir

    archive = tmp_path / "archive.db"
    sqlite3.connect(archive).close()
    assert published_dir(Datasette([str(archive)])) == tmp_path / "published"  # where `stories` keeps it
    elsewhere = tmp_path / "served-audio"
    settings = {"plugins": {"stories": {"published_dir": str(elsewhere)}}}
    configured = Datasette([str(archive)], metadata=settings)
    assert published_dir(configured) == elsewhere
