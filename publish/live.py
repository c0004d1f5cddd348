"""Replacing ``archive.db`` whole, safely: one writer at a time, and an atomic rename.

A reader (Datasette, an export) that opens the archive gets the old file or the
new one. Readers that already had the old one open keep reading it until they
reopen (publish/reopen.py does that for Datasette).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publish.traces import sqlite3


@contextmanager
def archive_lock(archive_path: Path) -> Iterator[None]:
    """Only one build or story sync at a time changes the archive (a lock file beside it)."""
    lock_path = Path(archive_path).with_name(f".{Path(archive_path).name}.lock")
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when the process dies
        yield


def swap_in(built: Path, live: Path) -> None:
    """Rename the finished archive over the live one: a reader opens the old file or the new one."""
    with built.open("rb") as f:
        os.fsync(f.fileno())  # the rename must not reach the disk before the data does
    if live.exists():
        # A sync killed mid-transaction leaves a hot journal written for the old file; the next
        # writer would play it back over the new one. Opening the old file rolls it back now.
        conn = sqlite3.connect(live, timeout=30)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
            if conn.execute("pragma journal_mode").fetchone()[0] == "wal":
                conn.execute("pragma wal_checkpoint(truncate)")
        finally:
            conn.close()
    os.replace(built, live)
    directory = os.open(live.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)
