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


class Heartbeat:
    """Renews a lease every third of its length from a thread of its own, while a step runs.

    It uses its own connection (SQLite connections stay in their thread). If a renewal finds the
    lease gone, ``lost`` is set; the step checks it (``check``) and stops.
    """

    def __init__(self, db_path: Path, story_id: str, lease_owner: str, seconds: float):
        self.db_path, self.story_id, self.owner, self.seconds = Path(db_path), story_id, lease_owner, seconds
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{story_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> None:
        """Raise LeaseLost if the story is no longer ours (called from progress callbacks)."""
        if self.lost.is_set():
            raise LeaseLost(f"story {self.story_id}: lease of {self.owner} was taken over")

    def _run(self) -> None:
        with Store(self.db_path) as store:
            while not self._stop.wait(max(0.2, self.seconds / 3)):
                try:
                    if not store.leases.renew(self.story_id, self.owner, self.seconds):
                        self.lost.set()
                        return
                except Exception:  # a busy database must not kill the heartbeat; the next beat retries
                    log.exception("story %s: could not renew the lease", self.story_id)
