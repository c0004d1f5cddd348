"""Suggest redactions: anything in a transcript that could identify someone.

    from analyse.redaction import suggest_redactions
    suggest_redactions(segments, teller_name="Amina Yusuf")  # patterns only
    suggest_redactions(segments, nlp=load_pipeline("es"))    # and names, in the pipeline's language

These are suggestions for a reviewer, so where in doubt they err towards
redacting: a name left in an archive cannot be taken back.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from stories import privacy
from stories.model import Redaction, Segment
from stories.privacy import Span

from .joined import JoinedSegments, join_segments


def suggest_redactions(
    segments: list[Segment],
    *,
    nlp: Language | None = None,
    teller_name: str = "",
) -> list[Redaction]:
    """Redactions for the segments, sorted by (segment_idx, start).

    With `nlp` None only the patterns run (emails, phone numbers, identity numbers,
    postcodes, street addresses, the teller's name); with a pipeline, names are
    looked for in its language too, and its PERSON entities are names. Pass
    `teller_name` only when the teller asked to stay anonymous.
    """
    joined = join_segments(segments)
    if not joined.text:
        return []
    doc = nlp(joined.text) if nlp is not None else None
    return redactions_in(joined, doc, teller_name=teller_name)


def redactions_in(joined: JoinedSegments, doc: Doc | None, *, teller_name: str = "") -> list[Redaction]:
    """Redactions for text already joined (and, when `doc` is given, already parsed).

    `doc` must have been made from `joined.text`; the analyse stage passes the Doc it built for
    themes, so the pipeline runs once: its PERSON entities join the names privacy.find looks for
    in the story's language (``doc.lang_``). Without a Doc only the teller's name is looked for.
    """
    language = doc.lang_ if doc is not None else "en"
    people = (
        [(e.start_char, e.end_char, "name") for e in doc.ents if e.label_ == "PERSON"]
        if doc is not None
        else None
    )
    spans = privacy.find(joined.text, language, teller_name, people=doc is not None, names_found=people)
    pieces = [
        (seg, start, end, label)
        for span_start, span_end, label in spans
        for seg, start, end in joined.pieces(span_start, span_end)
    ]
    return _merge(pieces)


def _merge(pieces: list[tuple[Segment, int, int, str]]) -> list[Redaction]:
    """One redaction per run of overlapping suggestions in a segment (``privacy.merge_spans``)."""
    by_segment: dict[int, tuple[Segment, list[Span]]] = {}
    for seg, start, end, label in pieces:
        by_segment.setdefault(seg.idx, (seg, []))[1].append((start, end, label))
    return [
        Redaction(seg.idx, start, end, seg.text[start:end], label)
        for _, (seg, spans) in sorted(by_segment.items())
        for start, end, label in privacy.merge_spans(spans)
    ]
