"""Whisper via openai-whisper (PyTorch) on the CPU: the second engine, for comparison.

It runs the same CTranslate2 model folders as faster-whisper, converted once into an
openai-whisper checkpoint (see ``transcribe.convert``), so both engines can be compared
on the very same weights. Audio is decoded with PyAV, so no ffmpeg binary is needed.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
from faster_whisper.vad import SpeechTimestampsMap, VadOptions, collect_chunks, get_speech_timestamps

from stories.errors import ConfigError, StepFailed
from stories.model import Transcript

from .audio import SAMPLING_RATE, load_audio
from .models import cache_root, model_label
from .options import ProgressCallback, TranscribeOptions
from .segments import collect_segments

#: Bump when convert.py's output changes, so stale cached checkpoints are not reused.
_CONVERTER_VERSION = 1
_INSTALL_HINT = (
    "openai-whisper is not installed: make install-openai-whisper (or pip install "
    "'.[openai-whisper]' then pip install --no-deps openai-whisper==20250625)"
)


def _import_whisper() -> tuple[Any, Any]:
    # Imported here so faster-whisper-only installs can import the transcribe package.
    try:
        import torch
        import whisper
    except ImportError as exc:
        raise ConfigError(_INSTALL_HINT) from exc
    return torch, whisper


def checkpoint_dir() -> Path:
    """``cache_root()/openai-whisper``: checkpoints converted from the CTranslate2 weights."""
    return cache_root() / "openai-whisper"


def cached_checkpoint(ct2_dir: Path, cache_dir: Path | None = None) -> Path:
    """Return an openai-whisper checkpoint of the CTranslate2 model in ``ct2_dir``.

    Converts it the first time, into ``cache_dir`` (default: ``checkpoint_dir()``),
    and reuses it after that. The file name holds the model's name and a fingerprint of
    its model.bin, so an updated model is converted again.
    """
    _import_whisper()
    from .convert import convert_to_openai

    ct2_dir = Path(ct2_dir).resolve()
    source = ct2_dir / "model.bin"
    try:
        stat = source.stat()
    except OSError as exc:
        raise ConfigError(f"No Whisper model in {ct2_dir}: {exc}") from exc
    key = f"{source}:{stat.st_size}:{stat.st_mtime_ns}:{_CONVERTER_VERSION}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    target = Path(cache_dir or checkpoint_dir()).expanduser() / f"{model_label(ct2_dir)}-{digest}.pt"
    if not target.is_file():
        convert_to_openai(ct2_dir, target)
    return target


class OpenAIWhisperEngine:
    """Whisper via openai-whisper on the CPU, in float32.

    ``model_path`` is an openai-whisper ``.pt`` checkpoint or a CTranslate2 model folder
    (converted once into ``cache_dir``). ``compute_type`` is accepted for the common
    engine signature but ignored: PyTorch runs Whisper in float32 on the CPU.
    ``cpu_threads`` 0 uses every core.
    """

    name = "openai-whisper"

    def __init__(
        self,
        model_path: Path,
        compute_type: str = "float32",
        cpu_threads: int = 0,
        cache_dir: Path | None = None,
    ) -> None:
        torch, whisper = _import_whisper()
        self._whisper = whisper
        model_path = Path(model_path)
        if model_path.is_dir():
            self.model_name = model_label(model_path)
            checkpoint_file = cached_checkpoint(model_path, cache_dir)
        else:
            self.model_name = model_path.stem
            checkpoint_file = model_path
        self.model_path = checkpoint_file
        # PyTorch's default (one thread per core) is right for a worker that runs
        # one transcription at a time; the setting is process-wide.
        torch.set_num_threads(cpu_threads or os.cpu_count() or 1)
        try:
            # What whisper.load_model does, plus the checkpoint's word-timing heads.
            checkpoint = torch.load(checkpoint_file, map_location="cpu", weights_only=True)
            dims = whisper.model.ModelDimensions(**checkpoint["dims"])
            self._model = whisper.model.Whisper(dims)
            self._model.load_state_dict(checkpoint["model_state_dict"])
            if checkpoint.get("alignment_heads"):
                self._model.set_alignment_heads(checkpoint["alignment_heads"])
        except Exception as exc:  # torch raises assorted types for a bad file
            raise ConfigError(f"Could not load the Whisper checkpoint {checkpoint_file}: {exc}") from exc
        self._model.eval()
        # transcribe() hangs its key/value cache hooks on the shared modules, so two
        # threads (the queue's workers share one engine) must not decode at once.
        self._lock = threading.Lock()

    def _languages(self) -> list[str]:
        model = self._model
        if not model.is_multilingual:
            return ["en"]
        return list(self._whisper.tokenizer.LANGUAGES)[: model.num_languages]

    def _check_language(self, language: str | None) -> str | None:
        supported = self._languages()
        if language is None:
            return "en" if supported == ["en"] else None
        language = language.strip().lower()
        if language not in supported:
            raise ConfigError(
                f"Whisper model {self.model_name!r} cannot transcribe language {language!r}"
                + (" (it is English-only)" if supported == ["en"] else "")
            )
        return language

    def _detect_language(self, samples: np.ndarray) -> tuple[str, float]:
        # As faster-whisper does: from the first 30 seconds.
        whisper = self._whisper
        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(samples), self._model.dims.n_mels)
        _, probs = self._model.detect_language(mel)
        language = max(probs, key=probs.get)
        return language, float(probs[language])

    def detect_language(self, samples: np.ndarray, options: TranscribeOptions) -> tuple[str, float]:
        """The language spoken in the first 30 seconds of speech, with Whisper's probability for it."""
        if self._languages() == ["en"]:
            return "en", 1.0
        speech, _ = self._speech(samples, options)
        if not speech.size:
            return "en", 0.0
        with self._lock:
            return self._detect_language(speech)

    def _speech(self, samples: np.ndarray, options: TranscribeOptions
                ) -> tuple[np.ndarray, SpeechTimestampsMap | None]:
        if not options.vad_filter:
            return samples, None
        # openai-whisper has no VAD: cut silence with faster-whisper's (the same
        # silero model and defaults), so both engines hear the same audio.
        chunks = get_speech_timestamps(samples, VadOptions())
        speech = np.concatenate(collect_chunks(samples, chunks)[0])
        return speech, (SpeechTimestampsMap(chunks, SAMPLING_RATE) if chunks else None)

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
        duration = samples.size / SAMPLING_RATE
        speech, ts_map = self._speech(samples, options)
        try:
            with self._lock:
                raw, language, probability = self._run(speech, language, options)
        except RuntimeError as exc:  # PyTorch failures (e.g. out of memory)
            raise StepFailed(f"Transcription of {Path(path).name!r} failed: {exc}") from exc
        segments = collect_segments((_segment(s, ts_map) for s in raw), duration, on_progress)
        return Transcript(
            segments=segments,
            # With no speech nothing was detected: say English, with no probability.
            language=language or "en",
            language_probability=probability,
            duration=duration,
            engine=self.name,
            model=self.model_name,
        )

    def _run(
        self, speech: np.ndarray, language: str | None, options: TranscribeOptions
    ) -> tuple[list[dict[str, Any]], str | None, float | None]:
        """openai-whisper's segments, the language and its probability, for ``speech``."""
        if not speech.size:
            return [], language, (1.0 if language else None)
        probability = 1.0
        if language is None:
            language, probability = self._detect_language(speech)
        result = self._model.transcribe(
            speech,
            language=language,
            # faster-whisper's defaults, so the engines' results compare.
            beam_size=options.beam_size,
            best_of=5,
            word_timestamps=options.word_timestamps,
            initial_prompt=options.initial_prompt,
            condition_on_previous_text=options.condition_on_previous_text,
            fp16=False,
            verbose=None,
        )
        return result["segments"], language, probability


def _segment(raw: dict[str, Any], ts_map: SpeechTimestampsMap | None) -> SimpleNamespace:
    """openai-whisper's segment dict, with times back on the original audio, as
    ``collect_segments`` reads faster-whisper's."""
    start, end = float(raw["start"]), float(raw["end"])
    words = [SimpleNamespace(start=float(w["start"]), end=float(w["end"]), word=w["word"])
             for w in raw.get("words") or ()]
    if ts_map is not None:
        # As faster-whisper's restore_speech_timestamps: a word stays within one chunk.
        for word in words:
            chunk = ts_map.get_chunk_index((word.start + word.end) / 2)
            word.start = ts_map.get_original_time(word.start, chunk)
            word.end = ts_map.get_original_time(word.end, chunk)
        if words:
            start, end = words[0].start, words[-1].end
        else:
            start, end = ts_map.get_original_time(start), ts_map.get_original_time(end, is_end=True)
    return SimpleNamespace(text=raw["text"], start=start, end=end, avg_logprob=raw["avg_logprob"],
                           no_speech_prob=raw["no_speech_prob"], words=words)
