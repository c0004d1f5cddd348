"""The story model: its states and the results each stage hands back.

Stages return these plain dataclasses; only the store writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class State(StrEnum):
    """Where a story is in the flow. Values are stored as text."""

    RECEIVED = "received"
    TRANSCRIBING = "transcribing"
    TRANSCRIBED = "transcribed"
    ANALYSING = "analysing"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    #: Approved, without the teller's consent to publish: kept in the working store only.
    KEPT_PRIVATE = "kept_private"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    FAILED = "failed"


class Kind(StrEnum):
    AUDIO = "audio"
    VIDEO = "video"
    TEXT = "text"


@dataclass(frozen=True)
class Word:
    """One word with its times, as Whisper gives it (text may start with a space)."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Segment:
    """One timed piece of a transcript. Written stories have no times."""

    idx: int
    text: str
    start: float | None = None
    end: float | None = None
    avg_logprob: float | None = None
    no_speech_prob: float | None = None
    words: tuple[Word, ...] = ()
    #: Doubts about this segment (see transcribe.guard): loop, low_confidence, no_speech, silence.
    flags: tuple[str, ...] = ()
    #: A moderator changed the text: ``words`` still hold what Whisper heard, and the two differ.
    edited: bool = False


#: Redactions in the story's own fields, not its transcript, use these segment numbers.
FIELD_SEGMENTS = {"title": -1, "place": -2, "pseudonym": -3}


@dataclass(frozen=True)
class Redaction:
    """Something that could identify someone: characters [start, end) of one segment's text.

    ``label`` names what it is and becomes the placeholder in the archive:
    name, email, phone, address or postcode.
    """

    segment_idx: int
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class Transcript:
    """What a transcription engine hands back for one recording."""

    segments: list[Segment]
    language: str
    language_probability: float | None
    duration: float
    engine: str
    model: str
    #: Percent of words the model is expected to get wrong in this language (transcribe.quality).
    expected_wer: float | None = None


@dataclass(frozen=True)
class Theme:
    """A codebook entry, as the archive shows it."""

    id: str
    label: str
    description: str = ""
    group: str = ""


@dataclass(frozen=True)
class ThemeTag:
    """A theme found in a story, with its evidence: the matched words and sentence."""

    theme_id: str
    segment_idx: int
    matched: str
    sentence: str
    start: float | None = None
    end: float | None = None
    #: "low" when only a weak word, in one sentence, carries the theme: not published until accepted.
    confidence: str = "high"


#: The codebook group of service areas: a teller ticks them on the form, and the archive lists
#: them apart from the other themes.
SERVICE_AREA_GROUP = "service-area"
#: Entity labels that name a place: the review page offers them as the story's place, and the
#: analysis counts them.
PLACE_LABELS = frozenset({"GPE", "LOC"})


@dataclass(frozen=True)
class Entity:
    """A named entity (place, organisation, person) found in a segment."""

    label: str
    text: str
    segment_idx: int


@dataclass(frozen=True)
class Analysis:
    """What the analyse stage hands back for one transcript."""

    tags: list[ThemeTag]
    entities: list[Entity]
    themes: list[Theme]
    codebook_version: str
    model: str = ""
    places: list[str] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)
    #: Story-level framing: "asset-based", "deficit-based", "mixed" or "" (no signal).
    framing: str = ""


def segments_from_text(body: str) -> list[Segment]:
    """A written story's segments: its paragraphs, untimed."""
    paragraphs = [" ".join(p.split()) for p in body.replace("\r\n", "\n").split("\n\n")]
    return [Segment(i, p) for i, p in enumerate(p for p in paragraphs if p)]
