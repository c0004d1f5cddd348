"""Batched decoding of a long recording, with no passage lost.

faster-whisper's ``BatchedInferencePipeline`` cuts the recording at its pauses (silero VAD) into
chunks of up to 30 seconds and decodes several at once: about twice as fast on 2 cores. But it
has no fallback when a chunk decodes badly, and drops that chunk's words: on a 6-minute Spanish
reading, 28 seconds (60 words) of a teller's story vanished. So the speech VAD heard between two
decoded chunks is decoded again one window at a time, in its place, before the next chunk is
passed on: segments stay in order and progress never goes back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
from faster_whisper import BatchedInferencePipeline, WhisperModel
from faster_whisper.vad import VadOptions, get_speech_timestamps

from .audio import SAMPLING_RATE
from .segments import sentences

#: VAD as the batched pipeline runs it, so its speech is the speech the chunks were cut from.
_VAD = VadOptions(max_speech_duration_s=30, min_silence_duration_ms=160)
#: Seconds of speech between two decoded chunks that are decoded again on their own.
MISSED_SPEECH = 2.0


def transcribe_batched(model: WhisperModel, samples: np.ndarray, batch_size: int, **options) -> tuple[
        Iterator[Any], Any]:
    """(segments cut into sentences, info), as ``WhisperModel.transcribe`` returns them, lazily."""
    chunks, info = BatchedInferencePipeline(model).transcribe(
        samples, batch_size=batch_size, without_timestamps=True, **options)

    def speech(start: float, end: float) -> list[tuple[float, float]]:
        # VAD again only between two chunks, where speech may have been dropped: on the whole
        # recording it cost 2 s of every 10 minutes, and most gaps are pauses too short to matter.
        if not options.get("vad_filter"):
            return []
        offset = int(start * SAMPLING_RATE)
        found = get_speech_timestamps(samples[offset : int(end * SAMPLING_RATE)], _VAD)
        return [((s["start"] + offset) / SAMPLING_RATE, (s["end"] + offset) / SAMPLING_RATE) for s in found]

    return sentences(_filled(chunks, speech, model, samples, options, info.duration)), info


def _filled(chunks: Iterable[Any], speech: Callable[[float, float], list[tuple[float, float]]],
            model: WhisperModel, samples: np.ndarray, options: dict, duration: float) -> Iterator[Any]:
    covered = 0.0
    for chunk in chunks:
        yield from _missed(covered, chunk.start, speech, model, samples, options)
        yield chunk
        covered = max(covered, chunk.end)
    yield from _missed(covered, duration, speech, model, samples, options)


def _missed(start: float, end: float, speech: Callable[[float, float], list[tuple[float, float]]],
            model: WhisperModel, samples: np.ndarray, options: dict) -> Iterator[Any]:
    """The segments of any speech between ``start`` and ``end`` that no chunk accounted for."""
    if end - start < MISSED_SPEECH:
        return  # too short a gap to hold that much speech: no need to listen for it
    heard = sum(max(0.0, min(e, end) - max(s, start)) for s, e in speech(start, end))
    if heard < MISSED_SPEECH:
        return
    # clip_timestamps keeps the recording's own timeline; VAD is off inside the clip.
    segments, _ = model.transcribe(samples, clip_timestamps=[start, end], **{**options, "vad_filter": False})
    yield from segments
