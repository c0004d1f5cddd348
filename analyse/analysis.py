"""Turn a transcript's segments into themes, entities and places."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc, Span

from stories.model import PLACE_LABELS, Analysis, Entity, Segment, Theme, ThemeTag

from .codebook import Codebook
from .framing import framing_tags, min_evidence_for, story_framing
from .joined import join_segments
from .pipeline import load_pipeline, model_name
from .redaction import redactions_in

#: spaCy entity labels worth keeping for a story about public services.
ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG", "PERSON"})
SegmentAt = Callable[[int], Segment]

#: Evidence longer than this is cut to a window round the match: an
#: unpunctuated transcript can make one "sentence" of a whole recording.
MAX_EVIDENCE_CHARS = 400


def analyse_segments(
    segments: list[Segment],
    *,
    language: str = "en",
    codebook_path: Path | None = None,
    teller_name: str = "",
) -> Analysis:
    """Tag codebook themes and named entities in a transcript's segments.

    The segments are read as one text, so a sentence (or a name) split across
    Whisper's short segments is still seen whole; each tag and entity is filed
    under the segment where it starts. No segments, or only blank ones, give
    an Analysis with no tags. Redactions are suggested for anything that
    could identify someone (see analyse.redaction); pass `teller_name` only
    when the teller asked to stay anonymous, so their own name is suggested
    too. Raises ConfigError for a bad codebook or a language spaCy cannot
    handle.
    """
    nlp = load_pipeline(language, codebook_path)
    codebook: Codebook = nlp.get_pipe("theme_tagger").codebook
    themes = [Theme(t.id, t.label, t.description, t.group) for t in codebook.themes]  # without patterns
    joined = join_segments(segments)
    if not joined.text:
        return Analysis([], [], themes, codebook.version, model_name(nlp), [])
    doc = nlp(joined.text)
    segment_at = joined.segment_at

    found = _tags(doc, segment_at)
    framing = story_framing(found, doc, segment_at=segment_at,
                            min_evidence=min_evidence_for(sum(not t.is_punct for t in doc)))
    tags = framing_tags(found, framing)
    return Analysis(
        tags=tags,
        entities=_entities(doc, segment_at),
        themes=themes,
        codebook_version=codebook.version,
        model=model_name(nlp),
        places=_places(doc),
        # The same Doc: its PERSON entities are the names to suggest.
        redactions=redactions_in(joined, doc, teller_name=teller_name),
        # Framing is read from the whole story: tags plus first-person agency or lack.
        framing=framing.label,
    )


def _tags(doc: Doc, segment_at: SegmentAt) -> list[ThemeTag]:
    tags: list[ThemeTag] = []
    seen: set[tuple[str, int, str]] = set()
    matches = doc._.themes or []
    low = _low_confidence(doc, matches)
    for m in matches:
        span = doc[m.start : m.end]
        seg = segment_at(m.start_char)
        # Case-insensitive: "Rent" and "rent" in one segment are one piece
        # of evidence.
        key = (m.theme_id, seg.idx, span.text.lower())
        if key in seen:
            continue
        seen.add(key)
        tags.append(
            ThemeTag(
                theme_id=m.theme_id,
                segment_idx=seg.idx,
                matched=span.text,
                sentence=_evidence(span),
                start=seg.start,
                end=seg.end,
                confidence="low" if m.theme_id in low else "high",
            )
        )
    return tags


def _low_confidence(doc: Doc, matches) -> set[str]:
    """Themes carried only by weak words, all in one sentence: "my mum came too" is not a family story."""
    sentences: dict[str, set[int]] = {}
    strong: set[str] = set()
    for m in matches:
        if not m.weak:
            strong.add(m.theme_id)
        sent = doc[m.start].sent.start if doc.has_annotation("SENT_START") else 0
        sentences.setdefault(m.theme_id, set()).add(sent)
    return {theme for theme, seen in sentences.items() if theme not in strong and len(seen) < 2}


def _evidence(span: Span) -> str:
    """The sentence holding `span`, cut to a window round it if very long."""
    doc = span.doc
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    text = sent.text.strip()
    if len(text) <= MAX_EVIDENCE_CHARS:
        return text
    half = (MAX_EVIDENCE_CHARS - len(span.text)) // 2
    lo = max(sent.start_char, span.start_char - half)
    hi = min(sent.end_char, span.end_char + half)
    return "…" + doc.text[lo:hi].strip() + "…"


def _entities(doc: Doc, segment_at: SegmentAt) -> list[Entity]:
    entities: list[Entity] = []
    seen: set[tuple[str, str, int]] = set()
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        key = (ent.label_, ent.text, segment_at(ent.start_char).idx)
        if key not in seen:
            seen.add(key)
            entities.append(Entity(*key))
    return entities


def _places(doc: Doc) -> list[str]:
    """Distinct place names, most mentioned first (ties: first mentioned)."""
    counts = Counter(ent.text for ent in doc.ents if ent.label_ in PLACE_LABELS)
    return [place for place, _ in counts.most_common()]
