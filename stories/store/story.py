"""The story's own row, and what the teller gave with it: tables ``stories``, ``consents``,
``contacts``, ``self_tags`` and ``consent_statements``.

The ``state`` and lease columns of ``stories`` are not written here: the state changes only as a
compare-and-set (``stories.store.transitions``), the lease only through ``stories.store.leases``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import sqlite_utils

from stories.clock import now
from stories.errors import StoryNotFound
from stories.model import State

if TYPE_CHECKING:
    from stories.store import Store

ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o or 1/l to misread
CONSENT_VERSION = "2026-11-v1"
#: Tables with one or more rows per story, keyed by ``story_id`` (what ``delete_rows`` may clear).
PER_STORY_TABLES = ("segments", "words", "tags", "entities", "redactions", "contacts", "self_tags",
                    "consents", "consent_statements")
#: Columns only a transition or a lease may change.
_GUARDED = frozenset({"id", "state", "lease_owner", "lease_until"})


def new_story_id() -> str:
    """A short, unguessable id: it becomes the public, stable permalink."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(10))


def create_story(store: Store, fields: Mapping[str, object], consents: Mapping[str, bool],
                 contact: str = "", actor: str = "teller", self_tags: Iterable[str] = (),
                 consent_words: str = "") -> str:
    """Insert a new story in state ``received`` with its consents and the teller's own tags.

    ``consent_words`` is the teller's consent in their own words, when a reporter collected the story.
    """
    story_id, stamp = new_story_id(), now()
    row = {**fields, "id": story_id, "state": State.RECEIVED.value}
    row.update(created_at=stamp, updated_at=stamp)
    db = store.db
    with store.transaction():
        db["stories"].insert(row)
        db["consents"].insert_all(
            {"story_id": story_id, "scope": scope, "granted": int(granted),
             "consent_version": CONSENT_VERSION, "recorded_at": stamp}
            for scope, granted in consents.items()
        )
        if contact:
            db["contacts"].insert({"story_id": story_id, "contact": contact, "recorded_at": stamp})
        db["self_tags"].insert_all({"story_id": story_id, "theme_id": t} for t in self_tags)
        if consent_words:
            db["consent_statements"].insert({"story_id": story_id, "words": consent_words,
                                             "collected_by": fields.get("collected_by"),
                                             "recorded_at": stamp})
        store.record(story_id, actor, "received", state=State.RECEIVED)
    return story_id


def get(store: Store, story_id: str) -> dict:
    """The story's row; raises StoryNotFound."""
    try:
        return store.db["stories"].get(story_id)
    except sqlite_utils.db.NotFoundError:
        raise StoryNotFound(f"No story with id {story_id!r}") from None


def all_stories(store: Store, states: Iterable[State] | None = None) -> list[dict]:
    """Stories, newest first, optionally only those in ``states``."""
    if states is None:
        return list(store.db["stories"].rows_where(order_by="created_at desc"))
    states = [State(s).value for s in states]
    where = f"state in ({', '.join('?' * len(states))})"
    return list(store.db["stories"].rows_where(where, states, order_by="created_at desc"))


def consents(store: Store, story_id: str) -> dict[str, bool]:
    """The teller's answer to each consent question: scope -> granted."""
    rows = store.db["consents"].rows_where("story_id = ?", [story_id])
    return {row["scope"]: bool(row["granted"]) for row in rows}


def update_story(store: Store, story_id: str, **fields) -> None:
    """Change the story's own fields (a moderator's framing, place or title) and its ``updated_at``.

    Call it inside a transaction that holds the story's state (``store.expect``), so the change
    lands only on a story still where the caller saw it.
    """
    if _GUARDED & fields.keys():
        raise ValueError(f"{sorted(_GUARDED & fields.keys())} change only through a transition or a lease")
    store.db["stories"].update(story_id, {**fields, "updated_at": now()})


def set_progress(store: Store, story_id: str, done: float, total: float) -> None:
    """Seconds of audio transcribed so far, for status pages and `stories status`."""
    with store.transaction():
        store.db["stories"].update(story_id, {"progress_done": round(done, 2),
                                              "progress_total": round(total, 2)})


def delete_rows(store: Store, story_id: str, tables: Iterable[str]) -> None:
    """Delete the story's rows from these per-story tables (a withdrawal's content)."""
    for table in tables:
        if table not in PER_STORY_TABLES:
            raise ValueError(f"{table!r} is not a per-story table")
        store.db[table].delete_where("story_id = ?", [story_id])
