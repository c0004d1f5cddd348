"""What the steps produce: tables ``segments`` and ``words`` (transcription), ``tags``, ``entities``
and ``redactions`` (analysis), and the codebook's ``themes`` and ``codebook``.

Each write that replaces a step's results runs in one transaction (delete the old rows, insert the
new ones), so re-running a step never duplicates them. A moderator's changes to these rows are in
``stories.store.moderation``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from stories.model import Analysis, Segment, State, Transcript, Word
from stories.states import GOING_PUBLIC, RETAGGABLE

if TYPE_CHECKING:
    from stories.store import Store


def save_segments(store: Store, story_id: str, segments: Iterable[Segment]) -> None:
    """Replace the story's segments and their word timings (written stories have none)."""
    segments = list(segments)
    for table in ("segments", "words"):
        store.db[table].delete_where("story_id = ?", [story_id])
    store.db["segments"].insert_all(
        {"story_id": story_id, "idx": s.idx, "start": s.start, "end": s.end, "text": s.text,
         "avg_logprob": s.avg_logprob, "no_speech_prob": s.no_speech_prob,
         "flags": json.dumps(list(s.flags)) if s.flags else None}
        for s in segments
    )
    store.db["words"].insert_all(
        {"story_id": story_id, "segment_idx": s.idx, "idx": i, "start": w.start, "end": w.end,
         "text": w.text}
        for s in segments for i, w in enumerate(s.words)
    )


def save_transcript(store: Store, story_id: str, transcript: Transcript, actor: str, seconds: float,
                    flags: list[str] = (), lease_owner: str | None = None) -> None:
    """Store a transcript and move the story from ``transcribing`` to ``transcribed``.

    ``flags`` are the story's doubts. A story that changed meanwhile (withdrawn, or taken over by
    the worker now holding ``lease_owner``'s lease) raises StateConflict and nothing is stored.
    """
    detail = f"{len(transcript.segments)} segments, {transcript.engine} {transcript.model}"
    with store.transaction():
        store.move(story_id, State.TRANSCRIBED, expected=[State.TRANSCRIBING], actor=actor,
                   action="transcribed", detail=detail.rstrip(), seconds=seconds, lease_owner=lease_owner,
                   flags=json.dumps(sorted(flags)) if flags else None,
                   progress_done=transcript.duration, progress_total=transcript.duration,
                   duration=transcript.duration, detected_language=transcript.language,
                   language_probability=transcript.language_probability,
                   engine=transcript.engine, model=transcript.model,
                   expected_wer=transcript.expected_wer)
        store.save_segments(story_id, transcript.segments)


def segments(store: Store, story_id: str) -> list[Segment]:
    """The story's segments in order, with their word timings."""
    words: dict[int, list[Word]] = {}
    for w in store.db["words"].rows_where("story_id = ?", [story_id], order_by="segment_idx, idx"):
        words.setdefault(w["segment_idx"], []).append(Word(w["start"], w["end"], w["text"]))
    rows = store.db["segments"].rows_where("story_id = ?", [story_id], order_by="idx")
    return [Segment(r["idx"], r["text"], r["start"], r["end"], r["avg_logprob"],
                    r["no_speech_prob"], tuple(words.get(r["idx"], ())),
                    tuple(json.loads(r["flags"] or "[]"))) for r in rows]


def save_analysis(store: Store, story_id: str, analysis: Analysis, actor: str, seconds: float,
                  lease_owner: str | None = None) -> None:
    """Store themes, tags, entities and redaction suggestions; the story goes from analysing to review.

    As with ``save_transcript``, a story that changed meanwhile raises StateConflict.
    """
    themes = sorted({t.theme_id for t in analysis.tags})
    db = store.db
    with store.transaction():
        store.move(story_id, State.IN_REVIEW, expected=[State.ANALYSING], actor=actor, action="analysed",
                   detail=f"themes: {', '.join(themes) or 'none'}; "
                          f"{len(analysis.redactions)} redactions suggested",
                   seconds=seconds, lease_owner=lease_owner, codebook_version=analysis.codebook_version,
                   analysis_model=analysis.model, framing=analysis.framing or None,
                   framing_set_by=None)
        store.save_themes(analysis.themes)
        for table in ("tags", "entities", "redactions"):
            db[table].delete_where("story_id = ?", [story_id])
        db["redactions"].insert_all(
            {"story_id": story_id, "idx": i, "segment_idx": r.segment_idx, "start": r.start,
             "end": r.end, "text": r.text, "label": r.label, "status": "pending"}
            for i, r in enumerate(analysis.redactions))
        _insert_tags(store, story_id, analysis)
        db["entities"].insert_all(
            ({"story_id": story_id, "segment_idx": e.segment_idx, "label": e.label, "text": e.text}
             for e in analysis.entities), ignore=True)


def retag(store: Store, story_id: str, analysis: Analysis, actor: str) -> tuple[set[str], set[str]]:
    """Replace the codebook's tags with a new analysis; moderators' tags and rejections stay.

    Returns the themes added and removed. State, text, redactions and a moderator's framing stay.
    """
    before = {t["theme_id"] for t in store.rows("tags", story_id) if t["status"] != "rejected"}
    rejected = {(t["theme_id"], t["segment_idx"], t["matched"]) for t in store.rows("tags", story_id)
                if t["status"] == "rejected"}
    with store.transaction():
        state = store.expect(story_id, RETAGGABLE)
        store.save_themes(analysis.themes)
        store.db["tags"].delete_where("story_id = ? and source = 'codebook'", [story_id])
        _insert_tags(store, story_id, analysis, rejected)
        store.db.execute("update stories set codebook_version = ?, framing = case when framing_set_by "
                         "is null then ? else framing end where id = ?",
                         [analysis.codebook_version, analysis.framing or None, story_id])
        after = {t["theme_id"] for t in store.rows("tags", story_id) if t["status"] != "rejected"}
        store.record(story_id, actor, "re-tagged", f"codebook {analysis.codebook_version}",
                     before=sorted(before), after=sorted(after))
        if state in GOING_PUBLIC:
            store.queue_sync(story_id)
    return after - before, before - after


def _insert_tags(store: Store, story_id: str, analysis: Analysis, rejected=frozenset()) -> None:
    store.db["tags"].insert_all(
        ({"story_id": story_id, "theme_id": t.theme_id, "segment_idx": t.segment_idx,
          "matched": t.matched, "sentence": t.sentence, "start": t.start, "end": t.end,
          "codebook_version": analysis.codebook_version, "confidence": t.confidence,
          "status": "rejected" if (t.theme_id, t.segment_idx, t.matched) in rejected else "suggested"}
         for t in analysis.tags), ignore=True)


def save_themes(store: Store, themes) -> None:
    """The codebook's themes, with their labels per language, so pages can offer them before any story
    is analysed."""
    store.db["themes"].upsert_all(
        ({"id": t.id, "label": t.label, "description": t.description, "group": t.group,
          # Only a codebook's own themes carry phrases and labels; themes given without them (a test's
          # plain Theme) keep the stored ones. The labels column is migration m020's.
          **({"phrases": json.dumps(t.patterns, ensure_ascii=False)} if hasattr(t, "patterns") else {}),
          **({"labels": json.dumps(t.labels, ensure_ascii=False)} if hasattr(t, "patterns") or t.labels
             else {})}
         for t in themes), pk="id")


def save_codebook(store: Store, info: dict[str, str]) -> None:
    """Name, version, description and groups of the codebook in use, for the archive's about page."""
    store.db["codebook"].upsert_all(({"key": k, "value": v} for k, v in info.items()), pk="key")


def codebook(store: Store) -> dict[str, str]:
    """What ``save_codebook`` last saved."""
    return {row["key"]: row["value"] for row in store.db["codebook"].rows}


def rows(store: Store, table: str, story_id: str) -> list[dict]:
    """All rows of a per-story table (segments, tags, entities, events)."""
    return list(store.db[table].rows_where("story_id = ?", [story_id]))


def themes(store: Store) -> list[dict]:
    """The codebook's themes, by id."""
    return list(store.db["themes"].rows_where(order_by="id"))
