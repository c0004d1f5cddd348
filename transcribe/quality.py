"""How well a Whisper model is expected to transcribe a language: word error rates kept as data.

``quality.toml`` holds Whisper's published rates (the paper's FLEURS tables) and the project's own
measurements on real speech (``bench/languages.py``). A model is known by its size
("family"): the name it was installed under, or the size recorded when it was added.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: Whisper sizes from weakest to strongest; routing prefers the later of two installed models.
FAMILIES = ("tiny.en", "tiny", "base.en", "base", "small.en", "small", "medium.en", "medium",
            "large-v1", "large-v2", "large-v3-turbo", "large-v3")
#: Other spellings of a size in model names (Systran's "faster-whisper-large-v3-turbo" is "turbo").
ALIASES = {"turbo": "large-v3-turbo", "large": "large-v1"}


@dataclass(frozen=True)
class Estimate:
    """An expected word error rate in percent, and where the figure comes from."""

    wer: float
    source: str


@cache
def _data() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("quality.toml").read_text(encoding="utf-8"))


def family(name: str) -> str | None:
    """The Whisper size a model's name stands for ("faster-whisper-small" -> "small"); None if unknown."""
    lowered = name.lower()
    if "distil" in lowered:  # distilled models hear English only, whatever their vocabulary says
        return None
    for candidate in sorted([*FAMILIES, *ALIASES], key=len, reverse=True):
        if re.search(rf"(?<![a-z0-9.]){re.escape(candidate)}(?![a-z0-9]|\.en)", lowered):
            return ALIASES.get(candidate, candidate)
    return None


def rank(model_family: str | None) -> int:
    """Higher is better; an unknown size ranks below every known one."""
    return FAMILIES.index(model_family) if model_family in FAMILIES else -1


def expected_wer(model_family: str | None, language: str | None) -> Estimate | None:
    """What share of words the model is expected to get wrong in ``language``, or None if no one knows.

    Whisper's published figure comes first (thousands of sentences); else one measured here.
    """
    if not model_family or not language:
        return None
    for kind in ("published", "measured"):
        table = _data()[kind]
        wer = table.get(model_family, {}).get(language)
        if wer is not None:
            return Estimate(float(wer), table["source"])
    return None


def estimates(model_family: str | None, language: str) -> dict[str, float]:
    """Both figures, where known: ``{"measured": ..., "published": ...}`` (for ``stories models list``)."""
    figures = {kind: _data()[kind].get(model_family or "", {}).get(language)
               for kind in ("measured", "published")}
    return {kind: float(wer) for kind, wer in figures.items() if wer is not None}
