"""Transcript exports: WebVTT and SubRip captions, and a plain text transcript.

Pure functions over ``stories.model.Segment`` lists; each output ends with a newline.
In the core because two stages serve them: the CLI's transcripts and the archive's downloads.
"""

from __future__ import annotations

from collections.abc import Sequence

from stories.model import Segment


def _milliseconds(seconds: float) -> int:
    # Rounded, not truncated, so 1.9996 s is 00:00:02.000 rather than 00:00:01.999.
    return max(0, round(seconds * 1000))


def _clock(seconds: float, separator: str) -> str:
    """``HH:MM:SS<separator>mmm``; hours keep growing past 99 rather than wrapping."""
    ms = _milliseconds(seconds)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms:03d}"


def _timed(segments: Sequence[Segment]) -> list[tuple[float, float, str]]:
    """(start, end, one-line text) per segment; ValueError for a segment without times."""
    cues = []
    for segment in segments:
        if segment.start is None or segment.end is None:
            raise ValueError(f"Segment {segment.idx} has no timings: written stories cannot be captioned")
        # A blank line would end the cue early, so captions are always one line.
        text = " ".join(segment.text.split())
        # A zero or negative length cue is invalid WebVTT and dropped by some players.
        cues.append((segment.start, max(segment.end, segment.start), text))
    return cues


def _escape_vtt(text: str) -> str:
    # WebVTT cue text is HTML-like: & and < start entities and tags, and escaping > too
    # means "-->" can never appear and be read as a timing line.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt(segments: Sequence[Segment]) -> str:
    """A WebVTT file: the ``WEBVTT`` header, then one cue per segment.

    Raises ValueError if any segment has no timings (a written story).
    """
    cues = [
        f"{_clock(start, '.')} --> {_clock(end, '.')}\n{_escape_vtt(text)}"
        for start, end, text in _timed(segments)
    ]
    return "\n\n".join(["WEBVTT", *cues]) + "\n"


def to_srt(segments: Sequence[Segment]) -> str:
    """A SubRip file: numbered cues from 1, ``HH:MM:SS,mmm`` times.

    Raises ValueError if any segment has no timings (a written story).
    """
    cues = [
        f"{number}\n{_clock(start, ',')} --> {_clock(end, ',')}\n{text}"
        for number, (start, end, text) in enumerate(_timed(segments), start=1)
    ]
    return "\n\n".join(cues) + "\n" if cues else ""


def _timecode(seconds: float) -> str:
    # Whole seconds, truncated: a line is labelled with the second it starts in.
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"[{hours}:{minutes:02d}:{secs:02d}]" if hours else f"[{minutes:02d}:{secs:02d}]"


def to_text(segments: Sequence[Segment]) -> str:
    """One line per segment, ``[MM:SS] text`` (``[H:MM:SS]`` from an hour in).

    Segments without a start time (written stories) get no timecode.
    """
    lines = []
    for segment in segments:
        text = " ".join(segment.text.split())
        lines.append(text if segment.start is None else f"{_timecode(segment.start)} {text}")
    return "\n".join(lines) + "\n" if lines else ""
