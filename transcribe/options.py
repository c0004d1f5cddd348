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
    compute_type: str = "int8"
    # 0 lets CTranslate2 choose (4 threads, or OMP_NUM_THREADS if set).
    cpu_threads: int = 0
