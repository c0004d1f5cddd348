"""What the benchmarks share: a free loopback port, and the real web server on a throwaway data folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from stories.settings import Settings


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> httpx.Client:
    """Wait until the server at ``url`` answers 200; returns a client holding its cookies, as a browser."""
    client = httpx.Client(timeout=600)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the web server exited with {proc.returncode}")
        try:
            if client.get(url, timeout=5).status_code == 200:
                return client
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the web server did not answer at {url}")


@dataclass
class WebServer:
    """The web process as `stories serve` runs it, its data folder's settings, and a browser-like client."""

    url: str
    process: subprocess.Popen
    settings: Settings
    client: httpx.Client
    work: Path


@contextmanager
def production_web(prefix: str, max_upload_mb: int) -> Iterator[WebServer]:
    """Start waitress exactly as `stories serve` does on a new temporary data folder; remove both after."""
    from stories.settings import load_settings
    from wiring.serve import commands

    work = Path(tempfile.mkdtemp(prefix=prefix))
    port = free_port()
    env = {**os.environ, "STORIES_HOME": str(work / "home"), "STORIES_WEB_PORT": str(port),
           "STORIES_MAX_UPLOAD_MB": str(max_upload_mb)}
    settings = load_settings(environ=env)
    server = subprocess.Popen(commands(settings, "127.0.0.1")["web"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        yield WebServer(url, server, settings, wait_for(url, server), work)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work)
