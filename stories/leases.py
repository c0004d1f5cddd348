"""Leases: which worker is working on a story, and until when.

Several workers (on one machine or several) share one queue. A step claims its
story with a compare-and-set that also takes a lease; while the step runs, a
heartbeat renews it. A story whose lease is still running is never claimed by
anyone else, so no two workers do the same job. A worker that dies stops
renewing: once its lease runs out, the story is re-queued and taken over.

The lease columns live in ``stories.db``; ``LeaseStore`` is the part of the
store (``stories.store.Store``) that reads and writes them.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from stories.clock import later
from stories.model import State

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


class LeaseStore:
    """The store's lease methods (mixed into ``Store``, which takes leases in ``claim``)."""

    db: sqlite_utils.Database

    def renew(self, story_id: str, lease_owner: str, seconds: float) -> bool:
        """Extend the owner's lease; False if it is no longer theirs (another worker took over)."""
        with self.transaction():
            cursor = self.db.execute("update stories set lease_until = ? where id = ? and lease_owner = ?",
                                     [later(seconds), story_id, lease_owner])
        return bool(cursor.rowcount)

    def release(self, story_id: str, lease_owner: str) -> None:
        """Give the lease up (the step ended); someone else's lease is left alone."""
        with self.transaction():
            self.db.execute("update stories set lease_owner = null, lease_until = null "
                            "where id = ? and lease_owner = ?", [story_id, lease_owner])

    def leased(self, states: Iterable[State]) -> list[dict]:
        """Stories in ``states`` whose lease is still running: id, lease_owner, lease_until."""
        values = [State(s).value for s in states]
        return list(self.db.query(
            f"select id, lease_owner, lease_until from stories "  # noqa: S608 - joins ? placeholders only
            f"where state in ({', '.join('?' * len(values))}) and lease_until > ? order by created_at",
            [*values, later()]))

    def unleased(self, states: Iterable[State], idle_seconds: float = 0) -> list[str]:
        """Ids of stories in ``states`` nobody holds, oldest first.

        A lease that ran out counts at once. A story that never had one counts once it has not
        changed for ``idle_seconds``, which leaves time for the job that was just queued for it.
        """
        values = [State(s).value for s in states]
        stamp = later()
        rows = self.db.query(
            f"select id from stories where state in ({', '.join('?' * len(values))}) "  # noqa: S608 - joins ? placeholders only
            "and ((lease_until is not null and lease_until <= ?) "
            "or (lease_until is null and updated_at <= ?)) "
            "order by created_at", [*values, stamp, later(-idle_seconds)])
        return [row["id"] for row in rows]


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
        from stories.store import Store  # the store mixes this module in: import it late

        store = Store(self.db_path)
        try:
            while not self._stop.wait(max(0.2, self.seconds / 3)):
                try:
                    if not store.renew(self.story_id, self.owner, self.seconds):
                        self.lost.set()
                        return
                except Exception:  # a busy database must not kill the heartbeat; the next beat retries
                    log.exception("story %s: could not renew the lease", self.story_id)
        finally:
            store.close()
