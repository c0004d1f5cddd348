"""The queue's work: advance one story through the stages, in flow order.

Like everything in ``wiring/``, it may import the stages. Each
step claims the story with a compare-and-set on its state, so a job run
twice, or re-queued after a crash, never does a step twice.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import traceback
from contextlib import nullcontext
from pathlib import Path

import analyse
import publish
from stories import jobs, leases, privacy
from stories.errors import StateConflict, StoriesError
from stories.media_store import media_store
from stories.model import State
from stories.privacy.teller import settle_teller_name
from stories.queue import JobQueue
from stories.settings import Settings
from stories.states import UNFINISHED
from stories.store import Store
from wiring import steps

log = logging.getLogger(__name__)
WORKER = "worker"
PROGRESS_EVERY_SECONDS = 1.0  # a 60-minute story should not write thousands of rows


def advance(settings: Settings, story_id: str, reporter=None) -> State:
    """Run whatever steps the story still needs; returns its state.

    The archive is not this job's business: a decision that changes it is in the outbox, which the
    syncer drains on its own (wiring.syncer), so nothing public ever waits behind a transcription.
    ``reporter(story_id, done, total)``, if given, hears transcription progress (a terminal bar).
    """
    with Store(settings.db_path) as store:
        if store.get(story_id)["state"] in (State.RECEIVED, State.TRANSCRIBING):
            _step(settings, store, story_id, State.TRANSCRIBING,
                  lambda story, heartbeat: _transcribe(settings, store, story, reporter, heartbeat))
        if store.get(story_id)["state"] in (State.TRANSCRIBED, State.ANALYSING):
            _step(settings, store, story_id, State.ANALYSING,
                  lambda story, heartbeat: _analyse(settings, store, story, heartbeat))
        return State(store.get(story_id)["state"])


def _step(settings: Settings, store: Store, story_id: str, doing: State, work) -> None:
    """Claim the story with a lease, run ``work(story, heartbeat)`` while renewing it, then let go."""
    before = {State.TRANSCRIBING: State.RECEIVED, State.ANALYSING: State.TRANSCRIBED}[doing]
    owner = leases.owner()
    if not store.claim(story_id, (before, doing), doing, WORKER, owner, settings.lease_seconds):
        return  # done already, or another worker holds it
    started = time.perf_counter()
    try:
        with leases.Heartbeat(store.path, story_id, owner, settings.lease_seconds) as heartbeat:
            work(store.get(story_id), heartbeat)
    except (leases.LeaseLost, StateConflict) as exc:
        # Taken over by another worker, or changed under this one (withdrawn): its result is dropped.
        log.warning("%s", exc)
    except StoriesError as exc:
        _fail(store, story_id, str(exc), time.perf_counter() - started, owner,
              getattr(exc, "teller_reason", ""))
    except Exception as exc:  # an unexpected bug must not lose the story either
        log.error("story %s: %s failed\n%s", story_id, doing.value, traceback.format_exc())
        _fail(store, story_id, f"{doing.value} failed unexpectedly: {exc}", time.perf_counter() - started,
              owner)
    finally:
        store.leases.release(story_id, owner)


def _fail(store: Store, story_id: str, reason: str, seconds: float, owner: str,
          teller_reason: str = "") -> None:
    try:
        store.fail(story_id, reason, WORKER, seconds, lease_owner=owner, teller_reason=teller_reason)
    except StateConflict as exc:  # withdrawn or taken over meanwhile: that state stands
        log.warning("%s", exc)


def _transcribe(settings: Settings, store: Store, story: dict, reporter=None,
                heartbeat: leases.Heartbeat | None = None) -> None:
    started = time.perf_counter()
    # Kept elsewhere (a bucket), the recording is fetched into incoming/ for the step, and removed after.
    with media_store(settings).fetch(story["media_path"]) if story["media_path"] else nullcontext() as media:
        transcript, flags = steps.transcription(settings, story, media,
                                                _progress(store, story["id"], reporter, heartbeat))
    # A compare-and-set on the state and on this worker's lease: a story withdrawn or taken over
    # meanwhile keeps that state, and this transcript is dropped (StateConflict).
    store.save_transcript(story["id"], transcript, WORKER, time.perf_counter() - started, flags,
                          lease_owner=heartbeat.owner if heartbeat else None)


def _progress(store: Store, story_id: str, reporter=None, heartbeat: leases.Heartbeat | None = None):
    """A progress callback that writes to the store at most once a second, and stops a lost job."""
    last = 0.0

    def on_progress(done: float, total: float) -> None:
        nonlocal last
        if heartbeat is not None:
            heartbeat.check()  # raising here stops Whisper: another worker has the story now
        if reporter is not None:
            reporter(story_id, done, total)
        if time.monotonic() - last >= PROGRESS_EVERY_SECONDS or done >= total:
            store.set_progress(story_id, done, total)
            last = time.monotonic()

    return on_progress


def _analyse(settings: Settings, store: Store, story: dict,
             heartbeat: leases.Heartbeat | None = None) -> None:
    started = time.perf_counter()
    segments = store.segments(story["id"])
    consents = store.consents(story["id"])
    # The teller's own name is redacted wherever it is said, unless they asked to be credited.
    analysis = steps.analysis(story, segments, story_codebook(settings, store, story),
                              privacy.name_to_hide(story, consents))
    analysis = settle_teller_name(analysis, story, consents, segments)
    store.save_analysis(story["id"], analysis, WORKER, time.perf_counter() - started,
                        lease_owner=heartbeat.owner if heartbeat else None)


def retag(settings: Settings, store: Store, story_id: str, actor: str) -> tuple[set[str], set[str]]:
    """Tag one story again with the current codebook; a published story is queued to be republished."""
    story = store.get(story_id)
    language = story["language"] or story["detected_language"] or "en"
    analysis = analyse.analyse_segments(store.segments(story_id), language=language,
                                        codebook_path=story_codebook(settings, store, story))
    return store.retag(story_id, analysis, actor)


def codebook_path(settings: Settings) -> Path | None:
    return Path(settings.codebook) if settings.codebook else None


def story_codebook(settings: Settings, store: Store, story: dict) -> Path | None:
    """The codebook that tags this story: its campaign's own, else the installation's."""
    return jobs.codebook_for(settings, store, story)


def sync_themes(settings: Settings, store: Store) -> None:
    """Put the codebook's themes in the store, so the form can offer them to tellers."""
    codebook = analyse.load_codebook(codebook_path(settings))
    store.save_themes(codebook.themes)
    store.save_codebook({
        "name": codebook.name, "version": codebook.version, "description": codebook.description,
        "languages": json.dumps(sorted(codebook.languages())),
        "groups": json.dumps([{"id": g.id, "label": g.label, "labels": g.labels, "description": g.description}
                              for g in codebook.groups], ensure_ascii=False),
    })


def publish_archive(settings: Settings, store: Store | None = None) -> int:
    """Rebuild ``archive.db`` and the published audio; returns how many stories it holds."""
    from wiring import syncer

    # A store the caller opened stays open; one opened here is closed here.
    with nullcontext(store) if store is not None else Store(settings.db_path) as store:
        count = publish.build_archive(store, settings.archive_path, media_store(settings),
                                      settings.published_dir)
        for story in store.all([State.APPROVED]):
            if publish.may_publish(story, store.consents(story["id"])):
                syncer.mark_published(store, story["id"], "publish")
        return count


def wire(settings: Settings, queue: JobQueue | None = None, reporter=None) -> JobQueue:
    """A queue whose jobs advance stories with these settings."""
    queue = queue or JobQueue(settings)
    queue.handle(lambda story_id: advance(settings, story_id, reporter))
    return queue


def requeue_unfinished(settings: Settings, queue: JobQueue, idle_seconds: float | None = None) -> list[str]:
    """Queue every unfinished story that no worker holds and that has no job waiting: a crash lost it.

    At a worker's start (``idle_seconds`` None) the leases of dead workers on this host are freed
    first: that is the restart after a crash. Run periodically (``watch_leases``), it waits for a
    lease to run out, and leaves a story without one ``idle_seconds`` for the job just queued for it.
    """
    with Store(settings.db_path) as store:
        if idle_seconds is None:
            for held in store.leases.leased(UNFINISHED):
                if leases.dead_here(held["lease_owner"]):
                    store.leases.release(held["id"], held["lease_owner"])
        waiting = queue.pending_ids()
        ids = [i for i in store.leases.unleased(UNFINISHED, idle_seconds or 0) if i not in waiting]
    for story_id in ids:
        queue.submit(story_id)
    return ids


def watch_leases(settings: Settings, queue: JobQueue) -> threading.Thread:
    """Every half lease, re-queue the stories whose worker stopped renewing (it died on another machine)."""
    def watch() -> None:
        while True:
            time.sleep(max(1.0, settings.lease_seconds / 2))
            try:
                if ids := requeue_unfinished(settings, queue, idle_seconds=settings.lease_seconds):
                    log.warning("Re-queued %d stories nobody held: %s", len(ids), ", ".join(ids))
            except Exception:  # a busy store or a Redis hiccup: look again next time
                log.exception("Could not look for stories whose lease ran out")

    thread = threading.Thread(target=watch, name="lease-watch", daemon=True)
    thread.start()
    return thread
