"""The job queue: Huey, with SQLite in the data folder unless a Redis URL is set.

The queue carries only story ids. What a job does is decided by the story's
state in the working store, so a job run twice, or re-queued after a crash,
finds nothing left to do instead of doing it again. The entry points hand the
queue its handler (``handle``); the web form only ever calls ``submit``.

With Redis, any number of ``stories worker`` processes take jobs from one list; a
job goes to one of them. Workers on the coordinator's machine share its store and
media; workers on other machines (``--remote``) reach them only through the
coordinator's API. The queue alone does not keep two workers off one story (a
story may be queued twice, or re-queued after a crash): the lease each step takes
in the store does (``stories.leases``), and it is what finds the jobs a dead
worker took with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from huey import Huey, SqliteHuey

from stories.errors import ConfigError
from stories.settings import Settings

log = logging.getLogger(__name__)


def make_huey(settings: Settings, immediate: bool = False) -> Huey:
    """The Huey instance for these settings (SQLite file or Redis URL)."""
    url = settings.queue
    if not url:
        settings.home.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name="stories", filename=str(settings.queue_path), results=False,
                          immediate=immediate)
    if url.startswith("redis://"):
        from huey import RedisHuey  # only needs the redis package when used

        return RedisHuey(name="stories", url=url, results=False, immediate=immediate)
    raise ConfigError(f"STORIES_QUEUE must be empty (SQLite) or a redis:// URL, not {url!r}")


class JobQueue:
    """Story ids waiting for the pipeline to advance them."""

    def __init__(self, settings: Settings, immediate: bool = False):
        self.huey = make_huey(settings, immediate)
        self._handler: Callable[[str], None] | None = None
        self._task = self.huey.task(name="stories.advance")(self._run)

    def submit(self, story_id: str) -> None:
        """Ask for the story to be advanced through the pipeline."""
        self._task(story_id)

    def offer(self, story_id: str) -> bool:
        """Submit, but a queue that is down is not the caller's failure: the story is in the store,
        and every worker re-queues stories that wait unclaimed (``tasks.watch_leases``). Returns
        whether the job was queued."""
        try:
            self.submit(story_id)
            return True
        except Exception:
            log.exception("Could not queue story %s; a worker will find it in the store", story_id)
            return False

    def handle(self, handler: Callable[[str], None]) -> None:
        """Set what running a job means (the entry points wire the stages here)."""
        self._handler = handler

    def pending(self) -> int:
        return self.huey.pending_count()

    def pending_ids(self) -> set[str]:
        """Story ids that already have a job waiting."""
        return {task.args[0] for task in self.huey.pending() if task.args}

    def run_burst(self) -> int:
        """Run jobs until the queue is empty; returns how many ran."""
        count = 0
        while (task := self.huey.dequeue()) is not None:
            self.huey.execute(task)
            count += 1
        return count

    def run_forever(self, workers: int = 1) -> None:
        """Run a Huey consumer until SIGINT or SIGTERM."""
        # Huey backs off to 10 s between polls when idle; a teller waits for less.
        consumer = self.huey.create_consumer(workers=workers, worker_type="thread", periodic=False,
                                             max_delay=2.0)
        consumer.run()

    def _run(self, story_id: str) -> None:
        if self._handler is None:
            raise RuntimeError("JobQueue has no handler: start it through `stories worker`")
        self._handler(story_id)
