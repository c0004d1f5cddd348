"""Settings for one transcription run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: ``on_progress(done_seconds, total_seconds)``: how far into the recording we are.
ProgressCallback = Callable[[float, float], None]


@dataclass(frozen=True)
class TranscribeOptions:
    """Decoding settings passed through to the engine.

    ``compute_type`` and ``cpu_threads`` pick how the model is loaded, so runs that
    differ in them load (and cache) a separate model.
    """

    beam_size: int = 5
    # The silero VAD model ships inside faster-whisper, so this works offline.
    vad_filter: bool = True
    word_timestamps: bool = False
    initial_prompt: str | None = None
    # Whisper's default (True) lets one window's text steer the next. With word
    # timestamps on, that made faster-whisper skip whole passages of a long
    # recording (tiny.en lost 23 s of 70 s; WER 20% against 2%), and it is how
    # repetition loops carry on. Each window is decoded on its own instead.
    condition_on_previous_text: bool = False
    compute_type: str = "int8"
    # 0 lets CTranslate2 choose (4 threads, or OMP_NUM_THREADS if set).
    cpu_threads: int = 0
