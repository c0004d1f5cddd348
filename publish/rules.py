"""Which stories may appear in the public archive: the core's rule (stories.states), applied.

Every way into ``archive.db`` goes through ``may_publish``; the rule itself
lives in the core, where the moderator's approval and ``stories verify`` read it too.
"""

from __future__ import annotations

from stories.model import State
from stories.states import GOING_PUBLIC
from stories.states import may_publish as _may_publish
from stories.store import Store

#: A moderator approved it and its teller consented (it may already be out).
READY_STATES = GOING_PUBLIC


def may_publish(story: dict, consents: dict[str, bool]) -> bool:
    """True if this story, with these consents, may be in the public archive."""
    return _may_publish(story["state"], consents)


def publishable(store: Store) -> list[dict]:
    """The stories the archive should hold right now, oldest first."""
    stories = store.all(READY_STATES)
    # Every ready story's consents in one query: asking story by story costs seconds at 100k stories.
    states = [State(s).value for s in READY_STATES]
    consents: dict[str, dict[str, bool]] = {}
    for story_id, scope, granted in store.db.execute(
            f"select story_id, scope, granted from consents where story_id in "  # noqa: S608 - joins ? placeholders only
            f"(select id from stories where state in ({', '.join('?' * len(states))}))", states):
        consents.setdefault(story_id, {})[scope] = bool(granted)
    stories = [s for s in stories if may_publish(s, consents.get(s["id"], {}))]
    return sorted(stories, key=lambda s: s["created_at"])
