"""The one place that decides which stories may appear in the public archive.

Every way into ``archive.db`` goes through ``publishable``: change the rule
here and nowhere else.
"""

from __future__ import annotations

from stories.model import State
from stories.store import Store

#: Only finished stories are published; later, a moderator's approval joins this.
READY_STATES = (State.ANALYSED,)
REQUIRED_CONSENT = "publish"


def may_publish(story: dict, consents: dict[str, bool]) -> bool:
    """True if this story, with these consents, may be in the public archive."""
    return State(story["state"]) in READY_STATES and consents.get(REQUIRED_CONSENT, False)


def publishable(store: Store) -> list[dict]:
    """The stories the archive should hold right now, oldest first."""
    stories = [s for s in store.all(READY_STATES) if may_publish(s, store.consents(s["id"]))]
    return sorted(stories, key=lambda s: s["created_at"])
