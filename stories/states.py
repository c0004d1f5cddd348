"""The story's state machine: which state may follow which, and which changes reach the archive.

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

from stories.model import State

S = State
#: state -> the states it may become. A step may claim its own state again (a worker taking over a
#: story whose lease ran out), and review keeps a story ``in_review`` while it is edited.
TRANSITIONS: dict[State, frozenset[State]] = {
    S.RECEIVED: frozenset({S.TRANSCRIBING, S.FAILED, S.WITHDRAWN}),
    S.TRANSCRIBING: frozenset({S.TRANSCRIBING, S.TRANSCRIBED, S.FAILED, S.WITHDRAWN}),
    S.TRANSCRIBED: frozenset({S.ANALYSING, S.FAILED, S.WITHDRAWN}),
    S.ANALYSING: frozenset({S.ANALYSING, S.IN_REVIEW, S.FAILED, S.WITHDRAWN}),
    # Back to received: a moderator has it transcribed again (in another language, say).
    S.IN_REVIEW: frozenset({S.IN_REVIEW, S.APPROVED, S.KEPT_PRIVATE, S.REJECTED, S.RECEIVED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.APPROVED, S.PUBLISHED, S.IN_REVIEW, S.REJECTED, S.WITHDRAWN}),
    S.PUBLISHED: frozenset({S.PUBLISHED, S.IN_REVIEW, S.REJECTED, S.WITHDRAWN}),
    S.KEPT_PRIVATE: frozenset({S.KEPT_PRIVATE, S.IN_REVIEW, S.REJECTED, S.WITHDRAWN}),
    S.REJECTED: frozenset({S.REJECTED, S.IN_REVIEW, S.WITHDRAWN}),
    S.FAILED: frozenset({S.RECEIVED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}

#: A worker may pick a story up from these (after a crash it starts the step over).
UNFINISHED = (S.RECEIVED, S.TRANSCRIBING, S.TRANSCRIBED, S.ANALYSING)
#: A moderator edits, tags and redacts only here; an approved story is reopened first.
REVIEWABLE = (S.IN_REVIEW,)
REOPENABLE = (S.APPROVED, S.PUBLISHED, S.KEPT_PRIVATE, S.REJECTED)
REJECTABLE = (S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.KEPT_PRIVATE)
#: A moderator may send these back to be transcribed again; an approved story is reopened first.
RETRIABLE = (S.FAILED, S.IN_REVIEW)
#: Approved with the teller's consent to publish: in the archive, or about to be.
GOING_PUBLIC = (S.APPROVED, S.PUBLISHED)
#: Stories whose tags a new codebook may change (earlier ones get tagged when analysed).
RETAGGABLE = (S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.KEPT_PRIVATE, S.REJECTED)
#: Nothing more happens to these by itself: a status page can stop asking.
SETTLED = (S.PUBLISHED, S.KEPT_PRIVATE, S.REJECTED, S.WITHDRAWN, S.FAILED)
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
