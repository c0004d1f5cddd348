"""What a moderator decides about a story in review. Every change is audited, before and after.

Changes to what the story says (segment text, words to redact, title, pseudonym, place) are in
``stories.review_text``.

Each function runs in one transaction: the change and its audit entry land
together or not at all.
"""

from __future__ import annotations

import re

from stories import places
from stories.errors import StoriesError
from stories.model import FIELD_SEGMENTS, PLACE_LABELS, State
from stories.states import REJECTABLE, REOPENABLE, RETRIABLE, REVIEWABLE, approved_state
from stories.store import Store, now

TAG_STATUSES = ("suggested", "accepted", "rejected")
REDACTION_STATUSES = ("pending", "accepted", "rejected")


class ReviewError(StoriesError):
    """A review action that does not fit the story's state or data."""


def review_queue(store: Store) -> list[dict]:
    """Stories waiting for a moderator, oldest first."""
    return sorted(store.all([State.IN_REVIEW]), key=lambda s: s["created_at"])


def _reviewable(store: Store, story_id: str, states=REVIEWABLE) -> dict:
    """The story, if it is in ``states``: a clear message early; each change still holds it there
    with ``store.expect`` or ``store.move`` inside its own transaction."""
    story = store.get(story_id)
    if State(story["state"]) not in states:
        raise ReviewError(f"Story {story_id} is {story['state']}: it cannot be changed that way now.")
    return story


def set_tag_status(store: Store, story_id: str, theme_id: str, segment_idx: int, matched: str,
                   status: str, actor: str) -> None:
    """Accept or reject one suggested theme tag."""
    _reviewable(store, story_id)
    if status not in TAG_STATUSES:
        raise ReviewError(f"Unknown tag status {status!r}")
    with store.transaction():
        store.expect(story_id, REVIEWABLE)
        before = store.update_tag(story_id, theme_id, segment_idx, matched, status)
        store.record(story_id, actor, f"{status} tag", f"{theme_id} in {where(segment_idx)}",
                     before={"status": before}, after={"status": status})


#: What a moderator may say a story's framing is; "" is neither.
FRAMINGS = ("asset-based", "deficit-based", "mixed", "")


def set_framing(store: Store, story_id: str, framing: str, actor: str) -> None:
    """A moderator's reading of how the story frames people, over the machine's: the archive shows it
    and re-tagging keeps it. The audit log keeps the machine's reading beside it, for training."""
    story = _reviewable(store, story_id)
    framing = framing.strip()
    if framing not in FRAMINGS:
        raise ReviewError(f"Unknown framing {framing!r}: asset-based, deficit-based, mixed or none.")
    with store.transaction():
        store.expect(story_id, REVIEWABLE)
        store.update_story(story_id, framing=framing or None, framing_set_by=actor)
        store.record(story_id, actor, "set framing", framing or "neither",
                     before={"framing": story["framing"] or ""}, after={"framing": framing})


def add_tag(store: Store, story_id: str, theme_id: str, segment_idx: int, actor: str) -> None:
    """A moderator's own tag on a segment: the whole segment is its evidence."""
    _reviewable(store, story_id)
    if not store.db["themes"].count_where("id = ?", [theme_id]):
        raise ReviewError(f"No theme {theme_id!r} in the codebook")
    with store.transaction():
        store.expect(story_id, REVIEWABLE)
        store.tag_segment(story_id, theme_id, segment_idx, actor)
        store.record(story_id, actor, "added tag", f"{theme_id} in {where(segment_idx)}",
                     after={"theme_id": theme_id, "segment_idx": segment_idx})


def set_redaction_status(store: Store, story_id: str, idx: int, status: str, actor: str) -> None:
    """Accept or reject one redaction suggestion."""
    _reviewable(store, story_id)
    if status not in REDACTION_STATUSES:
        raise ReviewError(f"Unknown redaction status {status!r}")
    with store.transaction():
        store.expect(story_id, REVIEWABLE)
        row = store.decide_redaction(story_id, idx, status, actor)
        store.record(story_id, actor, f"{status} redaction",
                     f"{row['label']} in {where(row['segment_idx'])}",
                     before={"status": row["status"]}, after={"status": status})


#: The published fields by the segment number their redactions carry.
_FIELD_AT = {idx: name for name, idx in FIELD_SEGMENTS.items()}


def where(segment_idx: int) -> str:
    """Where a redaction or tag is, as a moderator reads it: "segment 1" (counted from 1) or "title"."""
    return _FIELD_AT.get(segment_idx, f"segment {segment_idx + 1}")


def approve(store: Store, story_id: str, actor: str) -> State:
    """Approve; pending redactions are accepted (safe by default). Returns where the story went:
    ``approved`` on its way to the archive, or ``kept_private`` when the teller did not consent to publish."""
    _reviewable(store, story_id)
    to = approved_state(store.consents(story_id))
    with store.transaction():
        pending = store.accept_pending_redactions(story_id, actor)
        store.move(story_id, to, expected=REVIEWABLE, actor=actor, action="approved",
                   detail=f"{pending} pending redactions accepted", before={"state": State.IN_REVIEW.value},
                   after={"state": to.value}, reviewed_by=actor, reviewed_at=now(), review_reason=None)
    return to


def reject(store: Store, story_id: str, actor: str, reason: str) -> None:
    """Keep a story out of the archive (or take it out), with the reason on record."""
    story = _reviewable(store, story_id, REJECTABLE)
    reason = reason.strip()
    if not reason:
        raise ReviewError("Please give a reason for rejecting the story.")
    store.move(story_id, State.REJECTED, expected=[story["state"]], actor=actor, action="rejected",
               detail=reason, before={"state": story["state"]}, after={"state": State.REJECTED.value},
               reviewed_by=actor, reviewed_at=now(), review_reason=reason)


def reopen(store: Store, story_id: str, actor: str) -> None:
    """Back to review: it leaves the archive until it is approved again."""
    story = _reviewable(store, story_id, REOPENABLE)
    store.move(story_id, State.IN_REVIEW, expected=[story["state"]], actor=actor, action="reopened",
               before={"state": story["state"]}, after={"state": State.IN_REVIEW.value})


def retry(store: Store, story_id: str, actor: str, language: str | None = None) -> None:
    """Send a failed story, or one in review, back to be transcribed again: its file was kept.

    ``language`` (a code such as "fi") becomes the story's language first, so the worker hears it
    in that language with the model routed to it. Transcribing again replaces the transcript, its
    themes and its suggested redactions; the log keeps what was there.
    """
    story = store.get(story_id)
    if State(story["state"]) not in RETRIABLE:
        raise ReviewError(f"Story {story_id} is {story['state']}: only a failed story or one in review "
                          f"can be transcribed again (reopen an approved one first).")
    language = (language or "").strip().lower()
    if language and not re.fullmatch(r"[a-z]{2,3}", language):
        raise ReviewError(f"“{language}” is not a language code: give two letters, such as fi or es.")
    before = {"state": story["state"], "language": story["language"] or "", "error": story["error"]}
    after = {"state": State.RECEIVED.value, "language": language or story["language"] or ""}
    fields = {"error": None, "language": after["language"]}
    was = before["language"] or "detected"
    detail = f"language {language} (was {was})" if language else story["error"]
    store.move(story_id, State.RECEIVED, expected=[story["state"]], actor=actor, action="retried",
               detail=detail, before=before, after=after, **fields)


def place_suggestions(store: Store, story_id: str) -> list[dict]:
    """Places the story mentions, most often first: ``{"text", "mentions", "place"}``.

    ``place`` is the gazetteer's entry (None if unknown: it would be published as text, not mapped).
    """
    counts: dict[str, int] = {}
    for entity in sorted(store.rows("entities", story_id), key=lambda e: e["segment_idx"]):
        if entity["label"] in PLACE_LABELS:
            counts[entity["text"]] = counts.get(entity["text"], 0) + 1
    # sorted() keeps ties in first-mention order.
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    return [{"text": text, "mentions": n, "place": places.lookup(text)} for text, n in ranked]


def confirm_place(store: Store, story_id: str, place: str, actor: str) -> str:
    """Make a place the story mentions its place, when the teller gave none; returns it.

    Never over the teller's own place: they chose how precise to be, and the map respects it.
    """
    story = _reviewable(store, story_id)
    if (story["place"] or "").strip():
        raise ReviewError(
            f"This story's place is already “{story['place']}”, "
            + ("confirmed by a moderator: clear it first." if story["place_confirmed_by"]
               else "chosen by the teller. A moderator never replaces the teller's place."))
    wanted = places.key(place)
    found = [s["text"] for s in place_suggestions(store, story_id) if places.key(s["text"]) == wanted]
    if not wanted or not found:
        raise ReviewError(f"“{place.strip()}” is not a place found in this story.")
    with store.transaction():
        store.expect(story_id, REVIEWABLE)
        store.update_story(story_id, place=found[0], place_confirmed_by=actor)
        store.record(story_id, actor, "confirmed place", found[0], before={"place": story["place"] or ""},
                     after={"place": found[0]})
    return found[0]


def clear_place(store: Store, story_id: str, actor: str) -> None:
    """Take back a place a moderator confirmed; the teller's own place can never be cleared."""
    story = _reviewable(store, story_id)
    if not story["place_confirmed_by"]:
        raise ReviewError("Only a place a moderator confirmed can be cleared; the teller's own place stays."
                          if (story["place"] or "").strip() else "This story has no place to clear.")
    with store.transaction():
        store.expect(story_id, REVIEWABLE)
        store.update_story(story_id, place="", place_confirmed_by=None)
        store.record(story_id, actor, "cleared place", story["place"],
                     before={"place": story["place"], "confirmed_by": story["place_confirmed_by"]},
                     after={"place": ""})
