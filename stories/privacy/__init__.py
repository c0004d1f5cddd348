"""Personal details, found by the same rules wherever they stand: a story's text, title, pseudonym, place.

The rules live in the core so that intake, the worker and a moderator's edits all apply the same
ones; the analyse stage adds spaCy's names in the story text on top (analyse.redaction).
"""

from __future__ import annotations

from collections.abc import Mapping

from stories.model import FIELD_SEGMENTS, Redaction
from stories.privacy.patterns import Span, find_patterns, teller_name_spans

__all__ = ["FIELD_SEGMENTS", "LABELS", "Span", "field_redactions", "find_patterns", "merge_spans",
           "name_to_hide", "teller_name_spans"]

#: Labels, most specific first: when two finds cover exactly the same characters, the first wins.
LABELS = ("address", "postcode", "phone", "email", "name")


def name_to_hide(story: Mapping[str, object], consents: Mapping[str, bool]) -> str:
    """The teller's name, when they did not ask to be credited: then it is redacted wherever it is."""
    return "" if consents.get("name", False) else str(story.get("teller_name") or "")


def field_redactions(story: Mapping[str, object], teller_name: str = "",
                     fields: tuple[str, ...] = tuple(FIELD_SEGMENTS)) -> list[Redaction]:
    """Suggestions for the story's own published fields (title, place, pseudonym).

    Each is numbered as its field's segment (``FIELD_SEGMENTS``), with offsets into that field.
    Pass ``teller_name`` only when the teller asked to stay anonymous.
    """
    found = []
    for field in fields:
        text = str(story.get(field) or "")
        for start, end, label in merge_spans(find_patterns(text, teller_name)):
            found.append(Redaction(FIELD_SEGMENTS[field], start, end, text[start:end], label))
    return found


def merge_spans(spans: list[Span]) -> list[Span]:
    """Overlapping finds in one text as one span each, sorted: nothing left partly readable.

    Each covers all of its finds and takes the widest one's label (the most specific, ``LABELS``,
    when several are as wide): when two finds only partly overlap, keeping just one would leave
    part of the other readable.
    """
    ordered = sorted(spans, key=lambda s: (s[0], -s[1], _rank(s[2])))
    merged: list[Span] = []
    group: list[Span] = []
    for span in [*ordered, None]:
        if group and (span is None or span[0] >= max(end for _, end, _ in group)):
            widest = min(group, key=lambda s: (-(s[1] - s[0]), _rank(s[2])))
            merged.append((min(s[0] for s in group), max(s[1] for s in group), widest[2]))
            group = []
        if span is not None:
            group.append(span)
    return merged


def _rank(label: str) -> int:
    return LABELS.index(label) if label in LABELS else len(LABELS)
