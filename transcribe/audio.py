"""Decode an uploaded recording into the samples Whisper wants."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from faster_whisper import decode_audio

from stories.errors import StepFailed, UnreadableRecording, cause

#: Whisper models take 16 kHz mono.
SAMPLING_RATE = 16_000
#: Decoding skips packets it cannot read. Losing more than this share of the recording (and half
#: a second) means it is damaged inside: fail with a reason rather than transcribe a fragment.
DECODED_SHARE = 0.9



def load_audio(path: Path) -> np.ndarray:
    """Return the first audio track of ``path`` as 16 kHz mono float32 samples.

    Raises StepFailed, with a message for the person who uploaded it, when the
    file is missing, not audio or video, has no audio track, has no samples,
    or is damaged inside (decodes to much less than the length it declares).
    """
    path = Path(path)
    if not path.is_file():
        raise StepFailed(f"The recording {path.name!r} is missing")
    try:
        # Look at the streams first: decode_audio reports "no audio" as IndexError.
        with av.open(str(path), metadata_errors="ignore") as container:
            has_audio = bool(container.streams.audio)
            expected = _expected_seconds(container) if has_audio else None
    except (av.FFmpegError, OSError) as exc:
        raise UnreadableRecording(
            f"Could not read {path.name!r} as audio or video: {cause(exc)}"
        ) from exc
    if not has_audio:
        raise UnreadableRecording(f"{path.name!r} has no audio track to transcribe")
    try:
        samples = decode_audio(str(path), sampling_rate=SAMPLING_RATE)
    except (av.FFmpegError, OSError, ValueError, IndexError) as exc:
        raise UnreadableRecording(
            f"Could not decode the audio in {path.name!r}: {cause(exc)}"
        ) from exc
    if samples.size == 0:
        raise UnreadableRecording(f"The audio track in {path.name!r} is empty")
    decoded = samples.size / SAMPLING_RATE
    if expected and decoded < expected * DECODED_SHARE - 0.5:
        raise UnreadableRecording(f"The recording is damaged: only {decoded:.1f} of its {expected:.1f} "
                                  "seconds could be decoded. Please upload it again.")
    return samples


def _expected_seconds(container) -> float | None:
    """How long the audio says it is: its stream's duration, else the container's."""
    stream = container.streams.audio[0]
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return container.duration / av.time_base if container.duration else None
