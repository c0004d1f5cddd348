"""`stories publish` killed mid-build: the live archive is never half-built, and Datasette keeps serving."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from browser import archive_server
from sqlite_utils.utils import sqlite3

from wiring import syncer, tasks

BENCH = Path(__file__).parents[2] / "bench" / "archive_data.py"
STORIES = 2000  # enough that a build takes a moment on a busy two-core machine


def fill_store(store, count: int, seed: int) -> int:
    """bench/archive_data.py's synthetic stories (loaded by path: bench/ has its own ``analyse.py``)."""
    spec = importlib.util.spec_from_file_location("archive_data", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fill_store(store, count, seed=seed)


def rows(path: Path) -> tuple[int, str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (conn.execute("select count(*) from stories").fetchone()[0],
                conn.execute("pragma integrity_check").fetchone()[0])
    finally:
        conn.close()


def publish(settings) -> subprocess.Popen:
    env = {**os.environ, "STORIES_HOME": str(settings.home)}
    return subprocess.Popen([sys.executable, "-m", "stories", "publish"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


class Watcher(threading.Thread):
    """Asks Datasette for the number of stories, again and again, and keeps every answer."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.answers, self.stop = f"{url}/archive/stories.json?_size=1", [], threading.Event()

    def count(self) -> int | str:
        try:
            response = httpx.get(self.url, timeout=10)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        return response.json()["filtered_table_rows_count"]

    def run(self) -> None:
        while not self.stop.is_set():
            self.answers.append(self.count())
            self.stop.wait(0.02)


def test_publish_killed_mid_build_leaves_the_old_archive_served(settings, store):
    tasks.sync_themes(settings, store)
    fill_store(store, STORIES, seed=1)
    # The old archive holds a third of them; the new one all.
    ready = "state in ('approved', 'published')"
    held = [r[0] for r in store.db.execute(f"select id from stories where {ready} and rowid % 3 > 0")]  # noqa: S608 - a constant condition
    with store.transaction():
        store.db.execute(f"update stories set state = 'in_review' where {ready} and rowid % 3 > 0")  # noqa: S608 - a constant condition
    old = tasks.publish_archive(settings, store)
    assert rows(settings.archive_path) == (old, "ok")
    with store.transaction():
        store.db.conn.executemany("update stories set state = 'approved' where id = ?", [(i,) for i in held])
    building = settings.archive_path.with_name(".archive.db.building")
    settings.published_dir.mkdir(exist_ok=True)  # as `stories serve` makes it: Datasette serves it

    with archive_server(settings) as url:
        watcher = Watcher(url)
        watcher.start()
        try:
            live = settings.archive_path.stat()
            proc = publish(settings)
            # Killed once the new archive is being written, well before it could be swapped in
            # (or as soon as the live file changes, for a build that writes it in place).
            while not (building.exists() and building.stat().st_size > 512 * 1024) \
                    and settings.archive_path.stat().st_mtime_ns == live.st_mtime_ns:
                assert proc.poll() is None, f"publish ended before it could be killed: {proc.stdout.read()}"
                time.sleep(0.005)
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(30) == -signal.SIGKILL
            assert rows(settings.archive_path) == (old, "ok")
            answered = len(watcher.answers)
            while len(watcher.answers) < answered + 5:  # and Datasette still answers after the kill
                time.sleep(0.02)
        finally:
            watcher.stop.set()
            watcher.join()
        assert watcher.answers and set(watcher.answers) == {old}, watcher.answers
        assert building.exists()  # the killed build's scratch file: the next publish clears it

        finished = publish(settings)
        output = finished.communicate(timeout=300)[0].decode()
        assert finished.returncode == 0, output
        new = rows(settings.archive_path)
        assert new[1] == "ok" and new[0] > old
        assert not building.exists()
        assert [p.name for p in settings.home.glob(".archive.db*")] == [".archive.db.lock"]
        # The same Datasette, never restarted, now serves the new archive.
        deadline, served = time.monotonic() + 30, None
        while served != new[0] and time.monotonic() < deadline:
            served = Watcher(url).count()
            time.sleep(0.1)
        assert served == new[0]


def test_a_killed_build_s_partial_audio_is_cleared_by_the_next_publish(settings, store):
    settings.published_dir.mkdir(parents=True)
    partial = settings.published_dir / ".abc-123.m4a.1a2b3c4d.part"
    partial.write_bytes(b"half an encoding")
    tasks.publish_archive(settings, store)
    assert not partial.exists()


def test_a_sync_killed_mid_transaction_cannot_spoil_the_next_build(settings, store):
    """A killed writer leaves pages it never committed (in archive.db-wal; a hot journal, before WAL):
    they must not reach the archive, nor be played over the new one."""
    tasks.sync_themes(settings, store)
    fill_store(store, 300, seed=3)
    old = tasks.publish_archive(settings, store)
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('pragma cache_size = 1')  # spill: changed pages reach the file before the commit\n"
        "db.execute('begin')\n"
        "db.execute(\"update segments set text = 'half-written'\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"), str(settings.archive_path)])
    assert killed.returncode == -signal.SIGKILL
    wal = settings.archive_path.with_name("archive.db-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the spilled, uncommitted pages
    assert tasks.publish_archive(settings, store) == old
    assert not settings.archive_path.with_name("archive.db-journal").exists()
    assert not wal.exists() or wal.stat().st_size == 0
    story_id = next(r[0] for r in store.db.execute("select id from stories where state = 'published'"))
    syncer.sync_one(settings, store, story_id)  # a writer: it would play back a journal left behind
    assert rows(settings.archive_path) == (old, "ok")
    conn = sqlite3.connect(settings.archive_path)
    assert conn.execute("select count(*) from segments where text = 'half-written'").fetchone() == (0,)
    conn.close()
