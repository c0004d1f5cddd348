"""Test recordings from real speech, and what Whisper heard in them.

Recordings are made in phone and browser formats with PyAV: encoding
here, rather than shipping files, keeps the repository small and
needs no ffmpeg binary.

Whisper's int8 kernels differ from one CPU to another, and so does its text:
"Sarah" or "Sarah,", "two" or "2", "900123" or "900,123". Tests of what was
heard compare through ``normalise`` and ``heard`` rather than exact text.
"""

from __future__ import annotations

import functools
from pathlib import Path

import av
import numpy as np

#: extension -> (container format, audio codec)
FORMATS = {
    "m4a": ("ipod", "aac"),
    "aac": ("adts", "aac"),
    "mp3": ("mp3", "libmp3lame"),
    "ogg": ("ogg", "libopus"),
    "opus": ("ogg", "libopus"),
    "webm": ("webm", "libopus"),
    "wav": ("wav", "pcm_s16le"),
    "flac": ("flac", "flac"),
}


def read_pcm(path: Path) -> tuple[np.ndarray, int]:
    """Mono int16 samples and the sample rate of a recording."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        frames = [f.to_ndarray() for f in container.decode(stream)]
        return np.concatenate(frames, axis=1)[0].astype(np.int16), stream.rate


def encode(source: Path, target: Path, with_video: bool = False) -> Path:
    """Re-encode ``source`` into ``target``, the format chosen by its extension."""
    samples, rate = read_pcm(source)
    ext = target.suffix.lstrip(".")
    fmt, codec = ("mp4", "aac") if ext == "mp4" else FORMATS[ext]
    out_rate = 48000 if codec == "libopus" else rate
    with av.open(str(target), "w", format=fmt) as out:
        audio = out.add_stream(codec, rate=out_rate)
        audio.layout = "mono"
        video = _video_stream(out) if with_video else None
        resampler = av.AudioResampler(format=audio.format.name, layout="mono", rate=out_rate)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = rate
        for resampled in resampler.resample(frame) + resampler.resample(None):
            for packet in audio.encode(resampled):
                out.mux(packet)
        for packet in audio.encode(None):
            out.mux(packet)
        if video is not None:
            _write_video(out, video, seconds=len(samples) / rate)
    return target


def _video_stream(out):
    video = out.add_stream("mpeg4", rate=5)
    video.width, video.height, video.pix_fmt = 64, 64, "yuv420p"
    return video


def _write_video(out, video, seconds: float) -> None:
    for i in range(int(seconds * 5)):
        image = np.full((64, 64, 3), (i * 7) % 255, dtype=np.uint8)
        for packet in video.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
            out.mux(packet)
    for packet in video.encode(None):
        out.mux(packet)


def truncate(source: Path, target: Path, keep: float = 0.5) -> Path:
    """The first part of a file, as a dropped connection would leave it."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def write_pcm(samples: np.ndarray, target: Path, rate: int = 16000) -> Path:
    """Write mono int16 samples as a WAV file."""
    with av.open(str(target), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(samples.astype(np.int16).reshape(1, -1), format="s16",
                                           layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return target


def join_clips(clips: list[Path], target: Path, seconds: float = 0.0,
               gap: float = 1.0) -> tuple[float, int]:
    """The clips one after another with ``gap`` seconds of silence, repeated to ``seconds``.

    Stands in for a long story made of real speech; returns its length in
    seconds and how many times the clips were repeated.
    """
    pieces, total, passes = [], 0, 0
    silence = np.zeros(int(16000 * gap), dtype=np.int16)
    while True:
        for clip in clips:
            samples, rate = read_pcm(clip)
            assert rate == 16000, f"{clip} is not 16 kHz"
            pieces += [samples, silence]
            total += len(samples) + len(silence)
        passes += 1
        if total >= seconds * 16000:
            break
    write_pcm(np.concatenate(pieces), target)
    return total / 16000, passes


@functools.cache
def _english():
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()


def normalise(text: str) -> str:
    """Whisper's English normaliser, as WER is usually reported: lower case, no punctuation,
    "Mr." and "mister" alike, numbers as digits ("two", "2"; "900,123", "900123")."""
    return _english()(text)


def heard(text: str, *words: str) -> list[str]:
    """Those of ``words`` (or phrases) that are in a transcript as whole words, however
    Whisper wrote them: any casing, punctuation, or number style."""
    said = f" {normalise(text)} "
    return [word for word in words if f" {normalise(word)} " in said]
