"""Real Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("STORIES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_or_skip() -> str:
    """The browser's path; a missing browser fails in CI (make test installs it) and skips elsewhere."""
    if shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: `make test` should have installed Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed (make test installs it with apt)")


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve a WSGI app on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def archive_server(settings) -> Iterator[str]:
    """The real ``datasette serve`` on the archive, as `stories serve` starts it; yields its base URL."""
    import publish

    port = free_port()
    datasette = str(Path(sys.executable).parent / "datasette")
    command = [datasette, *publish.datasette_command(settings.archive_path, settings.published_dir,
                                                     "127.0.0.1", port, allow_sql=settings.archive_sql,
                                                     immutable=settings.archive_immutable)[1:]]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"datasette did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


#: Collects CSP violations from the first moment of each page, before the page's own scripts run.
CSP_WATCH = """window.cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));"""


def watch_csp(page) -> list[str]:
    """Start watching ``page`` for CSP violations; returns the list its console errors go to."""
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script(CSP_WATCH)
    return console


def csp_violations(page, url: str, console: list[str]) -> list[str]:
    """Open ``url`` and return the CSP violations it raised (events, and console errors that name CSP)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.cspViolations") + [m for m in console if "Content Security Policy" in m]
