"""Personal details, found by the same rules wherever they stand: a story's text, title, pseudonym, place.

The rules live in the core so that intake, the worker and a moderator's edits all apply the same
ones; the analyse stage adds spaCy's names in the story text on top (analyse.redaction).
"""

from __future__ import annotations

from collections.abc import Mapping

from stories.model import FIELD_SEGMENTS, Redaction
from stories.privacy.patterns import Span, find_patterns, teller_name_spans

__all__ = ["FIELD_SEGMENTS", "Span", "field_redactions", "find_patterns", "teller_name_spans"]


def field_redactions(story: Mapping[str, object], teller_name: str = "",
                     fields: tuple[str, ...] = tuple(FIELD_SEGMENTS)) -> list[Redaction]:
    """Suggestions for the story's own published fields (title, place, pseudonym).

    Each is numbered as its field's segment (``FIELD_SEGMENTS``), with offsets into that field.
    Pass ``teller_name`` only when the teller asked to stay anonymous.
    """
    found = []
    for field in fields:
        text = str(story.get(field) or "")
        spans = sorted(find_patterns(text, teller_name))
        for start, end, label in _outermost(spans):
            found.append(Redaction(FIELD_SEGMENTS[field], start, end, text[start:end], label))
    return found


def _outermost(spans: list[Span]) -> list[Span]:
    """Overlapping finds as one span each (the widest's label): nothing partly left readable."""
    merged: list[Span] = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            first, last, kept = merged[-1]
            wider = end - start > last - first
            merged[-1] = (first, max(last, end), label if wider else kept)
        else:
            merged.append((start, end, label))
    return merged
