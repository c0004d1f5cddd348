"""The published copy of a recording: audio only, redacted spans silenced, AAC in an .m4a.

Decoding and encoding go frame by frame with PyAV (no ffmpeg binary), so an hour-long
story never sits in memory whole.
"""

from __future__ import annotations

import os
import secrets
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from stories.errors import StepFailed, cause

BLEEP_HZ = 1000.0
BLEEP_LEVEL = 0.1  # of full scale: audible as "something was removed", not startling
BITRATE = 64000  # mono speech; AAC-LC at this rate is transparent enough for voices


def _output_rate(rate: int) -> int:
    supported = av.codec.Codec("aac", "w").audio_rates or ()
    if rate in supported:
        return rate
    return 44100 if rate % 11025 == 0 else 48000


def _sample_spans(spans: list[tuple[float, float]], rate: int) -> list[tuple[int, int]]:
    # Round outwards so a span's edges are silenced too.
    ranges = sorted((max(0, int(np.floor(s * rate))), int(np.ceil(e * rate))) for s, e in spans if e > s)
    return [(a, b) for a, b in ranges if b > a]


class _Silencer:
    """Zeroes (or bleeps) the samples inside the spans, one frame at a time."""

    def __init__(self, spans: list[tuple[int, int]], rate: int, bleep: bool):
        self.spans, self.rate, self.bleep = spans, rate, bleep
        self.pos = 0  # samples seen so far: the recording's timeline as Whisper decoded it
        self.next = 0  # spans before this one are behind us

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        n, pos = samples.shape[-1], self.pos
        self.pos += n
        while self.next < len(self.spans) and self.spans[self.next][1] <= pos:
            self.next += 1
        for a, b in self.spans[self.next:]:
            if a >= pos + n:
                break
            lo, hi = max(a, pos) - pos, min(b, pos + n) - pos
            if self.bleep:
                # Phase from the absolute sample index, so the tone runs on across frames.
                t = np.arange(pos + lo, pos + hi) / self.rate
                samples[..., lo:hi] = BLEEP_LEVEL * np.sin(2 * np.pi * BLEEP_HZ * t)
            else:
                samples[..., lo:hi] = 0.0
        return samples


def _open_source(source: Path):
    if not source.is_file():
        raise StepFailed(f"The recording {source.name!r} is missing")
    try:
        container = av.open(str(source), metadata_errors="ignore")
    except (av.FFmpegError, OSError) as e:
        raise StepFailed(f"Could not read {source.name!r} as audio or video: {cause(e)}") from e
    if not container.streams.audio:
        container.close()
        raise StepFailed(f"{source.name!r} has no audio track to publish")
    return container



def _decoded(src, stream):
    """The stream's frames, skipping undecodable ones and ignoring timestamps.

    This is what faster-whisper's decode_audio does, so sample n here is sample n of
    the audio the transcript's times were measured on.
    """
    frames = iter(src.decode(stream))
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue
        frame.pts = None
        yield frame


def write_redacted_audio(source: Path, target: Path, spans: list[tuple[float, float]],
                         bleep: bool = False) -> Path:
    """Write ``source``'s first audio stream to ``target`` (.m4a, AAC, mono) with ``spans`` silenced.

    ``spans`` are (start, end) seconds from the start of the decoded audio. With ``bleep``
    they carry a quiet 1 kHz tone instead of silence. Any picture in ``source`` is left
    out (a face identifies), and so is its metadata (phones record places and names).
    The file appears at ``target`` only once complete. Raises StepFailed when
    ``source`` can't be decoded.
    """
    source, target = Path(source), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Hidden and beside the target so os.replace is atomic and nothing serves a half file.
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with _open_source(source) as src:
            _transcode(src, partial, spans, bleep, source.name)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _transcode(src, partial: Path, spans: list[tuple[float, float]], bleep: bool, name: str) -> None:
    in_stream = src.streams.audio[0]
    rate = _output_rate(in_stream.rate or in_stream.codec_context.sample_rate or 48000)
    silence = _Silencer(_sample_spans(spans, rate), rate, bleep)
    resampler = av.AudioResampler(format="fltp", layout="mono", rate=rate)
    with av.open(str(partial), "w", format="ipod", options={"movflags": "+faststart"}) as out:
        stream = out.add_stream("aac", rate=rate)
        stream.layout, stream.bit_rate = "mono", BITRATE

        def write(frames) -> None:
            for frame in frames:
                samples = silence(frame.to_ndarray().astype(np.float32, copy=True))
                fresh = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
                fresh.sample_rate, fresh.time_base = rate, Fraction(1, rate)
                fresh.pts = silence.pos - samples.shape[-1]
                for packet in stream.encode(fresh):
                    out.mux(packet)

        try:
            for frame in _decoded(src, in_stream):
                write(resampler.resample(frame))
            write(resampler.resample(None))
        except (av.FFmpegError, ValueError) as e:
            raise StepFailed(f"Could not decode the audio in {name!r}: {cause(e)}") from e
        if silence.pos == 0:
            raise StepFailed(f"The audio track in {name!r} is empty")
        for packet in stream.encode(None):
            out.mux(packet)
