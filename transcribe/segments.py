"""Turn an engine's raw segments into numbered ``stories.model.Segment`` objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


#: A word ending with one of these ends a sentence.
_SENTENCE_END = (".", "!", "?", "。", "！", "？", "…")
#: A piece longer than this (seconds) also ends at a comma or a pause.
LONG_PIECE = 10.0
#: A silence (seconds) between two words that counts as a pause.
PAUSE = 0.5


@dataclass(frozen=True)
class _Piece:
    text: str
    start: float
    end: float
    avg_logprob: float
    no_speech_prob: float
    words: tuple


def sentences(raw: Iterable[Any]) -> Iterator[Any]:
    """Segments cut at sentence ends by their word times, as they arrive.

    The batched decoder gives one segment per chunk of up to 30 seconds (asking it for timestamps
    inside chunks loses a chunk's last sentence); moderators review and researchers cite sentences.
    A segment without word times is passed on whole.
    """
    for seg in raw:
        words = list(getattr(seg, "words", None) or ())
        if not words:
            yield seg
            continue
        piece: list = []
        for i, word in enumerate(words):
            piece.append(word)
            following = words[i + 1] if i + 1 < len(words) else None
            text = word.word.strip()
            long = word.end - piece[0].start >= LONG_PIECE and (
                text.endswith(",") or (following is not None and following.start - word.end >= PAUSE))
            if following is None or _ends_sentence(text) or long:
                yield _Piece("".join(w.word for w in piece).strip(), float(piece[0].start), float(word.end),
                             seg.avg_logprob, seg.no_speech_prob, tuple(piece))
                piece = []


def _ends_sentence(word: str) -> bool:
    """Whether ``word`` ends a sentence: not a title ("Mr.", "Dra.") or initials ("U.S.")."""
    if not word.endswith(_SENTENCE_END):
        return False
    stem = word.rstrip("".join(_SENTENCE_END))
    return not (word.endswith(".") and ("." in stem or (stem[:1].isupper() and len(stem) <= 3)))
