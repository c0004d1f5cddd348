"""Redaction: what could identify someone becomes a label in the text and silence in the audio.

Redactions are character ranges into one segment's text (see ``stories.model.Redaction``);
the audio ranges come from Whisper's word times.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from stories.model import Redaction, Segment, Word

PLACEHOLDERS = {
    "name": "[name]",
    "email": "[email]",
    "phone": "[phone]",
    "address": "[address]",
    "postcode": "[postcode]",
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


def _fold(text: str) -> str:
    # Lower-case without changing the length (e.g. "İ".lower() is two characters),
    # so offsets found in the folded text are offsets into the original.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _word_offsets(text: str, words: tuple[Word, ...]) -> list[tuple[int, int, Word]] | None:
    """Each word's character range in ``text``, or None if any word can't be found."""
    folded, pos, found = _fold(text), 0, []
    for word in words:
        needle = _fold(word.text.strip())
        if not needle:
            continue
        at = folded.find(needle, pos)
        if at < 0:
            return None
        found.append((at, at + len(needle), word))
        pos = at + len(needle)
    return found


def _segment_spans(segment: Segment, redactions: list[Redaction], pad: float) -> list[tuple[float, float]]:
    assert segment.start is not None and segment.end is not None
    whole = (segment.start, segment.end)
    offsets = _word_offsets(segment.text, segment.words) if segment.words else None
    spans = []
    for start, end, _ in _merged(segment.text, redactions):
        hit = [w for ws, we, w in offsets or [] if ws < end and start < we]
        if not hit:
            # Without word times for this span, silencing the whole segment is the only
            # choice that can't leak; a little lost audio is the lesser harm.
            spans.append(whole)
            continue
        spans.append((max(segment.start, min(w.start for w in hit) - pad),
                      min(segment.end, max(w.end for w in hit) + pad)))
    return spans


def audio_spans(segments: list[Segment], redactions: list[Redaction],
                pad: float = 0.15) -> list[tuple[float, float]]:
    """Sorted, merged (start, end) seconds of the recording to silence.

    Each redaction maps to the words it overlaps, from the first word's start to the last
    word's end, padded by ``pad`` each side and clipped to the segment; when that can't be
    worked out (no words, a word not found in the text, no word overlapping) the whole
    segment is silenced. Untimed segments (written stories) give no spans.
    """
    grouped = _by_segment(segments, redactions)
    spans = []
    for segment in segments:
        if segment.idx in grouped and segment.start is not None and segment.end is not None:
            spans += _segment_spans(segment, grouped[segment.idx], pad)
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
