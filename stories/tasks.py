"""The queue's work: advance one story through the stages, in flow order.

This is one of the two places (with the CLI) that imports the stages. Each
step claims the story with a compare-and-set on its state, so a job run
twice, or re-queued after a crash, never does a step twice.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
import traceback
from pathlib import Path

import analyse
import publish
import transcribe
from stories.errors import StoriesError
from stories.model import FIELD_SEGMENTS, UNFINISHED, Kind, Segment, State, Transcript, segments_from_text
from stories.queue import JobQueue
from stories.settings import Settings
from stories.store import Store
from stories.store import now as store_now

log = logging.getLogger(__name__)
WORKER = "worker"
PROGRESS_EVERY_SECONDS = 1.0  # a 60-minute story should not write thousands of rows


def transcribe_options(settings: Settings) -> transcribe.TranscribeOptions:
    """What the settings ask of Whisper (word times are what audio redaction silences by)."""
    return transcribe.TranscribeOptions(beam_size=settings.beam_size, vad_filter=settings.vad,
                                        word_timestamps=settings.word_timestamps,
                                        initial_prompt=settings.vocabulary or None)


#: From these states on, the archive must agree with the story (in it, or not).
SYNCED = (State.IN_REVIEW, State.APPROVED, State.PUBLISHED, State.REJECTED, State.WITHDRAWN)


def advance(settings: Settings, story_id: str, reporter=None) -> State:
    """Run whatever steps the story still needs, then bring the archive in line; returns its state.

    ``reporter(story_id, done, total)``, if given, hears transcription progress (a terminal bar).
    """
    store = Store(settings.db_path)
    try:
        if store.get(story_id)["state"] in (State.RECEIVED, State.TRANSCRIBING):
            _step(store, story_id, State.TRANSCRIBING,
                  lambda story: _transcribe(settings, store, story, reporter))
        if store.get(story_id)["state"] in (State.TRANSCRIBED, State.ANALYSING):
            _step(store, story_id, State.ANALYSING, lambda story: _analyse(settings, store, story))
        if store.get(story_id)["state"] in SYNCED:
            sync_archive(settings, store, story_id)
        return State(store.get(story_id)["state"])
    finally:
        store.close()


def sync_archive(settings: Settings, store: Store, story_id: str) -> bool:
    """Publish or unpublish one story, as the rules say; returns whether it is in the archive."""
    published = publish.sync_story(store, story_id, settings.archive_path, settings.media_dir,
                                   settings.published_dir)
    if published and store.get(story_id)["state"] == State.APPROVED:
        _mark_published(store, story_id, WORKER)
    return published


def _mark_published(store: Store, story_id: str, actor: str) -> None:
    """Approved and now in the archive: say so, in the story's state and its log."""
    with store.db.conn:
        store.set_state(story_id, State.PUBLISHED, published_at=store_now())
        store.record(story_id, actor, "published", None, state=State.PUBLISHED)


def _step(store: Store, story_id: str, doing: State, work) -> None:
    before = {State.TRANSCRIBING: State.RECEIVED, State.ANALYSING: State.TRANSCRIBED}[doing]
    if not store.claim(story_id, (before, doing), doing, WORKER):
        return
    started = time.perf_counter()
    try:
        work(store.get(story_id))
    except StoriesError as exc:
        store.fail(story_id, str(exc), WORKER, time.perf_counter() - started)
    except Exception as exc:  # an unexpected bug must not lose the story either
        log.error("story %s: %s failed\n%s", story_id, doing.value, traceback.format_exc())
        store.fail(story_id, f"{doing.value} failed unexpectedly: {exc}", WORKER,
                   time.perf_counter() - started)


def _transcribe(settings: Settings, store: Store, story: dict, reporter=None) -> None:
    started = time.perf_counter()
    if story["kind"] == Kind.TEXT:
        transcript = Transcript(segments_from_text(story["body"]), story["language"] or "en",
                                None, 0.0, "written", "")
        flags: list[str] = []
    else:
        transcript = transcribe.transcribe_file(
            settings.media_dir / story["media_path"], language=story["language"] or None,
            model=settings.model, engine=settings.engine, options=transcribe_options(settings),
            on_progress=_progress(store, story["id"], reporter), cache_dir=settings.cache_dir)
        flags = transcribe.story_flags(transcript.segments)
        uncertain = (transcript.language_probability or 0) < settings.min_language_probability
        if not story["language"] and uncertain:
            # A guess is not a detection: a moderator checks the language before anything is published.
            flags.append("language_uncertain")
    store.save_transcript(story["id"], transcript, WORKER, time.perf_counter() - started, flags)


def _progress(store: Store, story_id: str, reporter=None):
    """A progress callback that writes to the store at most once a second."""
    last = 0.0

    def on_progress(done: float, total: float) -> None:
        nonlocal last
        if reporter is not None:
            reporter(story_id, done, total)
        if time.monotonic() - last >= PROGRESS_EVERY_SECONDS or done >= total:
            store.set_progress(story_id, done, total)
            last = time.monotonic()

    return on_progress


def _analyse(settings: Settings, store: Store, story: dict) -> None:
    started = time.perf_counter()
    language = story["language"] or story["detected_language"] or "en"
    codebook = codebook_path(settings)
    # The teller's own name is redacted wherever it is said, unless they asked to be credited.
    teller = story["teller_name"] or ""
    anonymous = not store.consents(story["id"]).get("name", False)
    analysis = analyse.analyse_segments(store.segments(story["id"]), language=language,
                                        codebook_path=codebook, teller_name=teller if anonymous else "")
    # Details typed into the title or place are found the same way as in the story.
    for field, idx in FIELD_SEGMENTS.items():
        if story[field]:
            found = analyse.suggest_redactions([Segment(0, story[field])],
                                               teller_name=teller if anonymous else "")
            analysis.redactions.extend(dataclasses.replace(r, segment_idx=idx) for r in found)
    if not anonymous and teller:
        own = {part.lower() for part in teller.split()}
        kept = [r for r in analysis.redactions
                if not (r.label == "name" and set(r.text.lower().split()) <= own)]
        analysis = dataclasses.replace(analysis, redactions=kept)
    store.save_analysis(story["id"], analysis, WORKER, time.perf_counter() - started)


#: Stories whose tags a new codebook may change (earlier ones get tagged when analysed).
RETAGGABLE = (State.IN_REVIEW, State.APPROVED, State.PUBLISHED, State.REJECTED)


def retag(settings: Settings, store: Store, story_id: str, actor: str) -> tuple[set[str], set[str]]:
    """Tag one story again with the current codebook; a published story is republished."""
    story = store.get(story_id)
    language = story["language"] or story["detected_language"] or "en"
    analysis = analyse.analyse_segments(store.segments(story_id), language=language,
                                        codebook_path=codebook_path(settings))
    changes = store.retag(story_id, analysis, actor)
    if story["state"] in (State.APPROVED, State.PUBLISHED):
        sync_archive(settings, store, story_id)
    return changes


def codebook_path(settings: Settings) -> Path | None:
    return Path(settings.codebook) if settings.codebook else None


def sync_themes(settings: Settings, store: Store) -> None:
    """Put the codebook's themes in the store, so the form can offer them to tellers."""
    codebook = analyse.load_codebook(codebook_path(settings))
    store.save_themes(codebook.themes)
    store.save_codebook({
        "name": codebook.name, "version": codebook.version, "description": codebook.description,
        "languages": json.dumps(sorted(codebook.languages())),
        "groups": json.dumps([{"id": g.id, "label": g.label, "description": g.description}
                              for g in codebook.groups], ensure_ascii=False),
    })


def publish_archive(settings: Settings, store: Store | None = None) -> int:
    """Rebuild ``archive.db`` and the published audio; returns how many stories it holds."""
    own = store is None
    store = store or Store(settings.db_path)
    try:
        count = publish.build_archive(store, settings.archive_path, settings.media_dir,
                                      settings.published_dir)
        for story in store.all([State.APPROVED]):
            if publish.may_publish(story, store.consents(story["id"])):
                _mark_published(store, story["id"], "publish")
        return count
    finally:
        if own:
            store.close()


def wire(settings: Settings, queue: JobQueue | None = None, reporter=None) -> JobQueue:
    """A queue whose jobs advance stories with these settings."""
    queue = queue or JobQueue(settings)
    queue.handle(lambda story_id: advance(settings, story_id, reporter))
    return queue


def requeue_unfinished(settings: Settings, queue: JobQueue) -> list[str]:
    """Queue every unfinished story that has no job waiting: a crash may have lost it."""
    store = Store(settings.db_path)
    try:
        waiting = queue.pending_ids()
        ids = [s["id"] for s in reversed(store.all(UNFINISHED)) if s["id"] not in waiting]
    finally:
        store.close()
    for story_id in ids:
        queue.submit(story_id)
    return ids
