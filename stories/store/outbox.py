"""The archive's outbox, table ``archive_outbox``: "sync story X", written in the same transaction
as the decision.

A decision that may change what the archive holds (approve, reject, reopen,
withdraw, re-tag) adds its story here before it commits, so the decision and
the note to act on it land together or not at all. The syncer drains the
outbox, whatever the job queue is doing and even if it was down when the
decision was taken; a story queued again while the syncer works on it stays
queued (``version``), so the last decision always gets its own sync.
``Store.outbox`` is one of these on the store's connection.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from stories.clock import now

TABLE = "archive_outbox"


@dataclass(frozen=True)
class Pending:
    """One story waiting to be synced, as it was queued."""

    story_id: str
    version: int
    attempts: int


class Outbox:
    """Queues stories for the syncer and takes them off once synced."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def queue(self, story_id: str) -> None:
        """Inside the caller's transaction: the archive must be brought in line with this story."""
        self.db.execute(f"insert into {TABLE} (story_id, queued_at, version, attempts) values (?, ?, 1, 0) "  # noqa: S608 - constant table name
                        "on conflict (story_id) do update set queued_at = excluded.queued_at, "
                        "version = version + 1, attempts = 0, last_error = null", [story_id, now()])

    def pending(self, limit: int = 100, only: list[str] | None = None) -> list[Pending]:
        """Stories waiting, oldest first (``only``: just these)."""
        where, params = "", []
        if only is not None:
            where, params = f"where story_id in ({', '.join('?' * len(only))})", list(only)
        rows = self.db.execute(f"select story_id, version, attempts from {TABLE} {where} "  # noqa: S608 - joins ? placeholders only
                               "order by attempts, queued_at limit ?", [*params, limit]).fetchall()
        return [Pending(*row) for row in rows]

    def done(self, item: Pending) -> bool:
        """Take the story off, unless it was queued again meanwhile; returns whether it came off."""
        cursor = self.db.execute(f"delete from {TABLE} where story_id = ? and version = ?",  # noqa: S608 - constant table name
                                 [item.story_id, item.version])
        return bool(cursor.rowcount)

    def failed(self, item: Pending, error: str) -> None:
        """Keep the story queued, with why this attempt failed (it goes behind the others)."""
        self.db.execute(f"update {TABLE} set attempts = attempts + 1, last_error = ? where story_id = ?",  # noqa: S608 - constant table name
                        [error[:2000], item.story_id])

    def count(self) -> int:
        """How many stories wait to be synced."""
        return self.db[TABLE].count if self.db[TABLE].exists() else 0
