"""The teller's own name in an analysis, settled where the name is: on the coordinator.

A worker on another machine is never sent the teller's name or consents, so its analysis cannot
know whether the name is to be hidden or credited. The coordinator settles it before the analysis
is saved, for local and remote workers alike: a teller who stays anonymous has every mention of
their name suggested for redaction (in the transcript and in the title, place and pseudonym); one
who asked to be credited does not have their own name suggested.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from stories.model import FIELD_SEGMENTS, Analysis, Redaction, Segment
from stories.privacy import merge_spans, name_to_hide
from stories.privacy.name_mentions import teller_name_spans


def settle_teller_name(analysis: Analysis, story: Mapping[str, object], consents: Mapping[str, bool],
                       segments: Sequence[Segment]) -> Analysis:
    """``analysis`` with the teller's name suggested for redaction, or kept, as their consent says."""
    teller = str(story.get("teller_name") or "")
    if not teller.strip():
        return analysis
    hidden = name_to_hide(story, consents)
    if not hidden:
        own = {part.lower() for part in teller.split()}
        kept = [r for r in analysis.redactions
                if not (r.label == "name" and set(r.text.lower().split()) <= own)]
        return dataclasses.replace(analysis, redactions=kept)
    texts = {s.idx: s.text for s in segments}
    texts.update({idx: str(story.get(field) or "") for field, idx in FIELD_SEGMENTS.items()})
    spans: dict[int, list] = {}
    for r in analysis.redactions:
        spans.setdefault(r.segment_idx, []).append((r.start, r.end, r.label))
    found = False
    for idx, text in texts.items():
        for start, end, label in teller_name_spans(text, hidden):
            # Already suggested (a local worker's analysis was given the name): nothing to add.
            if not any(s <= start and end <= e for s, e, _ in spans.get(idx, ())):
                spans.setdefault(idx, []).append((start, end, label))
                found = True
    if not found:
        return analysis
    # Merged with what the analysis found, so a name inside a longer find is still one redaction.
    redactions = [Redaction(idx, start, end, texts[idx][start:end] if idx in texts else "", label)
                  for idx in sorted(spans, key=lambda i: (i < 0, abs(i)))
                  for start, end, label in merge_spans(spans[idx])]
    return dataclasses.replace(analysis, redactions=redactions)
