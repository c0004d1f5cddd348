"""The analyse stage: codebook themes and named entities in a story's transcript.

    from analyse import analyse_segments
    analysis = analyse_segments(transcript.segments, language=transcript.language)
    analysis.redactions  # what could identify someone, for the reviewer

Imports only `stories.model`, `stories.errors` and third-party libraries.
"""

from .analysis import analyse_segments
from .codebook import (
    DEFAULT_CODEBOOK,
    Codebook,
    CodebookGroup,
    CodebookTheme,
    load_codebook,
)
from .pipeline import load_pipeline
from .redaction import suggest_redactions
from .theme_tagger import ThemeMatch

__all__ = [
    "DEFAULT_CODEBOOK",
    "Codebook",
    "CodebookGroup",
    "CodebookTheme",
    "ThemeMatch",
    "analyse_segments",
    "load_codebook",
    "load_pipeline",
    "suggest_redactions",
]
