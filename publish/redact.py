"""Redaction: what could identify someone becomes a label in the text and silence in the audio.

Redactions are character ranges into one segment's text (see ``stories.model.Redaction``);
the audio ranges come from Whisper's word times.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from difflib import SequenceMatcher

from stories.model import Redaction, Segment, Word

PLACEHOLDERS = {
    "name": "[name]",
    "email": "[email]",
    "phone": "[phone]",
    "address": "[address]",
    "postcode": "[postcode]",
    "id": "[id number]",
    "iban": "[bank account]",
}
UNKNOWN = "[redacted]"


def placeholder(label: str) -> str:
    """The text that stands in for a redaction with this label."""
    return PLACEHOLDERS.get(label, UNKNOWN)


def _checked(text: str, redactions: list[Redaction]) -> list[Redaction]:
    # Offsets that don't fit the text mean the redaction was made against other text:
    # publishing anyway could leak what it was meant to hide, so stop here.
    for r in redactions:
        if not 0 <= r.start < r.end <= len(text):
            raise ValueError(f"redaction {r.start}:{r.end} ({r.label}) is outside segment "
                             f"{r.segment_idx}'s text of {len(text)} characters")
    return sorted(redactions, key=lambda r: r.start)  # stable: ties keep the given order


def _merged(text: str, redactions: list[Redaction]) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping (start, end, label); an overlap keeps the first label."""
    merged: list[tuple[int, int, str]] = []
    for r in _checked(text, redactions):
        if merged and r.start < merged[-1][1]:
            start, end, label = merged[-1]
            merged[-1] = (start, max(end, r.end), label)
        else:
            merged.append((r.start, r.end, r.label))
    return merged


def redact_text(text: str, redactions: list[Redaction]) -> str:
    """``text`` with each redacted span replaced by its placeholder.

    All ``redactions`` belong to this text. Overlapping spans become one placeholder
    (the first one's label); a span outside the text raises ValueError.
    """
    parts, pos = [], 0
    for start, end, label in _merged(text, redactions):
        parts += [text[pos:start], placeholder(label)]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _by_segment(segments: list[Segment], redactions: list[Redaction]) -> dict[int, list[Redaction]]:
    grouped: dict[int, list[Redaction]] = defaultdict(list)
    for r in redactions:
        grouped[r.segment_idx].append(r)
    missing = set(grouped) - {s.idx for s in segments}
    if missing:
        raise ValueError(f"redactions name segments that don't exist: {sorted(missing)}")
    return grouped


def redact_segments(segments: list[Segment], redactions: list[Redaction]) -> list[Segment]:
    """New segments with redacted text and the same times.

    ``words`` are dropped: their text would still hold what was redacted.
    """
    grouped = _by_segment(segments, redactions)
    return [replace(s, text=redact_text(s.text, grouped.get(s.idx, [])), words=()) for s in segments]


def fold(text: str) -> str:
    """Lower case, keeping the length (so offsets found in it are offsets into ``text``)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # Rare: a character whose lower case is longer ("İ" is two characters) keeps its case.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _silenced_words(segment: Segment, redactions: list[Redaction]) -> list[Word] | None:
    """The heard words to silence: those the text no longer says, and those under a redaction.

    What Whisper heard (``words``) is aligned with what the segment now says, letter by letter
    (case and punctuation aside, so "900,123" is 900123, and languages written without spaces
    align too). A word not all of whose letters are still there was taken out or replaced by a
    moderator, and is silenced; a redaction silences the heard words its letters align with.
    None when the words cannot stand for the segment (there are none, or a redaction holds no
    letter at all).
    """
    words = [w for w in segment.words if any(c.isalnum() for c in w.text)]
    if not words:
        return None
    heard = [(c, wi) for wi, w in enumerate(words) for c in fold(w.text) if c.isalnum()]
    said = [(c, i) for i, c in enumerate(fold(segment.text)) if c.isalnum()]
    matcher = SequenceMatcher(None, [c for c, _ in heard], [c for c, _ in said], autojunk=False)
    kept = [0] * len(words)
    sounded: dict[int, int] = {}  # a letter of the text -> the heard word it was heard in
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                kept[heard[i1 + k][1]] += 1
                sounded[said[j1 + k][1]] = heard[i1 + k][1]
    letters = [sum(c.isalnum() for c in fold(w.text)) for w in words]
    silent = {wi for wi in range(len(words)) if kept[wi] < letters[wi]}
    for start, end, _ in _merged(segment.text, redactions):
        inside = [i for i in range(start, end) if segment.text[i].isalnum()]
        if not inside:
            return None
        # Letters the moderator wrote in have no sound; what they replaced is silenced above.
        silent |= {sounded[i] for i in inside if i in sounded}
    return [words[wi] for wi in sorted(silent)]


def _segment_spans(segment: Segment, redactions: list[Redaction], pad: float) -> list[tuple[float, float]]:
    assert segment.start is not None and segment.end is not None
    silent = _silenced_words(segment, redactions)
    if silent is None:
        # Without word times to go by, silencing the whole segment is the only choice that can't
        # leak; a little lost audio is the lesser harm.
        return [(segment.start, segment.end)]
    return [(max(segment.start, w.start - pad), min(segment.end, w.end + pad)) for w in silent]


def audio_spans(segments: list[Segment], redactions: list[Redaction],
                pad: float = 0.15) -> list[tuple[float, float]]:
    """Sorted, merged (start, end) seconds of the recording to silence.

    In each segment with a redaction or a moderator's edit, the words heard there are aligned with
    the text (``_silenced_words``); each silenced word's time is padded by ``pad`` each side and
    clipped to the segment. When that can't be worked out (no word times) the whole segment is
    silenced. Untimed segments (written stories) give no spans.
    """
    grouped = _by_segment(segments, redactions)
    spans = []
    for segment in segments:
        timed = segment.start is not None and segment.end is not None
        if timed and (segment.idx in grouped or segment.edited):
            spans += _segment_spans(segment, grouped.get(segment.idx, []), pad)
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
