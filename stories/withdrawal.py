"""The teller's right to withdraw: a private code, and a tombstone in the working store.

Only the code's hash is stored, like a password: the store alone cannot be
used to withdraw someone else's story.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from stories.errors import N_, StateConflict, StoriesError
from stories.media_store import MediaStore, purge, queue_deletions
from stories.model import State
from stories.states import sources
from stories.store import ID_ALPHABET, Store, now

#: Tables whose rows are the story's content; a withdrawal deletes them.
CONTENT_TABLES = ("segments", "words", "tags", "entities", "redactions", "contacts")


class WithdrawalError(StoriesError):
    """The code matches no story, or the story is already withdrawn."""


ALREADY_WITHDRAWN = N_("This story has already been withdrawn.")


def new_code() -> str:
    """A code a person can read out and type: three groups of four."""
    raw = "".join(secrets.choice(ID_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def code_hash(code: str) -> str:
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(f"stories-withdrawal:{normal}".encode()).hexdigest()


def find_by_code(store: Store, code: str) -> dict:
    """The story this withdrawal code belongs to."""
    rows = list(store.db["stories"].rows_where("withdrawal_code_hash = ?", [code_hash(code)]))
    if not rows:
        raise WithdrawalError(N_("That withdrawal code does not match any story. "
                                 "Please check it and try again."))
    return rows[0]


def withdraw(store: Store, story_id: str, actor: str, media: Path | MediaStore) -> None:
    """Withdraw a story: keep a tombstone (id, dates, consents, who did what when), delete the rest.

    ``media``: the media store (``stories.media_store.media_store``) or the media folder. Its files
    are queued for deletion in the withdrawal's transaction and deleted at once; a store that cannot
    be reached now leaves them queued, and the syncer deletes them once it can (``purge``).
    """
    story = store.get(story_id)
    if story["state"] == State.WITHDRAWN:
        raise WithdrawalError(ALREADY_WITHDRAWN)
    try:
        queued = _withdraw(store, story, actor)
    except StateConflict:
        if store.get(story_id)["state"] == State.WITHDRAWN:  # withdrawn a moment ago, by another request
            raise WithdrawalError(ALREADY_WITHDRAWN) from None
        raise
    purge(store, media, queued)


#: Audit entries whose detail may quote the story (a segment's words, a place, a reason, an error).
WORDY_ACTIONS = ("edited segment", "confirmed place", "cleared place", "rejected", "failed", "retried",
                 "edited field", "redacted words")


def _withdraw(store: Store, story: dict, actor: str) -> list[str]:
    story_id = story["id"]
    with store.transaction():
        # The compare-and-set comes first: a story withdrawn twice at once is withdrawn once, and a
        # worker saving a transcript for it now finds its own compare-and-set failing.
        store.move(story_id, State.WITHDRAWN, expected=sources(State.WITHDRAWN), actor=actor,
                   action="withdrawn", before={"state": story["state"]},
                   after={"state": State.WITHDRAWN.value},
                   title="(withdrawn)", body=None, place=None, teller_name=None, pseudonym=None,
                   original_filename=None, error=None, media_path=None, photo_path=None, photo_sha256=None,
                   withdrawn_at=now())
        store.delete_rows(story_id, CONTENT_TABLES)
        # The log keeps who did what and when; what the story said goes with the story.
        store.keep_states_only(story_id, WORDY_ACTIONS)
        # A file is shared when the same bytes were sent twice: it goes only when no story still uses it.
        return queue_deletions(store, story)
