"""Flag Whisper segments that look hallucinated, using Whisper's own warning signs.

Whisper invents text when it is unsure: it loops on a phrase, "transcribes" silence
("Thanks for watching."), or decodes with very low confidence. The guard only flags;
it never drops or edits text, so a reviewer sees the doubt and decides.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from itertools import groupby

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from stories.model import Segment

#: Segment flags that mean "this text may not have been said at all".
HALLUCINATION_FLAGS = frozenset({"loop", "no_speech", "silence"})


@dataclass(frozen=True)
class GuardThresholds:
    """When a segment is doubted. Defaults follow openai/whisper's transcribe()."""

    #: Whisper's logprob_threshold: below it Whisper retries at a higher temperature.
    min_avg_logprob: float = -1.0
    #: Whisper's no_speech_threshold. Whisper only treats a segment as silent when its
    #: logprob is also low, since confident text beats a high no-speech guess.
    max_no_speech_prob: float = 0.6
    #: "Low-ish" logprob for that check. Looser than Whisper's -1.0, because below -1.0
    #: the segment is already low_confidence and we want no_speech to add information.
    no_speech_max_avg_logprob: float = -0.5
    #: A 1..loop_max_ngram word phrase said this many times in a row, or the same text
    #: in this many consecutive segments, is a decoding loop, not speech.
    loop_min_repeats: int = 3
    loop_max_ngram: int = 5
    #: Whisper's compression_ratio_threshold: text that zlib squeezes this well repeats.
    max_compression_ratio: float = 2.4
    #: Frame RMS (full scale 1.0) below which a 50 ms frame counts as silent (about -46 dBFS).
    silence_rms: float = 0.005
    #: Share of a segment's frames that must be silent to call its text "silence".
    #: High, because Whisper's segment times often include pauses around the words.
    silence_fraction: float = 0.8
    frame_seconds: float = 0.05  # 50 ms: short enough to see pauses, long enough for a stable RMS.
    #: Story-level: more than this share of low_confidence segments flags the story.
    story_low_confidence_share: float = 0.2


DEFAULT_THRESHOLDS = GuardThresholds()


def _words(text: str) -> list[str]:
    # Case, punctuation and apostrophes differ between Whisper's repeats; compare words.
    return re.findall(r"\w+", text.lower().replace("'", "").replace("\u2019", ""))


def _compression_ratio(text: str) -> float:
    # Exactly Whisper's utils.compression_ratio: raw bytes over zlib-compressed bytes.
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def _has_ngram_loop(words: list[str], max_n: int, repeats: int) -> bool:
    for n in range(1, max_n + 1):
        for i in range(len(words) - n * repeats + 1):
            gram = words[i : i + n]
            if all(words[i + k * n : i + (k + 1) * n] == gram for k in range(1, repeats)):
                return True
    return False


def _repeated_runs(texts: list[str], repeats: int) -> set[int]:
    """Indexes in runs of >= ``repeats`` identical, non-empty consecutive texts."""
    flagged: set[int] = set()
    i = 0
    for text, run in groupby(texts):
        n = len(list(run))
        if text and n >= repeats:
            flagged.update(range(i, i + n))
        i += n
    return flagged


def _mostly_silent(samples: np.ndarray | None, rate: int, seg: Segment, t: GuardThresholds) -> bool:
    if samples is None or seg.start is None or seg.end is None or not seg.text.strip():
        return False
    # Basic slicing returns a view, so a long recording is never copied; only this
    # segment's frames are squared and summed.
    span = samples[max(0, int(seg.start * rate)) : max(0, int(seg.end * rate))]
    if span.size == 0:
        return False
    frame = max(1, int(t.frame_seconds * rate))
    # A strided view of whole frames (a trailing partial frame is ignored).
    frames = sliding_window_view(span, frame)[::frame] if span.size >= frame else span[np.newaxis, :]
    rms = np.sqrt(np.einsum("ij,ij->i", frames, frames, dtype=np.float64) / frames.shape[1])
    return float(np.mean(rms < t.silence_rms)) >= t.silence_fraction


def flag_segments(
    segments: list[Segment],
    samples: np.ndarray | None = None,
    rate: int = 16000,
    thresholds: GuardThresholds = DEFAULT_THRESHOLDS,
) -> list[Segment]:
    """Return copies of ``segments`` whose ``flags`` name any doubts, sorted.

    Flags: "loop" (repeated phrase, repeated segment text, or high compression ratio),
    "low_confidence" (avg_logprob below threshold), "no_speech" (Whisper thought it
    heard nothing and was not confident in the text) and "silence" (the audio under
    the segment is mostly silent). ``samples`` is 1-D mono float audio at ``rate``
    (faster_whisper.decode_audio's output); without it, or for untimed segments,
    the silence check is skipped. The input segments are not changed.
    """
    t = thresholds
    words = [_words(s.text) for s in segments]
    repeated = _repeated_runs([" ".join(w) for w in words], t.loop_min_repeats)
    result = []
    for i, seg in enumerate(segments):
        logprob, no_speech = seg.avg_logprob, seg.no_speech_prob
        checks = {
            "loop": i in repeated
            or _has_ngram_loop(words[i], t.loop_max_ngram, t.loop_min_repeats)
            or _compression_ratio(seg.text) > t.max_compression_ratio,
            "low_confidence": logprob is not None and logprob < t.min_avg_logprob,
            # Whisper's own no-speech rule: a high no_speech_prob AND an unsure decode.
            "no_speech": no_speech is not None and logprob is not None
            and no_speech > t.max_no_speech_prob and logprob < t.no_speech_max_avg_logprob,
            "silence": _mostly_silent(samples, rate, seg, t),
        }
        result.append(replace(seg, flags=tuple(sorted(k for k, hit in checks.items() if hit))))
    return result


def story_flags(segments: list[Segment], thresholds: GuardThresholds = DEFAULT_THRESHOLDS) -> list[str]:
    """Summarise flagged segments for the whole story, sorted.

    "hallucination" if any segment has a loop, silence or no_speech flag;
    "low_confidence" if more than ``story_low_confidence_share`` of segments do.
    """
    flags = set()
    if any(HALLUCINATION_FLAGS.intersection(s.flags) for s in segments):
        flags.add("hallucination")
    low = sum("low_confidence" in s.flags for s in segments)
    if segments and low / len(segments) > thresholds.story_low_confidence_share:
        flags.add("low_confidence")
    return sorted(flags)
