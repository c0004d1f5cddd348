"""The archive syncer: drains the outbox, and mends any difference between archive and rules.

It runs on its own (``stories syncer``, one of the processes of ``stories
serve``; a thread of ``stories worker``), never behind a transcription, and it
reads its work from the working store, not the job queue: a withdrawal
reaches the archive even when the queue is down. At start and every minute
the reconciler compares the archive with what the rules allow now and queues
every story that differs, so even a decision made by hand in the database,
or a sync that crashed half way, is mended.
"""

from __future__ import annotations

import logging
import threading
import time

import publish
from stories.errors import StateConflict
from stories.media_store import media_store, purge
from stories.model import State
from stories.settings import Settings
from stories.store import Store, now

log = logging.getLogger(__name__)
SYNCER = "syncer"
POLL_SECONDS = 0.25
RECONCILE_SECONDS = 60.0
BATCH = 50


def sync_one(settings: Settings, store: Store, story_id: str) -> bool:
    """Publish, refresh or take out one story as the rules say now; returns whether it is in."""
    published = publish.sync_story(store, story_id, settings.archive_path, media_store(settings),
                                   settings.published_dir)
    if published and store.get(story_id)["state"] == State.APPROVED:
        mark_published(store, story_id, SYNCER)
    return published


def mark_published(store: Store, story_id: str, actor: str) -> None:
    """Approved and now in the archive: say so (unless the story changed meanwhile)."""
    try:
        store.move(story_id, State.PUBLISHED, expected=[State.APPROVED], actor=actor, action="published",
                   published_at=now())
    except StateConflict as exc:  # withdrawn or reopened since: the outbox has it again
        log.info("%s", exc)


def drain(settings: Settings, store: Store, only: list[str] | None = None, limit: int = 10_000) -> int:
    """Sync the stories waiting in the outbox (``only``: just these); returns how many were synced."""
    if only is not None and len(only) > BATCH:  # a query names at most a batch of ids
        return sum(drain(settings, store, only[i:i + BATCH], limit) for i in range(0, len(only), BATCH))
    synced = 0
    while synced < limit and (items := store.outbox.pending(BATCH, only)):
        progressed = False
        for item in items:
            try:
                sync_one(settings, store, item.story_id)
            except Exception as exc:  # a story that cannot be synced must not hold up the others
                log.exception("Could not sync story %s", item.story_id)
                store.outbox.failed(item, f"{type(exc).__name__}: {exc}")
                continue
            store.outbox.done(item)
            synced, progressed = synced + 1, True
        if not progressed:
            break  # every one failed: try again on the next round, not in a tight loop
    return synced


def reconcile(settings: Settings, store: Store) -> list[str]:
    """Queue every story whose presence in the archive differs from what the rules allow; returns them.

    Published recordings of stories that may not be public are removed at once, and so are the media
    of withdrawn stories still waiting to be deleted (``stories.media_store.purge``).
    """
    allowed = {s["id"] for s in publish.publishable(store)}
    archived = publish.archived_ids(settings.archive_path)
    known = {row[0] for row in store.db.execute("select id from stories")}
    differ = sorted(((allowed - archived) | (archived - allowed)) & known)
    with store.transaction():
        for story_id in differ:
            store.queue_sync(story_id)
    orphans = sorted(archived - known)
    if orphans:  # in the archive, unknown to the store (a store restored from an older backup)
        publish.remove_stories(settings.archive_path, orphans)
    for name in publish.prune_audio(settings.published_dir, allowed):
        log.warning("Removed a published recording the rules do not allow: %s", name)
    # Media a withdrawal could not delete at once (a bucket out of reach) go now.
    purge(store, media_store(settings))
    return differ + orphans


def verify(settings: Settings, store: Store):
    """Check the archive against the rules (publish.verify), and keep the result for ``stories status``."""
    from publish.verify import verify_archive

    verdict = verify_archive(store, settings.archive_path, settings.published_dir)
    store.save_check("verify", verdict.ok, verdict.summary())
    if not verdict.ok:
        log.error("%s", verdict.summary())
    return verdict


def run_forever(settings: Settings, stop: threading.Event | None = None) -> None:
    """Drain the outbox every ``POLL_SECONDS`` and reconcile every minute, until ``stop`` is set."""
    stop = stop or threading.Event()
    next_reconcile = 0.0
    with Store(settings.db_path) as store:
        while not stop.is_set():
            try:
                if time.monotonic() >= next_reconcile:
                    if mended := reconcile(settings, store):
                        log.warning("Reconciler queued %d stories: %s", len(mended), ", ".join(mended[:20]))
                    next_reconcile = time.monotonic() + RECONCILE_SECONDS
                drain(settings, store, limit=BATCH)
            except Exception:  # a busy store or a full disk: try again on the next round
                log.exception("Archive sync round failed")
            stop.wait(POLL_SECONDS)


def start_thread(settings: Settings) -> tuple[threading.Thread, threading.Event]:
    """The syncer in a thread of this process (``stories worker``); set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(settings, stop), name="archive-syncer", daemon=True)
    thread.start()
    return thread, stop
