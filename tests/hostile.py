"""A corpus of hostile and broken uploads, built at test time from the real speech clips.

Each case says what the upload is, what it is called and labelled, and what
Stories must do with it: refuse it with a 4xx, accept it and let processing
end ``failed`` with a readable reason, or accept and process it normally
(a valid recording with a lying name or Content-Type is fine: we probe bytes).
Nothing here is downloaded; recordings are encoded with PyAV (FFmpeg's libraries).
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from audio import encode, read_pcm, truncate
from PIL import Image

SPEECH = Path(__file__).parent / "data" / "speech"
CLIP = SPEECH / "librivox-0870.wav"  # about 7 s of real speech, 16 kHz mono
REFUSED, FAILED, PROCESSED = "refused", "failed", "processed"
SILENCE_MINUTES = 10
OVER_LIMIT_MB = 1  # the form tests run with this max_upload_mb


@dataclass(frozen=True)
class Hostile:
    """One bad upload, and what Stories must do with it."""

    name: str
    filename: str
    make: Callable[[Path], bytes]  # given a scratch folder, returns the file's bytes
    expect: str  # REFUSED, FAILED or PROCESSED
    content_type: str = "application/octet-stream"
    #: Words the teller must see (refusal) or the story's error must hold (failure), any one of them.
    words: tuple[str, ...] = ()
    #: What ``stories add`` does, where it differs: the web's size limit is not the CLI's.
    cli_expect: str | None = None
    form_expect: str | None = None  # and what the form does, where that differs
    #: The CLI cannot be given a name the file system refuses (NUL, 2,000 characters, a slash).
    cli_filename: str | None = None
    #: Whether the worker's run tells anything: a name never reaches the worker, only the bytes do.
    pipeline: bool = True


CUT = ("cut off", "damaged", "not a recording")
NOT_RECORDING = ("not a recording",)


def _encoded(ext: str, keep: float = 1.0) -> Callable[[Path], bytes]:
    def make(scratch: Path) -> bytes:
        path = encode(CLIP, scratch / f"clip-{ext}.{ext}")
        return path.read_bytes() if keep == 1.0 else truncate(path, scratch / f"cut.{ext}", keep).read_bytes()
    return make


def damaged_middle(ext: str) -> Callable[[Path], bytes]:
    """A whole file whose middle third is noise: its index is intact, so only decoding finds out."""
    def make(scratch: Path) -> bytes:
        data = bytearray(_encoded(ext)(scratch))
        third = len(data) // 3
        data[third:2 * third] = np.random.default_rng(3).integers(0, 256, third, dtype=np.uint8).tobytes()
        return bytes(data)
    return make


def wav_header(channels: int = 1, rate: int = 16000, bits: int = 16, data_size: int | None = None,
               body: bytes = b"") -> bytes:
    """A RIFF/WAVE file whose header says whatever we like, followed by ``body``."""
    size = len(body) if data_size is None else data_size
    block = channels * bits // 8
    # Masked: a hostile header may hold values no honest writer would.
    fmt = struct.pack("<HHIIHH", 1, channels, rate, (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits)
    riff_size = min(0xFFFFFFFF, 4 + 8 + len(fmt) + 8 + size)
    return (b"RIFF" + struct.pack("<I", riff_size) + b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", size) + body)


def _speech_wav(scratch: Path) -> bytes:
    return CLIP.read_bytes()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _long_silence(scratch: Path) -> bytes:
    """Minutes of digital silence as Opus: a long recording in a few hundred kB."""
    path, rate = scratch / "silence.ogg", 48000
    with av.open(str(path), "w", format="ogg") as out:
        stream = out.add_stream("libopus", rate=rate)
        stream.layout, stream.bit_rate = "mono", 6000
        second = np.zeros((1, rate), dtype=np.int16)
        for i in range(SILENCE_MINUTES * 60):
            frame = av.AudioFrame.from_ndarray(second, format="s16", layout="mono")
            frame.sample_rate, frame.pts = rate, i * rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path.read_bytes()


def _video_only(scratch: Path) -> bytes:
    path = scratch / "no-audio.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        video = out.add_stream("mpeg4", rate=5)
        video.width, video.height, video.pix_fmt = 32, 32, "yuv420p"
        for i in range(10):
            image = np.full((32, 32, 3), i * 20, dtype=np.uint8)
            for packet in video.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
    return path.read_bytes()


def _over_limit(scratch: Path) -> bytes:
    """A real, valid recording just over the form's limit: speech, then silence."""
    samples, rate = read_pcm(CLIP)
    padded = np.concatenate([samples, np.zeros(OVER_LIMIT_MB * 1024 * 1024 // 2, dtype=np.int16)])
    with av.open(str(scratch / "long.wav"), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(padded.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return (scratch / "long.wav").read_bytes()


def _const(data: bytes) -> Callable[[Path], bytes]:
    return lambda scratch: data


SCRIPT_HTML = (b"<!doctype html><html><body><script>alert(document.cookie)</script>"
               b"<p>My story</p></body></html>")
SCRIPT_SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
              b"<script>fetch('/moderate')</script><rect width='10' height='10'/></svg>")
RANDOM = np.random.default_rng(8).integers(0, 256, 20_000, dtype=np.uint8).tobytes()
WAV_NAMES = {
    "name-unicode": "história_ñ_日本語_🎙️.wav",
    "name-traversal": "../../etc/passwd",
    "name-nul": "evil\x00.wav",
    "name-2000-chars": "a" * 1996 + ".wav",
    "name-only-dots": "....",
    "name-newline": "story%0D%0AContent-Type: text/html.wav",  # a CR LF, as a browser encodes it
    "name-dotfile-windows": "..\\..\\Windows\\win.ini",
}
#: Names a Linux file system can hold, for the CLI's copy of the same case.
CLI_NAMES = {"name-traversal": "etc-passwd", "name-nul": "evil.wav", "name-2000-chars": "a" * 200 + ".wav",
             "name-newline": "story\r\nContent-Type: text-html.wav", "name-dotfile-windows": "..\\win.ini"}

CASES: list[Hostile] = [
    Hostile("empty-mp3", "empty.mp3", _const(b""), REFUSED, words=("empty",)),
    Hostile("empty-txt", "empty.txt", _const(b""), REFUSED, words=("empty",)),
    Hostile("whitespace-txt", "blank.txt", _const(b" \r\n\t\n  "), REFUSED, words=("empty",)),
    *(Hostile(f"truncated-{ext}", f"cut.{ext}", _encoded(ext, 0.5), REFUSED, words=CUT)
      for ext in ("mp3", "m4a", "ogg", "wav", "flac", "webm")),
    Hostile("m4a-tail-only", "tail.m4a", lambda s: _encoded("m4a")(s)[2000:], REFUSED, words=CUT),
    *(Hostile(f"damaged-middle-{ext}", f"damaged.{ext}", damaged_middle(ext), FAILED, words=("damaged",))
      for ext in ("m4a", "ogg")),
    Hostile("wav-header-only", "header.wav", _const(wav_header(data_size=1_000_000)), REFUSED,
            words=CUT + ("no sound",)),
    Hostile("wav-named-mp3", "really-a-wav.mp3", _speech_wav, PROCESSED),
    Hostile("mp3-named-m4a", "really-an-mp3.m4a", _encoded("mp3"), PROCESSED),
    Hostile("text-named-wav", "notes.wav", _const(b"These are my notes, not a recording.\n" * 30), REFUSED,
            words=NOT_RECORDING),
    # The Content-Type is never stored or trusted, so the worker would see the same bytes as above.
    Hostile("wav-lying-content-type", "clip.wav", _speech_wav, PROCESSED, content_type="image/png",
            pipeline=False),
    Hostile("ogg-as-html", "clip.ogg", _encoded("ogg"), PROCESSED, content_type="text/html"),
    Hostile("png-zip-polyglot", "photo.m4a", lambda s: _png() + _zip({"a.txt": b"hi"}), REFUSED,
            content_type="image/png", words=NOT_RECORDING),
    Hostile("jpeg-zip-polyglot", "photo.jpg", lambda s: _jpeg() + _zip({"x.wav": CLIP.read_bytes()}), REFUSED,
            content_type="image/jpeg", words=NOT_RECORDING),
    Hostile("png-polyglot-as-txt", "story.txt", lambda s: _png() + _zip({"a.txt": b"hi"}), REFUSED,
            words=("not plain text",)),
    Hostile("zip-named-ogg", "archive.ogg", lambda s: _zip({"clip.ogg": _encoded("ogg")(s)}), REFUSED,
            content_type="audio/ogg", words=NOT_RECORDING),
    # Decompression bombs: a header that promises hours from a few bytes.
    Hostile("wav-bomb-data-size", "bomb.wav", _const(wav_header(data_size=0xFFFFFF00, body=b"\x00" * 4096)),
            REFUSED, words=CUT),
    Hostile("wav-bomb-1hz", "slow.wav", _const(wav_header(rate=1, bits=8, body=b"\x80" * 200_000)), REFUSED,
            words=("too long",)),
    Hostile("wav-65535-channels", "wide.wav", _const(wav_header(channels=65535, body=b"\x00" * 8192)),
            REFUSED, words=NOT_RECORDING + ("no sound", "too long")),
    Hostile("wav-0-channels", "nochan.wav", _const(wav_header(channels=0, body=b"\x00" * 8000)), REFUSED,
            words=NOT_RECORDING + ("no sound",)),
    Hostile("wav-0-sample-rate", "norate.wav", _const(wav_header(rate=0, body=b"\x00" * 8000)), REFUSED,
            words=NOT_RECORDING + ("no sound",)),
    Hostile("wav-0-bits", "nobits.wav", _const(wav_header(bits=0, body=b"\x00" * 8000)), REFUSED,
            words=NOT_RECORDING + ("no sound",)),
    Hostile("wav-no-data", "nodata.wav", _const(wav_header(body=b"")), REFUSED,
            words=NOT_RECORDING + ("no sound", "empty")),
    Hostile("long-silence", "silence.ogg", _long_silence, FAILED, words=("no speech",)),
    Hostile("random-m4a", "random.m4a", _const(RANDOM), REFUSED, words=NOT_RECORDING),
    Hostile("random-mp3-sync", "sync.mp3", _const(b"\xff\xfb\x90\x64" * 5000), REFUSED,
            words=NOT_RECORDING + ("no sound", "cut off")),
    Hostile("ogg-capture-only", "pages.ogg", _const(b"OggS\x00\x02" + RANDOM[:4000]), REFUSED,
            words=NOT_RECORDING + ("cut off",)),
    Hostile("mp3-id3-only", "tag.mp3", _const(b"ID3\x04\x00\x00\x00\x00\x00\x00"), REFUSED,
            words=NOT_RECORDING + ("no sound",)),
    Hostile("video-no-audio", "silent.mp4", _video_only, REFUSED, content_type="video/mp4",
            words=NOT_RECORDING),
    Hostile("html-script", "story.html", _const(SCRIPT_HTML), REFUSED, content_type="text/html",
            words=NOT_RECORDING),
    Hostile("svg-script", "drawing.svg", _const(SCRIPT_SVG), REFUSED, content_type="image/svg+xml",
            words=NOT_RECORDING),
    # Text is text: a written story may contain markup, and every page escapes it.
    Hostile("html-script-as-txt", "story.txt", _const(SCRIPT_HTML), PROCESSED, content_type="text/html"),
    Hostile("latin1-txt", "story.txt", _const("Añoranza del café".encode("latin-1")), REFUSED,
            words=("UTF-8",)),
    Hostile("over-limit", "long.wav", _over_limit, REFUSED, words=("too large",), cli_expect=PROCESSED),
    *(Hostile(name, filename, _speech_wav, PROCESSED, cli_filename=CLI_NAMES.get(name), pipeline=False)
      for name, filename in WAV_NAMES.items()),
    # A raw CR LF in the part's header, as no browser sends it (they write %0D%0A): the file part is lost.
    Hostile("name-crlf-raw", "story\r\nContent-Type: text/html.wav", _speech_wav, PROCESSED,
            form_expect=REFUSED, words=("choose a recording",), cli_filename="story\nX.wav", pipeline=False),
    Hostile("name-rtl-override", "recording\u202etxt.wav", _speech_wav, PROCESSED, pipeline=False),
    Hostile("name-rtl-hides-txt", "recording\u202evaw.txt", _speech_wav, REFUSED, words=("not plain text",)),
]
BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "case names must be unique"


def build(case: Hostile, scratch: Path) -> bytes:
    """The case's bytes, made in ``scratch`` (a folder the caller owns)."""
    os.makedirs(scratch, exist_ok=True)
    return case.make(scratch)
