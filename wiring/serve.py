"""``stories serve``: the form, a worker, the archive syncer and Datasette, started and stopped together.

A child that dies is started again (after a pause that grows if it keeps dying); the others go on.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import publish
from stories.settings import Settings
from stories.store import Store

STOP_GRACE_SECONDS = 10
#: How each process stops cleanly: Huey finishes its job on SIGINT; the servers on SIGTERM.
STOP_SIGNAL = {"web": signal.SIGTERM, "worker": signal.SIGINT, "syncer": signal.SIGTERM,
               "archive": signal.SIGTERM}
#: A child that died is started again after this pause, doubled each time it dies soon after a start.
RESTART_SECONDS, RESTART_MAX_SECONDS, STABLE_SECONDS = 1.0, 60.0, 30.0
PR_SET_PDEATHSIG = 1
FORM_SLACK_BYTES = 16 * 1024 * 1024  # the form's text fields ride along with the file


def commands(settings: Settings, host: str, worker: bool = True) -> dict[str, list[str]]:
    """The four processes (three without the worker), each a plain command a deployment could run alone.

    Without a local worker the syncer also watches the leases: a remote worker that dies stops
    renewing, and its story must be queued again from here, the one place that reads the store.
    """
    python, bin_dir = sys.executable, Path(sys.executable).parent
    processes = {
        # Waitress caps bodies at 1 GB by itself; let the app's own limit (and message) decide.
        "web": [python, "-m", "waitress", f"--listen={host}:{settings.web_port}",
                f"--max-request-body-size={settings.max_upload_bytes + FORM_SLACK_BYTES}",
                "--call", "wiring.web:create_app"],
        "worker": [python, "-m", "wiring", "worker"],
        # The archive's own process: withdrawals never wait behind a transcription (wiring.syncer).
        "syncer": [python, "-m", "wiring", "syncer", *([] if worker else ["--watch-leases"])],
        "archive": [str(bin_dir / "datasette"), *publish.datasette_command(
            settings.archive_path, settings.published_dir, host, settings.archive_port,
            allow_sql=settings.archive_sql, immutable=settings.archive_immutable)[1:]],
    }
    if not worker:
        del processes["worker"]
    return processes


def transcribable(settings: Settings) -> list[str]:
    """The story languages some installed Whisper model can transcribe, for the form to offer."""
    from stories.languages import STORY_LANGUAGES
    from transcribe.models import list_models

    installed = [m for m in list_models(settings.cache_dir) if m.installed]
    return [code for code in STORY_LANGUAGES if any(code in m.languages for m in installed)]


def child_environment(settings: Settings) -> dict[str, str]:
    """The environment every child starts with: the data folder, and what each server must know of
    the others' addresses."""
    env = {**os.environ, "STORIES_HOME": str(settings.home)}
    # The archive's permalinks: the configured address, else the one it listens on (never a Host header).
    env["STORIES_PUBLIC_URL"] = settings.public_url or settings.archive_url
    # The archive's links back to the form, likewise.
    env["STORIES_FORM_URL"] = (settings.form_url or f"http://127.0.0.1:{settings.web_port}").rstrip("/")
    # The form offers only the languages an installed model can transcribe (read by Flask's config).
    env["STORIES_FLASK_STORY_LANGUAGES"] = json.dumps(transcribable(settings))
    return env


def run_all(settings: Settings, host: str = "127.0.0.1", worker: bool = True) -> int:
    """Run until Ctrl-C or SIGTERM; a child that dies is restarted. Returns the exit status.

    ``worker`` False leaves the transcription to remote workers (``stories serve --no-worker``).
    """
    _prepare(settings)
    env = child_environment(settings)
    # Started in the background by a script, SIGINT arrives ignored; Ctrl-C must still work.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    children = {name: _Child(name, cmd, env) for name, cmd in commands(settings, host, worker).items()}
    print(", ".join(f"{name} pid {c.proc.pid}" for name, c in children.items()), flush=True)
    print(f"Upload form:  http://{host}:{settings.web_port}/", flush=True)
    print(f"Archive:      http://{host}:{settings.archive_port}/", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        while True:
            for child in children.values():
                child.keep_alive()
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("Stopping…", flush=True)
    finally:
        _stop({name: c.proc for name, c in children.items()})
        signal.signal(signal.SIGTERM, previous)
    return 0


class _Child:
    """One of the processes, restarted when it dies (a worker killed mid-job must not stop the form)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]):
        self.name, self.command, self.env = name, command, env
        self.pause, self.restart_at = RESTART_SECONDS, None
        self._start()

    def _start(self) -> None:
        self.proc = subprocess.Popen(self.command, env=self.env, preexec_fn=_child_setup)
        self.started = time.monotonic()

    def keep_alive(self) -> None:
        if self.proc.poll() is None:
            return
        now = time.monotonic()
        if self.restart_at is None:
            # Dying soon after a start again and again (a port taken, a broken setting): back off.
            self.pause = RESTART_SECONDS if now - self.started > STABLE_SECONDS else min(
                self.pause * 2, RESTART_MAX_SECONDS)
            self.restart_at = now + self.pause
            print(f"{self.name} exited with {self.proc.returncode}; starting it again in {self.pause:.0f} s",
                  file=sys.stderr, flush=True)
        elif now >= self.restart_at:
            self.restart_at = None
            self._start()
            print(f"{self.name} started again, pid {self.proc.pid}", file=sys.stderr, flush=True)


def _prepare(settings: Settings) -> None:
    """Schema, themes and archive ready; the archive mended and verified before anything is served."""
    from wiring import syncer
    from wiring.tasks import publish_archive, sync_themes

    settings.published_dir.mkdir(parents=True, exist_ok=True)
    with Store(settings.db_path) as store:
        store.init()
        sync_themes(settings, store)
        if not settings.archive_path.exists():
            publish_archive(settings, store)
        syncer.reconcile(settings, store)
        syncer.drain(settings, store)
        verdict = syncer.verify(settings, store)
        print(verdict.summary(), file=sys.stdout if verdict.ok else sys.stderr, flush=True)


def _child_setup() -> None:
    """Runs in each child before exec."""
    # Its own process group: Ctrl-C reaches only this runner, which stops each child its own way.
    os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        # If the runner itself is killed, its children follow instead of holding the ports.
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop(procs: dict[str, subprocess.Popen]) -> None:
    """Ask each process to stop its own way, then firmly, then kill."""
    for step in ("ask", signal.SIGTERM, signal.SIGKILL):
        alive = {name: p for name, p in procs.items() if p.poll() is None}
        for name, p in alive.items():
            p.send_signal(STOP_SIGNAL[name] if step == "ask" else step)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for p in alive.values():
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
