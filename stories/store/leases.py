"""The lease columns of ``stories``: which worker holds a story, and until when.

``Store.leases`` is one of these on the store's connection. A lease is taken with the claim itself
(``stories.store.transitions.claim``); the worker's side (who the owner is, the heartbeat that
renews it) is ``stories.leases``.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from stories.clock import later
from stories.model import State
from stories.store.connection import transaction


class Leases:
    """Renews, releases and lists the leases in ``stories.db``."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def renew(self, story_id: str, lease_owner: str, seconds: float) -> bool:
        """Extend the owner's lease; False if it is no longer theirs (another worker took over)."""
        with transaction(self.db):
            cursor = self.db.execute("update stories set lease_until = ? where id = ? and lease_owner = ?",
                                     [later(seconds), story_id, lease_owner])
        return bool(cursor.rowcount)

    def release(self, story_id: str, lease_owner: str) -> None:
        """Give the lease up (the step ended); someone else's lease is left alone."""
        with transaction(self.db):
            self.db.execute("update stories set lease_owner = null, lease_until = null "
                            "where id = ? and lease_owner = ?", [story_id, lease_owner])

    def leased(self, states: Iterable[State]) -> list[dict]:
        """Stories in ``states`` whose lease is still running: id, lease_owner, lease_until."""
        values = [State(s).value for s in states]
        return list(self.db.query(
            f"select id, lease_owner, lease_until from stories "  # noqa: S608 - joins ? placeholders only
            f"where state in ({', '.join('?' * len(values))}) and lease_until > ? order by created_at",
            [*values, later()]))

    def unleased(self, states: Iterable[State], idle_seconds: float = 0) -> list[str]:
        """Ids of stories in ``states`` nobody holds, oldest first.

        A lease that ran out counts at once. A story that never had one counts once it has not
        changed for ``idle_seconds``, which leaves time for the job that was just queued for it.
        """
        values = [State(s).value for s in states]
        stamp = later()
        rows = self.db.query(
            f"select id from stories where state in ({', '.join('?' * len(values))}) "  # noqa: S608 - joins ? placeholders only
            "and ((lease_until is not null and lease_until <= ?) "
            "or (lease_until is null and updated_at <= ?)) "
            "order by created_at", [*values, stamp, later(-idle_seconds)])
        return [row["id"] for row in rows]
