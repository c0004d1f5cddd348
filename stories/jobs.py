"""A job for a worker on another machine, and the result it sends back, as JSON.

The coordinator builds the job from the working store (``job_for``) and applies the result through
the store's compare-and-set (``stories.store.remote.apply_once``). What leaves the coordinator is an
allow-list (``STORY_FIELDS``): what the steps read, never the teller's contact details, consents,
name or withdrawal code. Each result is keyed by story, step and input (``input_key``), so the same
result posted twice is applied once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stories.campaigns import get_campaign
from stories.model import Analysis, Entity, Redaction, Segment, State, Theme, ThemeTag, Transcript, Word
from stories.settings import Settings

TRANSCRIBE, ANALYSE = "transcribe", "analyse"
#: step -> (the state it starts from, the state it works in)
STEPS = {TRANSCRIBE: (State.RECEIVED, State.TRANSCRIBING), ANALYSE: (State.TRANSCRIBED, State.ANALYSING)}
#: The only columns of a story a worker is sent: what transcription and analysis read. The teller's
#: name is not among them: the coordinator redacts it itself (stories.privacy.teller).
STORY_FIELDS = ("id", "kind", "language", "detected_language", "title", "place", "pseudonym", "body",
                "media_path")
#: The settings a worker transcribes and analyses with: the coordinator's, so every worker agrees.
STEP_SETTINGS = ("model", "models", "engine", "beam_size", "vad", "word_timestamps", "batch_size",
                 "batch_from", "vocabulary", "min_language_probability", "max_expected_wer")


def step_for(state: str) -> str | None:
    """The step a story in ``state`` waits for, or None when no worker has anything to do for it."""
    return next((step for step, states in STEPS.items() if state in states), None)


def codebook_for(settings: Settings, store, story: Mapping) -> Path | None:
    """The codebook that tags this story: its campaign's own, else the installation's (None: default)."""
    if story.get("campaign"):
        campaign = get_campaign(store, story["campaign"])
        if campaign.codebook:
            return Path(campaign.codebook)
    return Path(settings.codebook) if settings.codebook else None


def job_for(settings: Settings, store, story: Mapping, step: str) -> dict[str, Any]:
    """What a worker needs for ``step`` of ``story`` (no lease, no link: the API adds those)."""
    job: dict[str, Any] = {
        "step": step,
        "story": {name: story.get(name) for name in STORY_FIELDS},
        "settings": {name: getattr(settings, name) for name in STEP_SETTINGS},
    }
    if step == ANALYSE:
        codebook = codebook_for(settings, store, story)
        job["codebook"] = codebook.read_text(encoding="utf-8") if codebook else None
        job["segments"] = [dataclasses.asdict(s) for s in store.segments(story["id"])]
    job["input_key"] = input_key(job)
    return job


def input_key(job: Mapping[str, Any]) -> str:
    """What a result was made from, as one hash: the media's sha256 (or the written text), the model
    settings, and for analysis the transcript and the codebook's text."""
    story = job["story"]
    media = story.get("media_path") or ""
    parts = {"step": job["step"], "story": story["id"], "media": Path(media).stem if media else None,
             "body": _sha(story.get("body") or ""), "language": story.get("language"),
             "settings": job["settings"]}
    if job["step"] == ANALYSE:
        parts.update(segments=_sha(json.dumps(job["segments"], sort_keys=True)),
                     codebook=_sha(job.get("codebook") or ""))
    return _sha(json.dumps(parts, sort_keys=True, default=str))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def transcript_to_json(transcript: Transcript) -> dict[str, Any]:
    """A transcript as plain JSON values."""
    return dataclasses.asdict(transcript)


def transcript_from_json(data: Mapping[str, Any]) -> Transcript:
    """The transcript ``transcript_to_json`` wrote; raises KeyError/TypeError on a malformed one."""
    return Transcript(**{**data, "segments": segments_from_json(data["segments"])})


def segments_from_json(items) -> list[Segment]:
    """Segments as ``dataclasses.asdict`` wrote them."""
    return [Segment(**{**s, "words": tuple(Word(**w) for w in s.get("words") or ()),
                       "flags": tuple(s.get("flags") or ())}) for s in items]


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    """An analysis as plain JSON values (a codebook's themes lose their patterns: the store keeps them)."""
    data = dataclasses.asdict(analysis)
    data["themes"] = [{"id": t.id, "label": t.label, "description": t.description, "group": t.group}
                      for t in analysis.themes]
    return data


def analysis_from_json(data: Mapping[str, Any]) -> Analysis:
    """The analysis ``analysis_to_json`` wrote; raises KeyError/TypeError on a malformed one."""
    return Analysis(
        tags=[ThemeTag(**t) for t in data["tags"]], entities=[Entity(**e) for e in data["entities"]],
        themes=[Theme(**t) for t in data["themes"]], codebook_version=data["codebook_version"],
        model=data.get("model", ""), places=list(data.get("places") or ()),
        redactions=[Redaction(**r) for r in data.get("redactions") or ()], framing=data.get("framing", ""))
