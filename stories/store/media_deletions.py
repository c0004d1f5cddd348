"""Media waiting to be deleted, table ``media_deletions``: written in the transaction of a withdrawal.

A withdrawal must take the recording and photo with it. Where media live in an object store, the
store may be unreachable at that moment; the story is withdrawn all the same, and the names of its
files wait here until they are gone (``stories.media_store.purge``, called at once and again by the
syncer every minute). ``Store.media_deletions`` is one of these on the store's connection.
"""

from __future__ import annotations

import sqlite_utils

from stories.clock import now

TABLE = "media_deletions"


class MediaDeletions:
    """Names (``ab/<sha256>.<ext>``) to delete from the media store, and their last error."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def queue(self, name: str) -> None:
        """Inside the caller's transaction: this file must go."""
        self.db.execute(f"insert into {TABLE} (name, queued_at, attempts) values (?, ?, 0) "  # noqa: S608 - constant table name
                        "on conflict (name) do nothing", [name, now()])

    def pending(self, only: list[str] | None = None) -> list[str]:
        """Names still to delete (``only``: just these), oldest first."""
        rows = self.db.execute(f"select name from {TABLE} order by queued_at").fetchall()  # noqa: S608 - constant table name
        return [name for (name,) in rows if only is None or name in only]

    def done(self, name: str) -> None:
        """The file is gone (or a story names it again): forget it."""
        self.db.execute(f"delete from {TABLE} where name = ?", [name])  # noqa: S608 - constant table name

    def failed(self, name: str, error: str) -> None:
        """Keep it, with why this attempt failed."""
        self.db.execute(f"update {TABLE} set attempts = attempts + 1, last_error = ? where name = ?",  # noqa: S608 - constant table name
                        [error[:2000], name])
