"""The working store, ``stories.db``: private, holds everything about a story.

Only this module writes it, its state changes through ``stories.transitions``.
Each write that replaces a step's results runs in one transaction (delete the
old rows, insert the new ones), so re-running a step never duplicates them.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from stories import outbox, transitions
from stories.clock import now
from stories.errors import StoryNotFound
from stories.leases import LeaseStore
from stories.migrate import migrate
from stories.model import Analysis, Segment, State, Transcript, Word
from stories.states import GOING_PUBLIC, RETAGGABLE

ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o or 1/l to misread
CONSENT_VERSION = "2026-11-v1"


def new_story_id() -> str:
    """A short, unguessable id: it becomes the public, stable permalink."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(10))


def connect(path: Path) -> sqlite_utils.Database:
    """Open a SQLite file the way every part of the project should."""
    db = sqlite_utils.Database(path)
    db.execute("pragma busy_timeout = 10000")
    db.execute("pragma foreign_keys = on")
    db.enable_wal()
    return db


class Store(LeaseStore):
    """Reads and writes stories, their step results and their event log."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = connect(self.path)

    def init(self) -> list[str]:
        """Create or upgrade the schema. Safe to run twice."""
        return migrate(self.db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: all of it lands, or none of it.

        ``BEGIN IMMEDIATE`` takes the write lock first (waiting up to the busy timeout), so a
        compare-and-set inside reads the latest state, never a stale snapshot. sqlite-utils commits
        each write made outside a transaction at once, so every multi-step write goes in one of
        these. Nested, it is a savepoint of the outer one.
        """
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            raise
        self.db.conn.execute("COMMIT")

    # -- stories ------------------------------------------------------------
    def create_story(
        self,
        fields: Mapping[str, object],
        consents: Mapping[str, bool],
        contact: str = "",
        actor: str = "teller",
        self_tags: Iterable[str] = (),
        consent_words: str = "",
    ) -> str:
        """Insert a new story in state ``received`` with its consents and the teller's own tags.

        ``consent_words`` is the teller's consent in their own words, when a reporter collected the story.
        """
        story_id, stamp = new_story_id(), now()
        row = {**fields, "id": story_id, "state": State.RECEIVED.value}
        row.update(created_at=stamp, updated_at=stamp)
        with self.transaction():
            self.db["stories"].insert(row)
            self.db["consents"].insert_all(
                {"story_id": story_id, "scope": scope, "granted": int(granted),
                 "consent_version": CONSENT_VERSION, "recorded_at": stamp}
                for scope, granted in consents.items()
            )
            if contact:
                self.db["contacts"].insert({"story_id": story_id, "contact": contact, "recorded_at": stamp})
            self.db["self_tags"].insert_all({"story_id": story_id, "theme_id": t} for t in self_tags)
            if consent_words:
                self.db["consent_statements"].insert({"story_id": story_id, "words": consent_words,
                                                      "collected_by": fields.get("collected_by"),
                                                      "recorded_at": stamp})
            self.record(story_id, actor, "received", state=State.RECEIVED)
        return story_id

    def get(self, story_id: str) -> dict:
        """The story's row; raises StoryNotFound."""
        try:
            return self.db["stories"].get(story_id)
        except sqlite_utils.db.NotFoundError:
            raise StoryNotFound(f"No story with id {story_id!r}") from None

    def all(self, states: Iterable[State] | None = None) -> list[dict]:
        """Stories, newest first, optionally only those in ``states``."""
        if states is None:
            return list(self.db["stories"].rows_where(order_by="created_at desc"))
        states = [State(s).value for s in states]
        where = f"state in ({', '.join('?' * len(states))})"
        return list(self.db["stories"].rows_where(where, states, order_by="created_at desc"))

    def consents(self, story_id: str) -> dict[str, bool]:
        rows = self.db["consents"].rows_where("story_id = ?", [story_id])
        return {row["scope"]: bool(row["granted"]) for row in rows}

    # -- state: compare-and-set changes (stories.transitions) ----------------
    claim = transitions.claim
    fail = transitions.fail
    move = transitions.move
    expect = transitions.expect

    def queue_sync(self, story_id: str) -> None:
        """Inside a transaction: the archive must be brought in line with this story (the outbox)."""
        outbox.queue_sync(self.db, story_id)

    # -- step results -------------------------------------------------------
    def save_segments(self, story_id: str, segments: Iterable[Segment]) -> None:
        """Replace the story's segments and their word timings (written stories have none)."""
        segments = list(segments)
        for table in ("segments", "words"):
            self.db[table].delete_where("story_id = ?", [story_id])
        self.db["segments"].insert_all(
            {"story_id": story_id, "idx": s.idx, "start": s.start, "end": s.end, "text": s.text,
             "avg_logprob": s.avg_logprob, "no_speech_prob": s.no_speech_prob,
             "flags": json.dumps(list(s.flags)) if s.flags else None}
            for s in segments
        )
        self.db["words"].insert_all(
            {"story_id": story_id, "segment_idx": s.idx, "idx": i, "start": w.start, "end": w.end,
             "text": w.text}
            for s in segments for i, w in enumerate(s.words)
        )

    def set_progress(self, story_id: str, done: float, total: float) -> None:
        """Seconds of audio transcribed so far, for status pages and `stories status`."""
        with self.transaction():
            self.db["stories"].update(story_id, {"progress_done": round(done, 2),
                                                 "progress_total": round(total, 2)})

    def save_transcript(self, story_id: str, transcript: Transcript, actor: str, seconds: float,
                        flags: list[str] = (), lease_owner: str | None = None) -> None:
        """Store a transcript and move the story from ``transcribing`` to ``transcribed``.

        ``flags`` are the story's doubts. A story that changed meanwhile (withdrawn, or taken over by
        the worker now holding ``lease_owner``'s lease) raises StateConflict and nothing is stored.
        """
        detail = f"{len(transcript.segments)} segments, {transcript.engine} {transcript.model}"
        with self.transaction():
            self.move(story_id, State.TRANSCRIBED, expected=[State.TRANSCRIBING], actor=actor,
                      action="transcribed", detail=detail.rstrip(), seconds=seconds, lease_owner=lease_owner,
                      flags=json.dumps(sorted(flags)) if flags else None,
                      progress_done=transcript.duration, progress_total=transcript.duration,
                      duration=transcript.duration, detected_language=transcript.language,
                      language_probability=transcript.language_probability,
                      engine=transcript.engine, model=transcript.model,
                      expected_wer=transcript.expected_wer)
            self.save_segments(story_id, transcript.segments)

    def segments(self, story_id: str) -> list[Segment]:
        """The story's segments in order, with their word timings."""
        words: dict[int, list[Word]] = {}
        for w in self.db["words"].rows_where("story_id = ?", [story_id], order_by="segment_idx, idx"):
            words.setdefault(w["segment_idx"], []).append(Word(w["start"], w["end"], w["text"]))
        rows = self.db["segments"].rows_where("story_id = ?", [story_id], order_by="idx")
        return [Segment(r["idx"], r["text"], r["start"], r["end"], r["avg_logprob"],
                        r["no_speech_prob"], tuple(words.get(r["idx"], ())),
                        tuple(json.loads(r["flags"] or "[]"))) for r in rows]

    def save_analysis(self, story_id: str, analysis: Analysis, actor: str, seconds: float,
                      lease_owner: str | None = None) -> None:
        """Store themes, tags, entities and redaction suggestions; the story goes from analysing to review.

        As with ``save_transcript``, a story that changed meanwhile raises StateConflict.
        """
        themes = sorted({t.theme_id for t in analysis.tags})
        with self.transaction():
            self.move(story_id, State.IN_REVIEW, expected=[State.ANALYSING], actor=actor, action="analysed",
                      detail=f"themes: {', '.join(themes) or 'none'}; "
                             f"{len(analysis.redactions)} redactions suggested",
                      seconds=seconds, lease_owner=lease_owner, codebook_version=analysis.codebook_version,
                      analysis_model=analysis.model, framing=analysis.framing or None,
                      framing_set_by=None)
            self.save_themes(analysis.themes)
            for table in ("tags", "entities", "redactions"):
                self.db[table].delete_where("story_id = ?", [story_id])
            self.db["redactions"].insert_all(
                {"story_id": story_id, "idx": i, "segment_idx": r.segment_idx, "start": r.start,
                 "end": r.end, "text": r.text, "label": r.label, "status": "pending"}
                for i, r in enumerate(analysis.redactions))
            self._insert_tags(story_id, analysis)
            self.db["entities"].insert_all(
                ({"story_id": story_id, "segment_idx": e.segment_idx, "label": e.label, "text": e.text}
                 for e in analysis.entities), ignore=True)

    def retag(self, story_id: str, analysis: Analysis, actor: str) -> tuple[set[str], set[str]]:
        """Replace the codebook's tags with a new analysis; moderators' tags and rejections stay.

        Returns the themes added and removed. State, text, redactions and a moderator's framing stay.
        """
        before = {t["theme_id"] for t in self.rows("tags", story_id) if t["status"] != "rejected"}
        rejected = {(t["theme_id"], t["segment_idx"], t["matched"]) for t in self.rows("tags", story_id)
                    if t["status"] == "rejected"}
        with self.transaction():
            state = self.expect(story_id, RETAGGABLE)
            self.save_themes(analysis.themes)
            self.db["tags"].delete_where("story_id = ? and source = 'codebook'", [story_id])
            self._insert_tags(story_id, analysis, rejected)
            self.db.execute("update stories set codebook_version = ?, framing = case when framing_set_by "
                            "is null then ? else framing end where id = ?",
                            [analysis.codebook_version, analysis.framing or None, story_id])
            after = {t["theme_id"] for t in self.rows("tags", story_id) if t["status"] != "rejected"}
            self.record(story_id, actor, "re-tagged", f"codebook {analysis.codebook_version}",
                        before=sorted(before), after=sorted(after))
            if state in GOING_PUBLIC:
                self.queue_sync(story_id)
        return after - before, before - after

    def _insert_tags(self, story_id: str, analysis: Analysis, rejected=frozenset()) -> None:
        self.db["tags"].insert_all(
            ({"story_id": story_id, "theme_id": t.theme_id, "segment_idx": t.segment_idx,
              "matched": t.matched, "sentence": t.sentence, "start": t.start, "end": t.end,
              "codebook_version": analysis.codebook_version, "confidence": t.confidence,
              "status": "rejected" if (t.theme_id, t.segment_idx, t.matched) in rejected else "suggested"}
             for t in analysis.tags), ignore=True)

    def save_themes(self, themes) -> None:
        """The codebook's themes, so pages can offer them before any story is analysed."""
        self.db["themes"].upsert_all(
            ({"id": t.id, "label": t.label, "description": t.description, "group": t.group,
              # Only a codebook's own themes carry phrases; an analysis's themes keep the stored ones.
              **({"phrases": json.dumps(t.patterns, ensure_ascii=False)} if hasattr(t, "patterns") else {})}
             for t in themes), pk="id", alter=True)

    def save_codebook(self, info: dict[str, str]) -> None:
        """Name, version, description and groups of the codebook in use, for the archive's about page."""
        self.db["codebook"].upsert_all(({"key": k, "value": v} for k, v in info.items()), pk="key")

    def codebook(self) -> dict[str, str]:
        """What ``save_codebook`` last saved."""
        return {row["key"]: row["value"] for row in self.db["codebook"].rows}

    def rows(self, table: str, story_id: str) -> list[dict]:
        """All rows of a per-story table (segments, tags, entities, events)."""
        return list(self.db[table].rows_where("story_id = ?", [story_id]))

    def themes(self) -> list[dict]:
        return list(self.db["themes"].rows_where(order_by="id"))

    # -- standing checks ----------------------------------------------------
    def save_check(self, name: str, ok: bool, detail: str) -> None:
        """The latest result of a standing check (``stories verify``), for ``stories status``."""
        with self.transaction():
            self.db["checks"].upsert({"name": name, "at": now(), "ok": int(ok), "detail": detail}, pk="name")

    def checks(self) -> list[dict]:
        return list(self.db["checks"].rows_where(order_by="name"))

    # -- events -------------------------------------------------------------
    def record(self, story_id: str, actor: str, action: str, detail: str | None = None,
               seconds: float | None = None, before=None, after=None, state: State | None = None) -> None:
        """Add an event to the story's log; ``before``/``after`` are kept as JSON for the audit."""
        self.db["events"].insert({
            "story_id": story_id, "at": now(), "actor": actor, "action": action,
            "state": state.value if state else None, "detail": detail, "seconds": seconds,
            "before": None if before is None else json.dumps(before),
            "after": None if after is None else json.dumps(after),
        })

    def events(self, story_id: str) -> list[dict]:
        return list(self.db["events"].rows_where("story_id = ?", [story_id], order_by="id"))
