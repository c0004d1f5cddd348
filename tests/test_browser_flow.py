"""The whole storyteller-to-archive flow in real Chromium, with a real Datasette server."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from audio import heard
from browser import serving

import publish
from stories.users import add_user
from wiring import syncer
from wiring.tasks import wire

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def datasette(settings):
    """The archive served as `stories serve` serves it, on a free loopback port."""
    from wiring.tasks import publish_archive

    publish_archive(settings)  # the empty archive `stories init` makes
    settings.published_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = publish.datasette_command(settings.archive_path, settings.published_dir, "127.0.0.1", port)
    proc = subprocess.Popen([str(Path(sys.executable).parent / "datasette"), *command[1:]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    pytest.fail(f"Datasette did not start: {proc.stderr.read()}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait()


def test_upload_moderate_redact_approve_and_find_it_redacted(app, page, store, settings, speech, datasette):
    add_user(store, "mo", "correct horse battery", "moderator")
    queue = wire(settings)
    with serving(app) as url:
        # 1. the teller uploads, choosing what may be done with the story
        page.goto(url)
        page.get_by_label("Title of your story").fill("Finding a flat")
        page.get_by_label("Your recording").set_input_files(str(speech("espeak-social-worker.wav")))
        page.get_by_label("Language of the story").select_option("en")
        page.get_by_label("Publish it in the public archive").check()
        page.get_by_label("Let people who campaign for better services quote it").check()
        page.get_by_label("Your name").fill("Dana Whitfield")
        page.get_by_role("button", name="Send my story").click()
        page.wait_for_url("**/stories/*")
        story_id = page.url.rsplit("/", 1)[1]
        queue.run_burst()  # the worker: transcribe, analyse, to review

        # 2. the moderator signs in
        page.goto(f"{url}/moderate/")
        page.get_by_label("User name").fill("mo")
        page.get_by_label("Password").fill("correct horse battery")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Finding a flat").click()

        # 3. corrects the last sentence, "Now I volunteer at the food bank." (tiny.en may hear "No, I
        #    volunteered"; which segment it is in, and how it is written, varies with the CPU),
        #    and accepts a redaction
        segments = store.segments(story_id)
        food = next((s for s in segments if heard(s.text, "food bank", "foodbank")), segments[-1])
        before = re.split(r"(?<=[.!?])\s+", food.text.strip())[:-1]
        segment = page.get_by_label(f"Segment {food.idx + 1} text")
        segment.fill(" ".join([*before, "Now I volunteer at the food bank."]))
        segment.locator("xpath=..").get_by_role("button", name="Save").click()
        page.get_by_role("button", name=re.compile(r"Redact Sarah? Jones", re.IGNORECASE)).click()
        assert "accepted" in page.locator(".status-accepted").first.inner_text()

        # 4. approves
        page.get_by_role("button", name="Approve and publish").click()
        page.wait_for_url("**/moderate/")
    syncer.drain(settings, store)  # the syncer publishes the approved story (within a second, in serve)
    assert store.get(story_id)["state"] == "published"

    # 5. the story is in the archive, redacted, and its corrected text is there
    page.goto(f"{datasette}/archive/stories/{story_id}")
    row = page.locator("body").inner_text()
    assert "[name]" in row and not heard(row, "sarah", "sara", "jones")
    assert "volunteer at the food bank" in row
    page.goto(f"{datasette}/archive/stories?_search=evicted")
    assert "Finding a flat" in page.locator("body").inner_text()
