"""Turn an engine's raw segments into numbered ``stories.model.Segment`` objects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from stories.model import Segment, Word

from .options import ProgressCallback


def collect_segments(
    raw: Iterable[Any], total: float, on_progress: ProgressCallback | None
) -> list[Segment]:
    """Drain faster-whisper's lazy segments, reporting progress as each arrives."""
    segments: list[Segment] = []
    for seg in raw:
        if on_progress is not None:
            on_progress(min(float(seg.end), total), total)
        text = seg.text.strip()
        if not text:
            continue
        segments.append(
            Segment(
                idx=len(segments),
                text=text,
                start=float(seg.start),
                end=float(seg.end),
                avg_logprob=float(seg.avg_logprob),
                no_speech_prob=float(seg.no_speech_prob),
                # Word times let redaction silence just the words, not the whole segment.
                words=tuple(Word(float(w.start), float(w.end), w.word)
                            for w in getattr(seg, "words", None) or ()),
            )
        )
    if on_progress is not None:
        # The last segment usually ends before the trailing silence; say we're done.
        on_progress(total, total)
    return segments
