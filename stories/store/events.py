"""The story's log, table ``events``: who did what, when, and what it was before and after.

Every change writes its event in the transaction of the change (``record``), so the log never
says something happened that did not, nor misses something that did.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from stories.clock import now
from stories.model import State

if TYPE_CHECKING:
    from stories.store import Store


def record(store: Store, story_id: str, actor: str, action: str, detail: str | None = None,
           seconds: float | None = None, before=None, after=None, state: State | None = None) -> None:
    """Add an event to the story's log; ``before``/``after`` are kept as JSON for the audit."""
    store.db["events"].insert({
        "story_id": story_id, "at": now(), "actor": actor, "action": action,
        "state": state.value if state else None, "detail": detail, "seconds": seconds,
        "before": None if before is None else json.dumps(before),
        "after": None if after is None else json.dumps(after),
    })


def events(store: Store, story_id: str) -> list[dict]:
    """The story's log, oldest first."""
    return list(store.db["events"].rows_where("story_id = ?", [story_id], order_by="id"))


def keep_states_only(store: Store, story_id: str, wordy_actions: Iterable[str]) -> None:
    """Strip the log of what the story said (a withdrawal): who did what and when stays.

    Each entry's before/after keeps only the state it records, and the entries whose detail may
    quote the story (``wordy_actions``) lose their detail.
    """
    wordy = set(wordy_actions)
    for event in store.rows("events", story_id):
        kept = {key: _states_only(event[key]) for key in ("before", "after")}
        if event["action"] in wordy:
            kept["detail"] = None
        store.db["events"].update(event["id"], kept)


def _states_only(value: str | None) -> str | None:
    """An audit entry's before/after, keeping only the state it records."""
    data = json.loads(value) if value else None
    if not isinstance(data, dict) or "state" not in data:
        return None
    return json.dumps({"state": data["state"]})
