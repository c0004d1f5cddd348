"""A moderator's changes to what a story says: segment text, chosen words to redact, title, pseudonym, place.

Every change keeps the redactions true to the new text. A redacted span follows its words through
an edit (a misheard name corrected from "Whitfeld" to "Whitfield" is still a redacted name), and
the new text is checked again by the core's privacy rules, whose finds are added as suggestions.
What the moderator takes out of a segment is silenced in the published audio by its word times
(publish.redact), because the segment is marked as edited.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from stories import privacy
from stories.errors import StoriesError
from stories.model import FIELD_SEGMENTS
from stories.states import REVIEWABLE
from stories.store import Store

#: The labels a moderator may give words they redact (the placeholders the archive shows).
LABELS = ("name", "phone", "email", "address", "postcode", "id", "iban", "other")
#: A story's own fields a moderator may correct, and the longest each may be.
EDITABLE_FIELDS = {"title": 200, "pseudonym": 80, "place": 120}


class EditError(StoriesError):
    """An edit that cannot be made as asked."""


def edit_segment(store: Store, story_id: str, idx: int, text: str, actor: str) -> None:
    """Correct a segment's text; its times stay. Redactions follow their words; new finds are suggested."""
    text = " ".join(text.split())
    if not text:
        raise EditError("A segment cannot be empty; remove words, not the whole segment.")
    with store.transaction():
        store.expect(story_id, REVIEWABLE)
        row = store.db["segments"].get((story_id, idx))
        if row["text"] == text:
            return
        store.edit_segment_text(story_id, idx, text)
        _follow(store, story_id, idx, row["text"], text)
        _suggest(store, story_id, idx, text)
        store.record(story_id, actor, "edited segment", f"segment {idx + 1}",
                     before={"text": row["text"]}, after={"text": text})


def redact_words(store: Store, story_id: str, idx: int, words: str, label: str, actor: str) -> int:
    """Redact every mention of ``words`` in one segment (any case, whole words); returns how many.

    For what the analysis missed: the words become ``[label]`` in every public text and silence
    in the published recording.
    """
    words = " ".join(words.split())
    if label not in LABELS:
        raise EditError(f"Choose one of: {', '.join(LABELS)}.")
    if not words:
        raise EditError("Choose the words to redact.")
    with store.transaction():
        store.expect(story_id, REVIEWABLE)
        text = store.db["segments"].get((story_id, idx))["text"]
        pattern = r"\s+".join(re.escape(w) for w in words.split())
        hits = list(re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE))
        if not hits:
            raise EditError(f"“{words}” is not in segment {idx + 1}.")
        for hit in hits:
            store.add_redaction(story_id, idx, hit.start(), hit.end(), text, label, "accepted", actor)
        store.record(story_id, actor, "redacted words", f"{len(hits)} × {label} in segment {idx + 1}")
    return len(hits)


def edit_field(store: Store, story_id: str, field: str, value: str, actor: str) -> None:
    """Correct the title, pseudonym or place; the new value is checked like the story's text."""
    if field not in EDITABLE_FIELDS:
        raise EditError(f"Only {', '.join(EDITABLE_FIELDS)} can be edited here.")
    value = " ".join(value.split())
    if len(value) > EDITABLE_FIELDS[field]:
        raise EditError(f"The {field} may be at most {EDITABLE_FIELDS[field]} characters.")
    if field == "title" and not value:
        raise EditError("A story needs a title.")
    with store.transaction():
        story = store.get(story_id)
        store.expect(story_id, REVIEWABLE)
        store.update_story(story_id, **{field: value},
                           **({"place_confirmed_by": actor} if field == "place" else {}))
        segment = FIELD_SEGMENTS[field]
        # The field's old suggestions were about the old text: they go, and the new text is checked.
        store.delete_redactions(story_id, segment)
        hidden = _anonymous_name(store, story)
        for found in privacy.field_redactions({**story, field: value}, hidden, (field,)):
            store.add_redaction(story_id, segment, found.start, found.end, value, found.label, "pending",
                                None)
        store.record(story_id, actor, "edited field", field, before={field: story[field]},
                     after={field: value})


def _follow(store: Store, story_id: str, idx: int, old: str, new: str) -> None:
    """Move each redaction of the segment onto the same words in the edited text."""
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for r in store.db["redactions"].rows_where("story_id = ? and segment_idx = ?", [story_id, idx]):
        start, end = _mapped(opcodes, r["start"], r["end"])
        start, end = _whole_words(new, start, end)
        change = ({"start": start, "end": end, "text": new[start:end]} if start < end
                  else {"status": "gone"})  # the words themselves were taken out
        store.move_redaction(story_id, r["idx"], change)


def _mapped(opcodes, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the old text, as the range of the new text those characters became.

    Kept characters map one to one; a replaced or inserted run inside the range maps to all of
    what replaced it. Nothing left (the words were deleted) gives an empty range.
    """
    starts, ends = [], []
    for tag, i1, i2, j1, j2 in opcodes:
        inside = (i1 < end and start < i2) if i1 < i2 else start < i1 < end
        if not inside:
            continue
        if tag == "equal":
            starts.append(j1 + max(start, i1) - i1)
            ends.append(j1 + min(end, i2) - i1)
        elif j1 < j2:
            starts.append(j1)
            ends.append(j2)
    return (min(starts), max(ends)) if starts else (0, 0)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _suggest(store: Store, story_id: str, idx: int, text: str) -> None:
    """The privacy rules on the edited text: anything not yet covered is suggested."""
    story = store.get(story_id)
    covered = [(r["start"], r["end"]) for r in store.db["redactions"].rows_where(
        "story_id = ? and segment_idx = ? and status != 'gone'", [story_id, idx])]
    for start, end, label in sorted(privacy.find(text, _language(story), _anonymous_name(store, story))):
        if not any(s <= start and end <= e for s, e in covered):
            store.add_redaction(story_id, idx, start, end, text, label, "pending", None)
            covered.append((start, end))


def _language(story: dict) -> str:
    return story["language"] or story["detected_language"] or "en"


def _anonymous_name(store: Store, story: dict) -> str:
    return privacy.name_to_hide(story, store.consents(story["id"]))
