"""Tell what an uploaded file really is, from its bytes, never its name.

Both intake (to refuse bad uploads with a clear message) and transcription
rely on this, so it lives in the core.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import av

from stories.errors import N_, BadUpload, UnsupportedMedia
from stories.model import Kind

#: PyAV container names we accept, with the extension the stored copy gets.
ALLOWED_CONTAINERS = {
    "mov,mp4,m4a,3gp,3g2,mj2": "m4a",
    "mp3": "mp3",
    "ogg": "ogg",
    "matroska,webm": "webm",
    "wav": "wav",
    "aac": "aac",
    "flac": "flac",
}
ACCEPTED = "m4a/aac, mp3, ogg/opus, webm, wav, flac or mp4"
TEXT_SUFFIXES = (".txt", ".md")
# A recording whose packets stop well before the length its header declares
# was cut off in transfer; a little slack absorbs encoder padding.
TRUNCATION_SLACK = 0.9
OGG_TAIL = 70_000  # an Ogg page is at most about 65 kB
#: Longest recording accepted. A few header bytes can claim days of audio (a WAV at 1 Hz, say), and
#: the worker decodes to 16 kHz floats in memory: 3 hours is about 700 MB there.
MAX_HOURS = 3
MAX_SECONDS = MAX_HOURS * 3600
TOO_LONG = N_("The recording is too long: the limit is %(hours)s hours. Please split it into shorter parts.")


@dataclass(frozen=True)
class MediaInfo:
    """What probing found out about a recording."""

    kind: Kind
    container: str
    extension: str
    duration: float


def probe(path: Path) -> MediaInfo:
    """Check a recording is one we accept and is whole; raise BadUpload if not."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise BadUpload(N_("The file is empty. Please choose the recording again."))
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            return _inspect(path, container)
    except av.error.FFmpegError:
        raise UnsupportedMedia(N_("This file is not a recording we can read, or it is damaged. "
                                  "Please upload %(formats)s."), formats=ACCEPTED) from None


def _inspect(path: Path, container) -> MediaInfo:
    name = container.format.name
    extension = ALLOWED_CONTAINERS.get(name)
    audio = [s for s in container.streams if s.type == "audio"]
    if extension is None or not audio:
        raise UnsupportedMedia(N_("This file is not a recording we accept. Please upload %(formats)s."),
                               formats=ACCEPTED)
    has_video = any(s.type == "video" for s in container.streams)
    declared = container.duration / av.time_base if container.duration else None
    if declared and declared > MAX_SECONDS:
        raise BadUpload(TOO_LONG, hours=MAX_HOURS)
    reached = _demux_end(container, audio[0])
    if reached > MAX_SECONDS:
        raise BadUpload(TOO_LONG, hours=MAX_HOURS)
    if reached <= 0:
        raise BadUpload(N_("The recording has no sound in it that we could read."))
    if declared and reached < declared * TRUNCATION_SLACK - 0.5:
        raise _cut_off(reached, declared)
    if name == "wav":
        _check_wav_length(path)
    if name == "ogg":
        _check_ogg_ends(path)
    if has_video:
        extension = "mp4" if extension == "m4a" else extension
    return MediaInfo(Kind.VIDEO if has_video else Kind.AUDIO, name, extension, declared or reached)


def _demux_end(container, stream) -> float:
    """Seconds of audio the packets actually reach (reads packets, decodes only the first)."""
    end, decoded = 0.0, False
    for packet in container.demux(stream):
        if packet.pts is None:
            continue
        if not decoded:
            packet.decode()  # a garbage payload fails here, cheaply
            decoded = True
        end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
        if end > MAX_SECONDS:
            break  # too long already: no need to read the rest of a bomb
    return end


def _check_wav_length(path: Path) -> None:
    """FFmpeg trusts a WAV's size, not its header; compare the header's data size."""
    with path.open("rb") as f:
        header = f.read(12)
        if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            return
        while chunk := f.read(8):
            if len(chunk) < 8:
                return
            tag, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if tag == b"data":
                # Streaming writers leave 0 or 0xFFFFFFFF when the length was unknown.
                available = path.stat().st_size - f.tell()
                if 0 < size < 0xFFFFFFFF and available < size * TRUNCATION_SLACK:
                    raise _cut_off(available, size, unit="bytes")
                return
            f.seek(size + (size & 1), 1)


def _check_ogg_ends(path: Path) -> None:
    """A whole Ogg stream ends with a page flagged end-of-stream; a cut-off one does not."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - OGG_TAIL))
        tail = f.read()
    last = tail.rfind(b"OggS")
    if last >= 0 and len(tail) > last + 5 and not tail[last + 5] & 0x04:
        raise BadUpload(N_("The recording seems to be cut off: it does not reach its end. "
                           "Please upload the whole file again."))


def _cut_off(reached: float, declared: float, unit: str = "seconds") -> BadUpload:
    """The refusal of a recording that stops short of the length its header declares."""
    # Two whole messages, not one with a piece slotted in: a translation may need to reword the rest.
    if unit == "seconds":
        return BadUpload(N_("The recording seems to be cut off: it holds only %(got)s of %(total)s seconds. "
                            "Please upload the whole file again."),
                         got=f"{reached:.1f}", total=f"{declared:.1f}")
    return BadUpload(N_("The recording seems to be cut off: it holds only %(percent)s%% of its data. "
                        "Please upload the whole file again."), percent=f"{100 * reached / declared:.0f}")


def read_written_story(path: Path) -> str:
    """The text of a written story (.txt or .md); raise BadUpload if it isn't text."""
    data = Path(path).read_bytes()
    if b"\x00" in data:
        raise UnsupportedMedia(N_("This file is not plain text. Written stories must be .txt or .md files."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnsupportedMedia(
            N_("This text file is not UTF-8 text. Please save it as UTF-8 and try again.")) from None
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise BadUpload(N_("The written story is empty."))
    return text


def is_written(filename: str) -> bool:
    """Written stories are chosen by name; their content is still checked."""
    return Path(filename).suffix.lower() in TEXT_SUFFIXES
