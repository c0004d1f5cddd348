"""Which installed Whisper model transcribes a story, by its language.

English goes to the best English-only model (they are faster for the same words), every other
language to the best multilingual one, "best" meaning the largest size installed. A model forced by
``STORIES_MODEL`` or named for the language in ``[models]`` wins, as long as it can do the
language: a story never fails because one model cannot hear its language when another can.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from stories.errors import ConfigError

from . import quality
from .models import ModelInfo, model_languages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    """The model chosen for a language, and why, in words for ``stories models list``."""

    language: str
    model: str
    reason: str
    family: str | None = None

    @property
    def expected(self) -> quality.Estimate | None:
        return quality.expected_wer(self.family, self.language)


def _can_do(model: str, language: str, installed: Sequence[ModelInfo]) -> tuple[bool, ModelInfo | None]:
    """Whether ``model`` (a name or a folder) transcribes ``language``, and what is known of it."""
    info = next((m for m in installed if m.name == model), None)
    if info is not None:
        return info.installed and language in info.languages, info
    path = Path(model).expanduser()
    if path.is_dir():
        languages = model_languages(path)
        return language in languages, ModelInfo(path.name, path, 0, languages, True, len(languages) > 1,
                                                quality.family(path.name))
    # An openai-whisper .pt checkpoint, or a name resolve_model will refuse: let the engine say.
    return True, None


def _best(candidates: list[ModelInfo]) -> ModelInfo | None:
    return max(candidates, key=lambda m: (quality.rank(m.family), m.size_bytes), default=None)


def choose(language: str, installed: Sequence[ModelInfo], forced: str = "",
           per_language: Mapping[str, str] | None = None) -> Route:
    """The model for a story in ``language`` among ``installed`` (``list_models``).

    Raises ConfigError when no installed model can transcribe the language.
    """
    language = language.strip().lower()
    skipped = []
    for model, why in ((forced, "STORIES_MODEL"), ((per_language or {}).get(language, ""), "[models]")):
        if not model:
            continue
        fits, info = _can_do(model, language, installed)
        if fits:
            return Route(language, model, f"set in {why}", info.family if info else quality.family(model))
        skipped.append(f"{model!r} (set in {why}) cannot transcribe {language!r}")
    capable = [m for m in installed if m.installed and language in m.languages]
    english_only = [m for m in capable if not m.multilingual]
    best = _best(english_only if language == "en" and english_only else capable)
    if best is None:
        why = f" ({'; '.join(skipped)})" if skipped else ""
        raise ConfigError(f"No installed Whisper model can transcribe language {language!r}: "
                          f"add one with `stories models add`{why}")
    reason = "best English-only model" if not best.multilingual else "best multilingual model"
    if skipped:
        log.warning("%s: using %s instead", "; ".join(skipped), best.name)
        reason += f", because {'; '.join(skipped)}"
    return Route(language, best.name, reason, best.family)


def detector(installed: Sequence[ModelInfo], forced: str = "") -> str | None:
    """The model that tells a story's language when nobody gave it; None if only English is installed."""
    if forced:
        fits, info = _can_do(forced, "es", installed)  # any second language: is it multilingual?
        if fits and (info is None or info.multilingual):
            return forced
    best = _best([m for m in installed if m.installed and m.multilingual])
    return best.name if best else None
