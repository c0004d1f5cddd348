"""The live ``archive.db``: one writer at a time, changed in place, never left half-written.

The archive is kept in WAL mode, so its readers (Datasette, exports, evidence
packs) are never blocked by a writer, and a writer never by them. A full build
is made in a scratch file and copied into the live archive with SQLite's backup
API (``stories.backup.copy_into``), in one write transaction: a reader already
open goes on seeing the old archive until the copy commits and the new one from
its next query on, without reopening anything; a publish killed mid-copy leaves
only uncommitted frames in ``archive.db-wal``, which SQLite ignores, so the
archive is the old one or the new one, never half of either.

After every change the WAL is checkpointed and truncated: ``archive.db`` alone
then holds what a reader sees, and no superseded page (words of a story since
withdrawn) lingers in ``archive.db-wal`` or in the main file's tail.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from publish import traces
from stories.backup import copy_into
from stories.errors import StoriesError


class ArchiveBusy(StoriesError):
    """The archive changed, but readers kept its old pages in use past the busy timeout."""


@contextmanager
def archive_lock(archive_path: Path) -> Iterator[None]:
    """Only one build or story sync at a time changes the archive (a lock file beside it)."""
    lock_path = Path(archive_path).with_name(f".{Path(archive_path).name}.lock")
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when the process dies
        yield


def open_live(archive_path: Path) -> sqlite_utils.Database:
    """Open the live archive for writing, in WAL mode (an archive made before WAL is converted)."""
    db = traces.connect(archive_path)
    mode = db.execute("pragma journal_mode = wal").fetchone()[0]
    if mode != "wal":
        db.close()
        raise StoriesError(f"{archive_path} could not be put in WAL mode (it is in {mode} mode)")
    return db


def page_size(archive_path: Path) -> int | None:
    """The live archive's page size (None if there is none yet): a build copied into it must match."""
    if not Path(archive_path).exists():
        return None
    db = traces.connect(archive_path)  # not read-only: it may have a crashed writer's journal to undo
    try:
        return db.execute("pragma page_size").fetchone()[0]
    finally:
        db.close()


def copy_in(built: Path, archive_path: Path) -> None:
    """Replace the live archive's content by the finished build's, in place and in one transaction."""
    db = open_live(archive_path)
    try:
        copy_into(built, db.conn)
        checkpoint(db)
    finally:
        db.close()


def checkpoint(db: sqlite_utils.Database) -> None:
    """Move every committed page into ``archive.db`` and empty the WAL (after each change).

    The checkpoint waits (the connection's busy timeout) for readers still on an older
    snapshot. If they outlast it, the change stands but old pages may remain in the WAL:
    ArchiveBusy is raised, so that the caller tries again (the syncer keeps the story queued).
    """
    busy, _log, _moved = db.execute("pragma wal_checkpoint(truncate)").fetchone()
    if busy:
        raise ArchiveBusy("The archive was updated, but readers kept it busy: its write-ahead log "
                          "could not be emptied yet; try again")
