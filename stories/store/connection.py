"""Opening ``stories.db``, and writing to it in one transaction: what every part of the store shares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils


def connect(path: Path) -> sqlite_utils.Database:
    """Open a SQLite file the way every part of the project should."""
    db = sqlite_utils.Database(path)
    db.execute("pragma busy_timeout = 10000")
    db.execute("pragma foreign_keys = on")
    db.enable_wal()
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One write transaction: all of it lands, or none of it.

    ``BEGIN IMMEDIATE`` takes the write lock first (waiting up to the busy timeout), so a
    compare-and-set inside reads the latest state, never a stale snapshot. sqlite-utils commits
    each write made outside a transaction at once, so every multi-step write goes in one of
    these. Nested, it is a savepoint of the outer one.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
