"""`stories serve` for real: three processes on free loopback ports, stopped by Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest
from browser import free_port

pytestmark = pytest.mark.slow


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


def token(client: httpx.Client, url: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text).group(1)


def started_pids(proc) -> list[int]:
    """The children's pids, from the line that names them (the archive's check comes before it)."""
    for _ in range(20):
        line = proc.stdout.readline()
        if "pid" in line:
            return [int(pid) for pid in re.findall(r"pid (\d+)", line)]
    raise AssertionError("serve never said which processes it started")


def test_serve_from_upload_to_archive_and_withdrawal_then_ctrl_c(settings, speech):
    web, archive = free_port(), free_port()
    env = {**os.environ, "STORIES_HOME": str(settings.home), "STORIES_WEB_PORT": str(web),
           "STORIES_ARCHIVE_PORT": str(archive)}
    base, datasette = f"http://127.0.0.1:{web}", f"http://127.0.0.1:{archive}"
    # A new session stands in for the terminal: Ctrl-C signals the whole group.
    proc = subprocess.Popen([sys.executable, "-m", "stories", "serve"], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        pids = started_pids(proc)
        assert len(pids) == 4
        wait_for(lambda: httpx.get(f"{base}/", timeout=2).is_success, 60, "the form")
        wait_for(lambda: httpx.get(f"{datasette}/archive.json", timeout=2).is_success, 60, "Datasette")
        teller = httpx.Client(base_url=base, timeout=30)
        with speech("espeak-housing.wav").open("rb") as f:
            response = teller.post("/", data={"title": "Evicted", "language": "en", "consent_publish": "yes",
                                              "csrf_token": token(teller, "/")},
                                   files={"recording": ("evicted.wav", f, "audio/wav")})
        assert response.status_code == 303
        story_id = response.headers["location"].rsplit("/", 1)[1]
        code = re.search(r'id="withdrawal-code">([^<]+)<', teller.get(f"/stories/{story_id}").text).group(1)

        def state():
            story = httpx.get(f"{base}/stories/{story_id}.json", timeout=2).json()["story"]
            assert story["state"] != "failed", story
            return story["state"]

        wait_for(lambda: state() == "in_review", 120, "the worker")
        approved = subprocess.run([sys.executable, "-m", "stories", "approve", story_id], env=env,
                                  capture_output=True, text=True)
        assert approved.returncode == 0 and "published" in approved.stdout, approved.stderr
        search = f"{datasette}/archive/stories.json?_search=evicted&_shape=array"
        rows = httpx.get(search, timeout=5).json()
        assert [row["id"] for row in rows] == [story_id]
        assert httpx.get(f"{datasette}{rows[0]['audio']}", timeout=5).headers["content-type"] == "audio/mp4"

        started = time.monotonic()
        response = teller.post("/withdraw/", data={"code": code, "sure": "yes",
                                                   "csrf_token": token(teller, f"/withdraw/{code}")})
        assert response.status_code == 200 and "has been withdrawn" in response.text
        wait_for(lambda: httpx.get(search, timeout=5).json() == [], 60, "the withdrawal to reach the archive")
        print(f"withdrawal reached the archive in {time.monotonic() - started:.1f} s")
        assert httpx.get(f"{datasette}{rows[0]['audio']}", timeout=5).status_code == 404
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "Stopping" in output
    assert "Traceback" not in output
    for pid in [proc.pid, *pids]:  # nothing is left running
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_child_killed_is_started_again_and_the_others_go_on(settings):
    web, archive = free_port(), free_port()
    env = {**os.environ, "STORIES_HOME": str(settings.home), "STORIES_WEB_PORT": str(web),
           "STORIES_ARCHIVE_PORT": str(archive)}
    proc = subprocess.Popen([sys.executable, "-m", "stories", "serve"], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        web_pid, worker_pid, syncer_pid, archive_pid = started_pids(proc)
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{web}/", timeout=2).is_success, 60, "the form")
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{archive}/archive.json", timeout=2).is_success, 60,
                 "Datasette")
        os.kill(worker_pid, signal.SIGKILL)
        os.kill(syncer_pid, signal.SIGKILL)
        for _ in range(6):  # the form and the archive go on answering meanwhile
            assert httpx.get(f"http://127.0.0.1:{web}/", timeout=5).is_success
            assert httpx.get(f"http://127.0.0.1:{archive}/archive.json", timeout=5).is_success
            time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert "worker started again" in output and "syncer started again" in output, output[-3000:]
    assert proc.returncode == 0
