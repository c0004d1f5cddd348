"""The rules read from the state machine (``stories.model.STATES``): which state may follow which,
and which changes reach the archive.

Every change of state in the project is one of these transitions, made by
``Store.move`` as a compare-and-set on the state it expects, in the same
transaction as the data it writes. A job whose story changed under it (a
withdrawal during transcription, say) finds the compare-and-set failing and
throws its result away. ``withdrawn`` is final.

The publication rule lives here too, so the moderator's approval, the syncer
and ``stories verify`` all ask the same question.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from stories.model import STATES, State, Trait, states_where

S = State
#: state -> the states it may become (the ``becomes`` column of ``stories.model.STATES``).
TRANSITIONS: dict[State, frozenset[State]] = {state: rule.becomes for state, rule in STATES.items()}

UNFINISHED = states_where(Trait.UNFINISHED)
REVIEWABLE = states_where(Trait.REVIEWABLE)
REOPENABLE = states_where(Trait.DECIDED)
REJECTABLE = states_where(Trait.REJECTABLE)
RETRIABLE = states_where(Trait.RETRIABLE)
GOING_PUBLIC = states_where(Trait.GOING_PUBLIC)
RETAGGABLE = states_where(Trait.RETAGGABLE)
APPROVED_ANY = states_where(Trait.APPROVED)
SETTLED = states_where(Trait.SETTLED)
#: The consent without which nothing is published.
REQUIRED_CONSENT = "publish"


def may_become(before: State | str, after: State | str) -> bool:
    """Whether the table allows ``before`` -> ``after``."""
    return State(after) in TRANSITIONS[State(before)]


def sources(after: State | str) -> tuple[State, ...]:
    """Every state that may become ``after``."""
    return tuple(s for s, targets in TRANSITIONS.items() if State(after) in targets)


def check(expected: Iterable[State | str], after: State | str) -> tuple[State, ...]:
    """``expected`` as states, each allowed to become ``after``; a programming error otherwise."""
    states = tuple(State(s) for s in expected)
    wrong = [s.value for s in states if not may_become(s, after)]
    if wrong or not states:
        raise ValueError(f"No transition from {wrong or 'nothing'} to {State(after).value}")
    return states


def changes_archive(before: State | str, after: State | str) -> bool:
    """Whether a transition may change what the archive holds, so it records "sync story X".

    Into or out of ``GOING_PUBLIC``, and every withdrawal. Approved -> published is the
    syncer's own note that it has published the story: nothing more to sync.
    """
    before, after = State(before), State(after)
    if (before, after) == (S.APPROVED, S.PUBLISHED):
        return False
    return before in GOING_PUBLIC or after in GOING_PUBLIC or after == S.WITHDRAWN


def may_publish(state: State | str, consents: Mapping[str, bool]) -> bool:
    """True if a story in ``state`` with these consents may be in the public archive."""
    return State(state) in GOING_PUBLIC and bool(consents.get(REQUIRED_CONSENT, False))


def approved_state(consents: Mapping[str, bool]) -> State:
    """Where a moderator's approval takes a story: towards the archive, or kept private."""
    return S.APPROVED if consents.get(REQUIRED_CONSENT, False) else S.KEPT_PRIVATE
