"""`stories serve` for real: three processes on free loopback ports, stopped by Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := check():
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_takes_an_upload_to_the_archive_and_stops_on_ctrl_c(settings, speech):
    web, archive = free_port(), free_port()
    env = {**os.environ, "STORIES_HOME": str(settings.home), "STORIES_WEB_PORT": str(web),
           "STORIES_ARCHIVE_PORT": str(archive)}
    # A new session stands in for the terminal: Ctrl-C signals the whole group.
    proc = subprocess.Popen([sys.executable, "-m", "stories", "serve"], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        pids = [int(pid) for pid in re.findall(r"pid (\d+)", proc.stdout.readline())]
        assert len(pids) == 3
        form = wait_for(lambda: httpx.get(f"http://127.0.0.1:{web}/", timeout=2), 60, "the form")
        assert "Share your story" in form.text
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{archive}/archive.json", timeout=2).is_success, 60,
                 "Datasette")
        with speech("espeak-housing.wav").open("rb") as f:
            response = httpx.post(f"http://127.0.0.1:{web}/", timeout=30, data={
                "title": "Evicted", "language": "en", "consent_publish": "yes"},
                files={"recording": ("evicted.wav", f, "audio/wav")})
        assert response.status_code == 303
        story_id = response.headers["location"].rsplit("/", 1)[1]

        def analysed():
            story = httpx.get(f"http://127.0.0.1:{web}/stories/{story_id}.json", timeout=2).json()["story"]
            assert story["state"] != "failed", story
            return story["state"] == "analysed"

        wait_for(analysed, 120, "the worker")
        search = f"http://127.0.0.1:{archive}/archive/stories.json?_search=evicted&_shape=array"
        rows = wait_for(lambda: httpx.get(search, timeout=5).json(), 30, "the archive to show the story")
        assert [row["id"] for row in rows] == [story_id]
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "Stopping" in output
    assert "Traceback" not in output
    for pid in [proc.pid, *pids]:  # nothing is left running
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
