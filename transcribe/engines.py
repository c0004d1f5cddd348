"""Transcription engines: turn a recording into a ``Transcript``."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.vad import get_speech_timestamps

from stories.errors import ConfigError, StepFailed
from stories.model import Transcript

from .audio import SAMPLING_RATE, load_audio
from .batched import transcribe_batched
from .models import model_label
from .options import ProgressCallback, TranscribeOptions
from .segments import collect_segments


class Engine(Protocol):
    """Anything that can transcribe one recording."""

    name: str

    def transcribe(
        self,
        path: Path,
        language: str | None,
        options: TranscribeOptions,
        on_progress: ProgressCallback | None,
        samples: np.ndarray | None = None,
    ) -> Transcript: ...

    def detect_language(self, samples: np.ndarray, options: TranscribeOptions) -> tuple[str, float]: ...


#: Seconds at the start of a recording that language detection looks in first.
DETECT_WITHIN = 120


def default_threads() -> int:
    """CTranslate2's own default (4), but never more threads than cores: on 2 cores, 4 threads
    decode a 5-minute story 7% slower one window at a time and 26% slower batched. 0 (CTranslate2
    decides) where OMP_NUM_THREADS is set, which it then follows."""
    return 0 if os.environ.get("OMP_NUM_THREADS") else min(4, os.cpu_count() or 1)


class FasterWhisperEngine:
    """Whisper via faster-whisper (CTranslate2) on the CPU, int8 by default."""

    name = "faster-whisper"

    def __init__(
        self, model_path: Path, compute_type: str = "int8", cpu_threads: int = 0
    ) -> None:
        self.model_path = Path(model_path)
        self.model_name = model_label(self.model_path)
        try:
            # Always a local folder: a size name ("tiny") would be looked up on the hub.
            self._model = WhisperModel(
                str(self.model_path),
                device="cpu",
                compute_type=compute_type,
                cpu_threads=cpu_threads or default_threads(),
            )
        except Exception as exc:  # CTranslate2 and tokenizers raise assorted types
            raise ConfigError(
                f"Could not load the Whisper model in {self.model_path}: {exc}"
            ) from exc

    def _check_language(self, language: str | None) -> str | None:
        supported = self._model.supported_languages
        if language is None:
            # English-only models have nothing to detect.
            return "en" if supported == ["en"] else None
        language = language.strip().lower()
        if language not in supported:
            raise ConfigError(
                f"Whisper model {self.model_name!r} cannot transcribe "
                f"language {language!r}"
                + (" (it is English-only)" if supported == ["en"] else "")
            )
        return language

    def detect_language(self, samples: np.ndarray, options: TranscribeOptions) -> tuple[str, float]:
        """The language spoken in the first 30 seconds of speech, with Whisper's probability for it."""
        if self._model.supported_languages == ["en"]:
            return "en", 1.0
        # VAD over an hour-long story only to find its first 30 seconds of speech is wasted: look at
        # the opening minutes, and at the whole only if no speech is heard in them.
        audio = samples[: DETECT_WITHIN * SAMPLING_RATE]
        if options.vad_filter and audio.size < samples.size and not get_speech_timestamps(audio):
            audio = samples
        try:
            language, probability, _ = self._model.detect_language(audio=audio, vad_filter=options.vad_filter)
        except ValueError:  # no speech at all once silence is cut: nothing to tell
            return "en", 0.0
        return language, float(probability)

    @staticmethod
    def batched(options: TranscribeOptions, seconds: float) -> bool:
        """Whether a recording of ``seconds`` is decoded in batches under ``options``."""
        return options.batch_size > 1 and seconds >= options.batch_from

    def transcribe(
        self,
        path: Path,
        language: str | None,
        options: TranscribeOptions,
        on_progress: ProgressCallback | None = None,
        samples: np.ndarray | None = None,
    ) -> Transcript:
        """Transcribe ``path`` (or its ``samples``, already decoded); see ``transcribe_file``."""
        language = self._check_language(language)
        samples = load_audio(path) if samples is None else samples
        common = dict(language=language, beam_size=options.beam_size, vad_filter=options.vad_filter,
                      word_timestamps=options.word_timestamps, initial_prompt=options.initial_prompt,
                      condition_on_previous_text=options.condition_on_previous_text)
        try:
            if self.batched(options, samples.size / SAMPLING_RATE):
                # Segments arrive a batch at a time, so progress (and a lost lease) still reach
                # the job between batches.
                raw, info = transcribe_batched(self._model, samples, options.batch_size, **common)
            else:
                raw, info = self._model.transcribe(samples, **common)
            segments = collect_segments(raw, info.duration, on_progress)
        except RuntimeError as exc:  # CTranslate2 failures (e.g. out of memory)
            name = Path(path).name
            raise StepFailed(f"Transcription of {name!r} failed: {exc}") from exc
        return Transcript(
            segments=segments,
            language=info.language,
            language_probability=float(info.language_probability),
            duration=info.duration or samples.size / SAMPLING_RATE,
            engine=self.name,
            model=self.model_name,
        )


def _openai_whisper(model_path: Path, compute_type: str, cpu_threads: int) -> Engine:
    # Imported on use: openai-whisper (PyTorch) is an optional install.
    from .openai_engine import OpenAIWhisperEngine

    return OpenAIWhisperEngine(model_path, compute_type, cpu_threads)


_ENGINES: dict[str, Callable[[Path, str, int], Engine]] = {
    FasterWhisperEngine.name: FasterWhisperEngine,
    "openai-whisper": _openai_whisper,
}


@lru_cache(maxsize=4)
def get_engine(
    name: str, model_path: Path, compute_type: str = "int8", cpu_threads: int = 0
) -> Engine:
    """Return the named engine with its model loaded, once per process per argument set.

    Raises ConfigError for an unknown engine name or a model that will not load.
    """
    factory = _ENGINES.get(name)
    if factory is None:
        known = ", ".join(sorted(_ENGINES))
        raise ConfigError(
            f"Unknown transcription engine {name!r}: choose one of {known}"
        )
    return factory(Path(model_path), compute_type, cpu_threads)
