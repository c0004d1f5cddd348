"""The production web server, started exactly as `stories serve` starts it, for crash and fault tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from browser import free_port
from sqlite_utils.utils import sqlite3

from wiring.serve import commands


@dataclass
class WebServer:
    """A running waitress process serving ``collect:create_app`` on ``url``."""

    proc: subprocess.Popen
    url: str
    port: int

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind, as when the machine or the OOM killer stops it."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def form_session(self) -> tuple[httpx.Client, str]:
        """A client holding the form's session cookie, and the CSRF token from the form."""
        client = httpx.Client(base_url=self.url, timeout=30)
        page = client.get("/").text
        return client, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@contextmanager
def web_server(settings, timeout: float = 60) -> Iterator[WebServer]:
    """Start the web server on a free loopback port with STORIES_HOME set; stop it afterwards."""
    port = free_port()
    command = commands(settings.with_(web_port=port), "127.0.0.1")["web"]
    env = {**os.environ, "STORIES_HOME": str(settings.home)}
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server never blocks on it
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = WebServer(proc, f"http://127.0.0.1:{port}", port)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(server.url + "/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.seek(0)
                raise AssertionError(f"the web server did not start: {log.read().decode()[-2000:]}")
            time.sleep(0.1)
        yield server
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        log.close()


def store_health(settings) -> tuple[int, str]:
    """How many stories the working store holds, and SQLite's integrity check ("ok"): after a crash."""
    conn = sqlite3.connect(settings.db_path)
    try:
        return (conn.execute("select count(*) from stories").fetchone()[0],
                conn.execute("pragma integrity_check").fetchone()[0])
    finally:
        conn.close()
