"""The story model: its states (one table) and the results each stage hands back.

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


class Trait(StrEnum):
    """What is true of a story in a state: who may act on it, and what the public may see."""

    #: A worker may pick it up (after a crash it starts the step over).
    UNFINISHED = "unfinished"
    #: A moderator edits, tags and redacts only here; a decided story is reopened first.
    REVIEWABLE = "reviewable"
    #: A moderator has decided it, and may reopen it for review.
    DECIDED = "decided"
    #: A moderator may reject it (again).
    REJECTABLE = "rejectable"
    #: A moderator may send it back to be transcribed again.
    RETRIABLE = "retriable"
    #: Approved with the teller's consent to publish: in the archive, or about to be.
    GOING_PUBLIC = "going_public"
    #: A new codebook may change its tags (earlier ones get tagged when analysed).
    RETAGGABLE = "retaggable"
    #: Approved by a moderator, published or not: its words count in the codebook's figures.
    APPROVED = "approved"
    #: Nothing more happens to it by itself: a status page can stop asking.
    SETTLED = "settled"


@dataclass(frozen=True)
class StateRule:
    """One row of the state machine: the states a story may go to next, and what is true of it."""

    becomes: frozenset[State]
    traits: frozenset[Trait] = frozenset()


def _row(becomes: set[State], *traits: Trait) -> StateRule:
    return StateRule(frozenset(becomes), frozenset(traits))


S, T = State, Trait
#: The story's state machine, in one table that every module reads (through ``stories.states``).
#: A step may claim its own state again (a worker taking over a story whose lease ran out), and review
#: keeps a story ``in_review`` while it is edited. Every state may become ``withdrawn``, which is final.
STATES: dict[State, StateRule] = {
    S.RECEIVED: _row({S.TRANSCRIBING, S.FAILED, S.WITHDRAWN}, T.UNFINISHED),
    S.TRANSCRIBING: _row({S.TRANSCRIBING, S.TRANSCRIBED, S.FAILED, S.WITHDRAWN}, T.UNFINISHED),
    S.TRANSCRIBED: _row({S.ANALYSING, S.FAILED, S.WITHDRAWN}, T.UNFINISHED),
    S.ANALYSING: _row({S.ANALYSING, S.IN_REVIEW, S.FAILED, S.WITHDRAWN}, T.UNFINISHED),
    # Back to received: a moderator has it transcribed again (in another language, say).
    S.IN_REVIEW: _row({S.IN_REVIEW, S.APPROVED, S.KEPT_PRIVATE, S.REJECTED, S.RECEIVED, S.WITHDRAWN},
                      T.REVIEWABLE, T.REJECTABLE, T.RETRIABLE, T.RETAGGABLE),
    S.APPROVED: _row({S.APPROVED, S.PUBLISHED, S.IN_REVIEW, S.REJECTED, S.WITHDRAWN},
                     T.DECIDED, T.REJECTABLE, T.GOING_PUBLIC, T.RETAGGABLE, T.APPROVED),
    S.PUBLISHED: _row({S.PUBLISHED, S.IN_REVIEW, S.REJECTED, S.WITHDRAWN},
                      T.DECIDED, T.REJECTABLE, T.GOING_PUBLIC, T.RETAGGABLE, T.APPROVED, T.SETTLED),
    S.KEPT_PRIVATE: _row({S.KEPT_PRIVATE, S.IN_REVIEW, S.REJECTED, S.WITHDRAWN},
                         T.DECIDED, T.REJECTABLE, T.RETAGGABLE, T.APPROVED, T.SETTLED),
    S.REJECTED: _row({S.REJECTED, S.IN_REVIEW, S.WITHDRAWN}, T.DECIDED, T.RETAGGABLE, T.SETTLED),
    S.FAILED: _row({S.RECEIVED, S.WITHDRAWN}, T.RETRIABLE, T.SETTLED),
    S.WITHDRAWN: _row(set(), T.SETTLED),
}
del S, T


def states_where(trait: Trait) -> tuple[State, ...]:
    """Every state with ``trait``, in flow order."""
    return tuple(state for state, rule in STATES.items() if trait in rule.traits)


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
    #: The label in other languages (``{"es": "Empleo"}``), for pages in those languages; ``label``
    #: stands in for a language without one.
    labels: dict[str, str] = field(default_factory=dict, hash=False)


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


#: The formats the public archive is exported in (publish.export writes them; ``stories export``
#: offers them without loading the publish stage for its ``--help``).
EXPORT_FORMATS = ("qdpx", "csv", "json")
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
