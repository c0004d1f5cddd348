"""Suggest redactions: anything in a transcript that could identify someone.

    from analyse.redaction import suggest_redactions
    suggest_redactions(segments, teller_name="Amina Yusuf")  # patterns only
    suggest_redactions(segments, nlp=load_pipeline("en"))    # and spaCy's PERSON names

These are suggestions for a reviewer, so where in doubt they err towards
redacting: a name left in an archive cannot be taken back.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from stories.model import Redaction, Segment
from stories.privacy import Span, find_patterns, merge_spans

from .joined import JoinedSegments, join_segments


def suggest_redactions(
    segments: list[Segment],
    *,
    nlp: Language | None = None,
    teller_name: str = "",
) -> list[Redaction]:
    """Redactions for the segments, sorted by (segment_idx, start).

    With `nlp` None only the patterns run (emails, phone numbers, postcodes,
    street addresses, the teller's name); with a pipeline that has NER its
    PERSON entities are suggested as names too. Pass `teller_name` only when
    the teller asked to stay anonymous.
    """
    joined = join_segments(segments)
    if not joined.text:
        return []
    doc = nlp(joined.text) if nlp is not None else None
    return redactions_in(joined, doc, teller_name=teller_name)


def redactions_in(joined: JoinedSegments, doc: Doc | None, *, teller_name: str = "") -> list[Redaction]:
    """Redactions for text already joined (and, when `doc` is given, already parsed).

    `doc` must have been made from `joined.text`; the analyse stage passes the
    Doc it built for themes, so the pipeline runs once.
    """
    spans = find_patterns(joined.text, teller_name)
    if doc is not None:
        spans += _people(doc, spans)
    pieces = [
        (seg, start, end, label)
        for span_start, span_end, label in spans
        for seg, start, end in joined.pieces(span_start, span_end)
    ]
    return _merge(pieces)


def _people(doc: Doc, patterns: list[Span]) -> list[Span]:
    """PERSON entities, and the other mentions of the same names, as name spans."""
    # The small English model sometimes folds a postcode or a phone number
    # into a PERSON ("Leeds LS1 4AP"); the pattern knows better what those
    # characters are, so they are cut out of the name.
    exact = [(start, end) for start, end, label in patterns if label != "name"]
    names: set[str] = set()
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        kept = _subtract(doc.text, ent.start_char, ent.end_char, exact)
        spans += [(start, end, "name") for start, end in kept]
        if kept == [(ent.start_char, ent.end_char)]:
            names.add(ent.text)
    # NER tags each mention on its own and misses some ("Sarah Jones ...
    # Sarah Jones said"); a name it found once is suggested wherever it
    # recurs. Not what was left of a cut entity: that was a misreading.
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", doc.text):
            spans.append((m.start(), m.end(), "name"))
    return spans


def _subtract(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) less the `cuts`, each remaining piece trimmed to letters and digits."""
    pieces = [(start, end)]
    for cut_start, cut_end in cuts:
        pieces = [
            part
            for lo, hi in pieces
            for part in ((lo, min(hi, cut_start)), (max(lo, cut_end), hi))
            if part[0] < part[1]
        ]
    trimmed = []
    for lo, hi in pieces:
        while lo < hi and not text[lo].isalnum():
            lo += 1
        while hi > lo and not text[hi - 1].isalnum():
            hi -= 1
        # What is left of a name must still look like one.
        if any(c.isalpha() for c in text[lo:hi]):
            trimmed.append((lo, hi))
    return trimmed


def _merge(pieces: list[tuple[Segment, int, int, str]]) -> list[Redaction]:
    """One redaction per run of overlapping suggestions in a segment (``privacy.merge_spans``)."""
    by_segment: dict[int, tuple[Segment, list[Span]]] = {}
    for seg, start, end, label in pieces:
        by_segment.setdefault(seg.idx, (seg, []))[1].append((start, end, label))
    return [Redaction(seg.idx, start, end, seg.text[start:end], label)
            for _, (seg, spans) in sorted(by_segment.items())
            for start, end, label in merge_spans(spans)]
