"""The analyse stage: codebook themes, framing, entities and redactions in a story's transcript.

    from analyse import analyse_segments
    analysis = analyse_segments(transcript.segments, language=transcript.language)
    analysis.redactions  # what could identify someone, for the reviewer

Imports only `stories.model`, `stories.errors`, `stories.torchless` and third-party libraries.
"""

from stories import torchless  # noqa: F401  # first: spaCy's thinc without torch

from .analysis import analyse_segments
from .codebook import (
    DEFAULT_CODEBOOK,
    Codebook,
    CodebookError,
    CodebookGroup,
    CodebookTheme,
    load_codebook,
    parse_codebook,
)
from .codebook_check import Problem, check_codebook
from .framing import Framing, story_framing
from .pipeline import load_pipeline
from .qdc import export_qdc, import_qdc
from .redaction import suggest_redactions
from .suggest import Suggestion, codebook_covered, suggest_themes
from .theme_tagger import ThemeMatch

__all__ = [
    "DEFAULT_CODEBOOK",
    "Codebook",
    "CodebookError",
    "CodebookGroup",
    "CodebookTheme",
    "Framing",
    "Problem",
    "Suggestion",
    "ThemeMatch",
    "analyse_segments",
    "check_codebook",
    "codebook_covered",
    "export_qdc",
    "import_qdc",
    "load_codebook",
    "load_pipeline",
    "parse_codebook",
    "story_framing",
    "suggest_redactions",
    "suggest_themes",
]
