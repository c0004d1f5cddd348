"""A moderator's changes to the step results: tag and redaction decisions, corrected segment text,
redactions added by hand (tables ``tags``, ``redactions`` and ``segments``).

``stories.review`` and ``stories.review_text`` decide what may change; they call these inside a
transaction that holds the story in review (``store.expect``) and logs the change with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stories.clock import now

if TYPE_CHECKING:
    from stories.store import Store

TAG_KEY = ("story_id", "theme_id", "segment_idx", "matched")


def update_tag(store: Store, story_id: str, theme_id: str, segment_idx: int, matched: str,
               status: str) -> str:
    """Set one tag's status; returns the status it had."""
    key = (story_id, theme_id, segment_idx, matched)
    before = store.db["tags"].get(key)["status"]
    store.db["tags"].update(key, {"status": status})
    return before


def tag_segment(store: Store, story_id: str, theme_id: str, segment_idx: int, actor: str) -> None:
    """A moderator's own tag, accepted: the whole segment is its evidence."""
    segment = store.db["segments"].get((story_id, segment_idx))
    store.db["tags"].upsert({
        "story_id": story_id, "theme_id": theme_id, "segment_idx": segment_idx,
        "matched": "", "sentence": segment["text"], "start": segment["start"], "end": segment["end"],
        "status": "accepted", "source": actor}, pk=TAG_KEY)


def decide_redaction(store: Store, story_id: str, idx: int, status: str, actor: str) -> dict:
    """Accept or reject one redaction, saying who and when; returns the row as it was."""
    row = store.db["redactions"].get((story_id, idx))
    store.db["redactions"].update((story_id, idx), {"status": status, "decided_by": actor,
                                                    "decided_at": now()})
    return row


def accept_pending_redactions(store: Store, story_id: str, actor: str) -> int:
    """Accept every redaction still pending (safe by default); returns how many there were."""
    pending = store.db["redactions"].count_where("story_id = ? and status = 'pending'", [story_id])
    store.db.execute("update redactions set status = 'accepted', decided_by = ?, decided_at = ? "
                     "where story_id = ? and status = 'pending'", [actor, now(), story_id])
    return pending


def move_redaction(store: Store, story_id: str, idx: int, change: dict) -> None:
    """A redaction following its words through an edit: new start, end and text, or status ``gone``."""
    store.db["redactions"].update((story_id, idx), change)


def add_redaction(store: Store, story_id: str, segment: int, start: int, end: int, text: str, label: str,
                  status: str, actor: str | None) -> None:
    """A redaction of ``text[start:end]`` in a segment (or a field's segment number), numbered next."""
    next_idx = store.db.execute("select coalesce(max(idx), -1) + 1 from redactions where story_id = ?",
                                [story_id]).fetchone()[0]
    store.db["redactions"].insert({
        "story_id": story_id, "idx": next_idx, "segment_idx": segment, "start": start, "end": end,
        "text": text[start:end], "label": label, "status": status, "decided_by": actor,
        "decided_at": now() if actor else None})


def delete_redactions(store: Store, story_id: str, segment_idx: int) -> None:
    """Every redaction of one segment (a field's, when its text is replaced)."""
    store.db["redactions"].delete_where("story_id = ? and segment_idx = ?", [story_id, segment_idx])


def edit_segment_text(store: Store, story_id: str, idx: int, text: str) -> None:
    """A segment's corrected text; ``edited`` tells publishing to silence by word times."""
    store.db["segments"].update((story_id, idx), {"text": text, "edited": 1})
