"""Real Redis and real `stories worker` processes, for the queue's scale-out and crash tests."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import free_port

REDIS = os.environ.get("STORIES_REDIS_SERVER", "redis-server")


def redis_or_skip() -> str:
    """redis-server's path; a missing one fails in CI (make test installs it) and skips elsewhere."""
    if path := shutil.which(REDIS):
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{REDIS} is missing: `make test` should have installed Debian's redis-server")
    pytest.skip(f"{REDIS} is not installed (make test installs it with apt)")


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, nothing saved to disk; yields its URL."""
    import redis

    port = free_port()
    proc = subprocess.Popen([redis_or_skip(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_for(lambda: _pings(redis, url) or proc.poll() is not None, 10, "redis-server to start")
        assert proc.poll() is None, "redis-server exited at start"
        yield url
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _pings(redis, url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.ConnectionError:
        return False


def wait_for(condition: Callable[[], object], seconds: float, what: str, every: float = 0.1):
    """Poll until ``condition()`` is truthy and return it; fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {seconds} s waiting for {what}")
        time.sleep(every)
    return result


class Workers:
    """`stories worker` processes, started as a deployment starts them; all stopped on exit."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env, self.logs = env, logs
        self.procs: list[subprocess.Popen] = []
        logs.mkdir(parents=True, exist_ok=True)

    def start(self, *args: str) -> subprocess.Popen:
        log = open(self.logs / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115 - kept by the process
        proc = subprocess.Popen([sys.executable, "-m", "stories", "worker", *args], env=self.env,
                                stdout=log, stderr=subprocess.STDOUT)
        proc.log_path = log.name
        log.close()
        self.procs.append(proc)
        return proc

    def log(self, proc: subprocess.Popen) -> str:
        return Path(proc.log_path).read_text(errors="replace")

    def ready(self, proc: subprocess.Popen, seconds: float = 60) -> None:
        """Wait until the worker's queue consumer runs (it logs so once it has started)."""
        wait_for(lambda: "consumer started" in self.log(proc) or proc.poll() is not None, seconds,
                 "a worker to start")
        assert proc.poll() is None, self.log(proc)[-3000:]

    def kill(self, proc: subprocess.Popen) -> None:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)  # Huey finishes its job and stops
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def worker_env(home: Path, **settings: str) -> dict[str, str]:
    """The environment a worker gets: this data folder, and any STORIES_* settings given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORIES_")}
    env.update(STORIES_HOME=str(home), HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1",
               **{f"STORIES_{k.upper()}": v for k, v in settings.items()})
    return env


def pid_of(lease_owner: str | None) -> int | None:
    """The process id in a lease owner (host:pid:thread)."""
    parts = (lease_owner or "").split(":")
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
