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
    # Recordings at least ``batch_from`` seconds long are decoded ``batch_size`` VAD-cut chunks at a
    # time (faster-whisper's BatchedInferencePipeline): on 2 cores a 5-minute story decodes about
    # twice as fast (bench/transcribe.py --long). 4 rather than 8: as fast on 2 cores within 5%,
    # and base peaks at 907 MB instead of 1,401 MB on a 20-minute story. batch_size 1 turns
    # batching off.
    batch_size: int = 4
    batch_from: float = 120.0
    compute_type: str = "int8"
    # 0: as many as there are cores, at most 4 (engines.default_threads).
    cpu_threads: int = 0
