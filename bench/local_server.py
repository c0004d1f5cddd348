"""What the benchmarks share: a free loopback port, and waiting for the real web server to answer."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx


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
