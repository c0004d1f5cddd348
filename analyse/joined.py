"""A transcript's segments read as one text, and the way back from it to each segment.

Whisper cuts speech into short segments that often split a sentence, a name
or a phone number, so the analyse stage reads them joined; whatever it finds
is then filed, in that segment's own character offsets, under the segment(s)
it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from stories.model import Segment


@dataclass(frozen=True)
class JoinedSegments:
    """The non-blank segments' stripped texts joined with single spaces."""

    text: str
    #: Where each kept segment starts in `text`.
    offsets: list[int]
    #: The kept (non-blank) segments, in order.
    kept: list[Segment]
    #: How many leading characters the strip took off each kept segment's text.
    leads: list[int]

    def segment_at(self, char: int) -> Segment:
        """The segment that character `char` of `text` belongs to (a joining space: the one before)."""
        return self.kept[bisect_right(self.offsets, char) - 1]

    def pieces(self, start: int, end: int) -> Iterator[tuple[Segment, int, int]]:
        """Characters [start, end) of `text` as (segment, start, end) in each segment's own text.

        A span running over a join comes back as one piece per segment; the
        joining space belongs to neither.
        """
        first = max(bisect_right(self.offsets, start) - 1, 0)
        for i in range(first, len(self.kept)):
            seg_start = self.offsets[i]
            if seg_start >= end:
                break
            seg_end = seg_start + len(self.kept[i].text.strip())
            lo, hi = max(start, seg_start), min(end, seg_end)
            if lo < hi:
                shift = self.leads[i] - seg_start
                yield self.kept[i], lo + shift, hi + shift


def join_segments(segments: list[Segment]) -> JoinedSegments:
    """One text from the segments, with where each kept segment starts in it.

    Whisper's segment texts start with a space; stripping them keeps the
    joins to a single space, which is what the tokenizer expects.
    """
    parts: list[str] = []
    offsets: list[int] = []
    kept: list[Segment] = []
    leads: list[int] = []
    pos = 0
    for seg in segments:
        raw = seg.text or ""
        part = raw.strip()
        if not part:
            continue
        offsets.append(pos)
        kept.append(seg)
        leads.append(len(raw) - len(raw.lstrip()))
        parts.append(part)
        pos += len(part) + 1  # the joining space
    return JoinedSegments(" ".join(parts), offsets, kept, leads)
