"""Leases: which worker is working on a story, and until when.

Several workers (on one machine or several) share one queue. A step claims its
story with a compare-and-set that also takes a lease; while the step runs, a
heartbeat renews it. A story whose lease is still running is never claimed by
anyone else, so no two workers do the same job. A worker that dies stops
renewing: once its lease runs out, the story is re-queued and taken over.

The lease columns live in ``stories.db``; ``Store.leases`` (``stories.store.leases``)
reads and writes them. This module is the worker's side: who it is, and the heartbeat.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from stories.store import Store

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another worker took the story over (this one stopped renewing in time); drop the result."""


def owner() -> str:
    """Who is working: host, process, thread, and which boot and pid namespace the process id is from.

    A restarted worker is a new owner.
    """
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_native_id()}:{_pid_space()}"


def _pid_space() -> str:
    # Host names repeat (cloned VMs, containers on host networking), so a pid is only comparable
    # within one boot of one kernel (boot_id) and one pid namespace.
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:8]
        return boot + "-" + os.readlink("/proc/self/ns/pid").removeprefix("pid:[").rstrip("]")
    except OSError:
        return "unknown"


def dead_here(lease_owner: str | None) -> bool:
    """Whether the owner was a process on this host that no longer runs (it crashed or was killed)."""
    parts = (lease_owner or "").split(":")
    if len(parts) != 4 or parts[0] != socket.gethostname() or parts[3] != _pid_space():
        return False
    pid = parts[1]
    if parts[3] == "unknown" or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


class Beat:
    """Renews a lease every third of its length from a thread of its own, while a step runs.

    Subclasses say how one renewal goes (``renew``): True while the lease is still ours, False once
    it is gone, which sets ``lost``; the step checks it (``check``, from its progress callbacks) and
    stops. An error of a ``TRANSIENT`` type is logged and the next beat tries again: the lease may
    still run out meanwhile.
    """

    TRANSIENT: tuple[type[BaseException], ...] = (Exception,)

    def __init__(self, story_id: str, seconds: float):
        self.story_id, self.seconds = story_id, seconds
        self.lost, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{story_id}", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> None:
        """Raise LeaseLost if the story is no longer this worker's."""
        if self.lost.is_set():
            raise LeaseLost(f"story {self.story_id}: this worker's lease was taken over or ended")

    def connect(self) -> AbstractContextManager:
        """What every renewal of this beat uses, opened in the beat's own thread (nothing by default)."""
        return nullcontext()

    def renew(self, connection) -> bool:
        """Renew once; False when the lease is no longer this worker's."""
        raise NotImplementedError

    def _run(self) -> None:
        with self.connect() as connection:
            while not self._stop.wait(max(0.2, self.seconds / 3)):
                try:
                    if not self.renew(connection):
                        self.lost.set()
                        return
                except self.TRANSIENT:  # e.g. a busy database must not kill the heartbeat
                    log.exception("story %s: could not renew the lease", self.story_id)


class Heartbeat(Beat):
    """A local worker's beat, renewing in ``stories.db`` through a connection of its own
    (SQLite connections stay in their thread)."""

    def __init__(self, db_path: Path, story_id: str, lease_owner: str, seconds: float):
        super().__init__(story_id, seconds)
        self.db_path, self.owner = Path(db_path), lease_owner

    def connect(self) -> Store:
        return Store(self.db_path)

    def renew(self, store: Store) -> bool:
        return store.leases.renew(self.story_id, self.owner, self.seconds)
