"""Workers on other machines: their tokens (``worker_tokens``) and the results they sent (``remote_results``).

A remote worker never opens ``stories.db``; the coordinator's API does this on its behalf. Every
call checks the token inside the transaction that acts on it, so a token revoked a moment before is
refused, and a result is applied at most once per story, step and input (``remote_results``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlite_utils

from stories.clock import now
from stories.errors import TokenRefused
from stories.store.connection import transaction

if TYPE_CHECKING:
    from stories.store import Store

#: Every remote lease is named after its token, so a token's leases can be found and ended.
OWNER_PREFIX = "remote:"


def owner_for(name: str) -> str:
    """A new lease owner for a job done under token ``name``: unique per claim."""
    return f"{OWNER_PREFIX}{name}:{secrets.token_hex(8)}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tokens:
    """Worker tokens, stored as their sha256 only; shown once, when made."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def add(self, name: str) -> str:
        """A new token for worker ``name`` (replacing any it had); returns it, the only time it is seen."""
        if not name or ":" in name or len(name) > 64:
            raise ValueError("A worker's name is 1 to 64 characters, without ':'")
        token = secrets.token_urlsafe(32)
        with transaction(self.db):
            self.db["worker_tokens"].upsert({"name": name, "token_sha256": _digest(token),
                                             "created_at": now()}, pk="name")
        return token

    def remove(self, name: str) -> bool:
        """Revoke ``name``'s token at once; its leases end now, so its stories go to other workers."""
        with transaction(self.db):
            gone = self.db.execute("delete from worker_tokens where name = ?", [name]).rowcount
            self.db.execute("update stories set lease_until = ? where lease_owner like ? escape '\\'",
                            [now(), _like_prefix(f"{OWNER_PREFIX}{name}:")])
        return bool(gone)

    def names(self) -> list[dict]:
        """Each worker's name and when its token was made (never the token)."""
        return list(self.db.query("select name, created_at from worker_tokens order by name"))

    def name_of(self, token: str | None) -> str:
        """The worker a token belongs to; TokenRefused if it is unknown or revoked."""
        row = self.db.execute("select name from worker_tokens where token_sha256 = ?",
                              [_digest(token or "")]).fetchone()
        if row is None:
            raise TokenRefused("Unknown or revoked worker token")
        return row[0]

    def check_owner(self, token: str | None, lease_owner: str) -> str:
        """The token's worker, who must be the one that took ``lease_owner``; else TokenRefused."""
        name = self.name_of(token)
        if not lease_owner.startswith(f"{OWNER_PREFIX}{name}:"):
            raise TokenRefused("That lease is not this worker's")
        return name


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def apply_once(store: Store, token: str | None, story_id: str, step: str, input_key: str,
               lease_owner: str, save: Callable[[], None]) -> bool:
    """Apply a remote result exactly once; returns False for a repeat (nothing changed).

    In one transaction: the token is checked (TokenRefused), a result already applied for this story,
    step and input is a no-op, and otherwise ``save()`` stores it as a compare-and-set on the state and
    on ``lease_owner``'s lease (StateConflict if the story was withdrawn or taken over: nothing lands).
    The lease is let go with it.
    """
    with store.transaction():
        store.tokens.check_owner(token, lease_owner)
        if store.db.execute("select 1 from remote_results where story_id = ? and step = ? and input_key = ?",
                            [story_id, step, input_key]).fetchone():
            return False
        save()
        store.db["remote_results"].insert({"story_id": story_id, "step": step, "input_key": input_key,
                                           "lease_owner": lease_owner, "applied_at": now()})
        store.leases.release(story_id, lease_owner)
    return True
