"""How a story changes state: every change a compare-and-set, in the transaction of its data.

``stories.states`` says which changes are allowed; these carry them out on the working store, and
are the ``Store`` methods of the same names (``Store.move`` and so on). A change whose story is no
longer where it was expected raises ``StateConflict`` and nothing of it lands. A change that may
alter what the archive holds puts the story in the outbox in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from stories.clock import later, now
from stories.errors import StateConflict, StoryNotFound
from stories.model import State
from stories.states import UNFINISHED, changes_archive, check

if TYPE_CHECKING:
    from stories.store import Store


def claim(store: Store, story_id: str, from_states: Iterable[State], to: State, actor: str,
          lease_owner: str | None = None, lease_seconds: float = 0) -> bool:
    """Move a story to ``to`` only if it is in one of ``from_states``; returns whether it moved.

    A story whose lease is still running is never claimed. With a ``lease_owner`` the claim
    takes the lease for ``lease_seconds`` (see stories.leases) and names the owner in the log.
    """
    allowed = [s.value for s in check(from_states, to)]
    stamp = now()
    with store.transaction():
        cursor = store.db.execute(
            f"update stories set state = ?, error = null, error_code = null, updated_at = ?, "  # noqa: S608 - joins ? placeholders only
            f"lease_owner = ?, lease_until = ? "
            f"where id = ? and state in ({', '.join('?' * len(allowed))}) "
            f"and (lease_until is null or lease_until <= ?)",
            [to.value, stamp, lease_owner, later(lease_seconds) if lease_owner else None, story_id,
             *allowed, stamp],
        )
        if cursor.rowcount:
            store.record(story_id, actor, f"started {to.value}",
                         f"lease {lease_owner}" if lease_owner else None, state=to)
    return bool(cursor.rowcount)


def fail(store: Store, story_id: str, reason: str, actor: str, seconds: float | None = None,
         lease_owner: str | None = None, teller_reason: str = "") -> None:
    """Mark an unfinished story failed with a reason people can read (a withdrawn one stays withdrawn).

    ``reason`` is the team's (English, detailed); ``teller_reason`` is the code the teller's status
    page explains (``StepFailed.teller_reason``: "no_speech", "unreadable", or "" when it is ours).
    """
    move(store, story_id, State.FAILED, expected=UNFINISHED, actor=actor, action="failed", detail=reason,
         seconds=seconds, lease_owner=lease_owner, error=reason, error_code=teller_reason or None)


def move(store: Store, story_id: str, to: State, *, expected, actor: str, action: str | None = None,
         detail: str | None = None, seconds: float | None = None, before=None, after=None,
         lease_owner: str | None = None, **fields) -> State:
    """Change the story's state, as a compare-and-set on ``expected``; returns the state it was in.

    It runs in its own transaction, or inside the caller's (``with store.transaction():``) when
    the change writes data too: then a ``StateConflict`` (the story is no longer in an expected
    state, or with ``lease_owner``, no longer held by it) rolls all of it back. The change is
    logged; a withdrawal also ends any lease, which stops the worker holding it.
    """
    allowed = check(expected, to)
    with store.transaction():
        # Under the write lock: the state read here is the state the update below replaces.
        row = store.db.execute("select state from stories where id = ?", [story_id]).fetchone()
        if row is None:
            raise StoryNotFound(f"No story with id {story_id!r}")
        prior = State(row[0])
        if prior not in allowed:
            raise StateConflict(f"Story {story_id} is {prior.value} now: it cannot become {to.value}.")
        sets = {**fields, "state": to.value, "updated_at": now()}
        if to == State.WITHDRAWN:
            sets.update(lease_owner=None, lease_until=None)
        where, params = "id = ? and state = ?", [story_id, prior.value]
        if lease_owner is not None:
            where, params = where + " and lease_owner = ?", [*params, lease_owner]
        cursor = store.db.execute(
            f"update stories set {', '.join(f'[{k}] = ?' for k in sets)} where {where}",  # noqa: S608 - column names from code, values as ? placeholders
            [*sets.values(), *params])
        if not cursor.rowcount:
            raise StateConflict(f"Story {story_id} changed while this was being done; nothing was saved.")
        store.record(story_id, actor, action or to.value, detail, seconds, before, after, state=to)
        if changes_archive(prior, to):
            store.queue_sync(story_id)
    return prior


def expect(store: Store, story_id: str, states) -> State:
    """Inside a transaction: hold the story to one of ``states`` while its data is changed.

    A compare-and-set that changes nothing but ``updated_at``: the write lock it takes keeps the
    state from changing until the transaction ends, and ``StateConflict`` says it already had.
    """
    values = [State(s).value for s in states]
    cursor = store.db.execute(
        f"update stories set updated_at = ? where id = ? and state in ({', '.join('?' * len(values))})",  # noqa: S608 - joins ? placeholders only
        [now(), story_id, *values])
    current = State(store.get(story_id)["state"])
    if not cursor.rowcount:
        raise StateConflict(f"Story {story_id} is {current.value} now: it cannot be changed that way.")
    return current
