"""A dropped connection mid-upload, in a real browser: the upload resumes where it stopped."""

import hashlib
import socket
import time

import numpy as np
import pytest
from audio import read_pcm, write_pcm
from browser import serving

from collect import create_app
from stories.model import State

pytestmark = pytest.mark.slow

CHUNK = 1024 * 1024


class Tap:
    """WSGI middleware between the browser and the app.

    Logs every tus request as (method, Upload-Offset), so a test can see where
    the browser resumed from; can hold each PATCH back ``delay`` seconds (a slow
    phone network), and can cut the connection once, ``after`` bytes into the
    ``drop``-th PATCH.
    """

    def __init__(self, app, drop: int | None = None, after: int = 300_000, delay: float = 0.0):
        self.app, self.drop, self.after, self.delay = app, drop, after, delay
        self.log: list[tuple[str, int | None]] = []
        self.dropped_at: int | None = None

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"].startswith("/uploads/"):
            offset = environ.get("HTTP_UPLOAD_OFFSET")
            self.log.append((environ["REQUEST_METHOD"], int(offset) if offset else None))
            patches = sum(1 for method, _ in self.log if method == "PATCH")
            if environ["REQUEST_METHOD"] == "PATCH":
                time.sleep(self.delay)
                if patches == self.drop and self.dropped_at is None:
                    self.dropped_at = int(offset) + self.after
                    sock = environ["werkzeug.socket"]
                    environ["wsgi.input"] = _Cut(environ["wsgi.input"], self.after, sock)
        return self.app(environ, start_response)

    def resumed_without_restarting(self, since: int) -> bool:
        """After log entry ``since``: a PATCH from a non-zero offset, and no new upload or restart."""
        later = self.log[since:]
        return (any(m == "PATCH" and o for m, o in later)
                and ("POST", None) not in later and ("PATCH", 0) not in later)


class _Cut:
    """A request body that ends after ``limit`` bytes with the socket shut, as a lost signal would."""

    def __init__(self, stream, limit: int, sock: socket.socket):
        self.stream, self.left, self.sock = stream, limit, sock

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            self.sock.shutdown(socket.SHUT_RDWR)
            return b""
        data = self.stream.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def long_recording(speech, path):
    """Real speech padded with silence to about 6 MB: six chunks at the test's chunk size."""
    samples, rate = read_pcm(speech("librivox-0870.wav"))
    padded = np.concatenate([samples, np.zeros(3 * 1024 * 1024 - len(samples), dtype=np.int16)])
    return write_pcm(padded, path, rate)


def test_dropped_connection_resumes_and_keeps_the_exact_file(settings, store, page, speech, tmp_path):
    app = create_app({"STORIES": settings, "TESTING": True, "TUS_CHUNK_BYTES": CHUNK})
    dropping = Tap(app.wsgi_app, drop=2)
    app.wsgi_app = dropping
    recording = long_recording(speech, tmp_path / "long-story.wav")
    original = hashlib.sha256(recording.read_bytes()).hexdigest()
    with serving(app) as url:
        page.goto(url)
        page.get_by_label("Title of your story").fill("The long wait")
        page.get_by_label("Your recording").set_input_files(str(recording))
        page.get_by_role("button", name="Send my story").click()
        bar = page.locator("#upload-bar")
        bar.wait_for(state="visible")
        page.wait_for_url("**/stories/*", timeout=20_000)
        assert page.locator("#state").inner_text() == "Received"

    assert dropping.dropped_at == CHUNK + 300_000
    after_drop = dropping.log[dropping.log.index(("PATCH", CHUNK)) + 1:]
    # It asked where it stood, then went on from the bytes the server kept: not from zero.
    assert after_drop[0] == ("HEAD", None)
    assert ("PATCH", dropping.dropped_at) in after_drop
    assert ("PATCH", 0) not in after_drop and ("POST", None) not in after_drop
    story = store.all()[0]
    assert story["state"] == State.RECEIVED and story["media_sha256"] == original
    assert hashlib.sha256((settings.media_dir / story["media_path"]).read_bytes()).hexdigest() == original
    assert list(settings.incoming_dir.iterdir()) == []


def test_progress_shows_percent_and_time_left(settings, page, speech, tmp_path):
    app = create_app({"STORIES": settings, "TESTING": True, "TUS_CHUNK_BYTES": CHUNK})
    app.wsgi_app = Tap(app.wsgi_app, delay=0.3)  # loopback is too fast for an estimate to show
    recording = long_recording(speech, tmp_path / "long-story.wav")
    seen = []
    with serving(app) as url:
        page.goto(url)
        page.expose_function("report", lambda text: seen.append(text))
        page.evaluate("""() => {
            const status = document.getElementById('upload-status');
            new MutationObserver(() => report(status.textContent)).observe(
                status, {childList: true, characterData: true, subtree: true});
        }""")
        page.get_by_label("Title of your story").fill("The long wait")
        page.get_by_label("Your recording").set_input_files(str(recording))
        page.get_by_role("button", name="Send my story").click()
        page.wait_for_url("**/stories/*", timeout=20_000)
    assert any("%" in text and "left" in text for text in seen), seen


def test_without_javascript_the_file_is_posted_with_the_form(settings, store, browser, speech, tmp_path):
    app = create_app({"STORIES": settings, "TESTING": True})
    recording = long_recording(speech, tmp_path / "long-story.wav")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serving(app) as url:
        page.goto(url)
        page.get_by_label("Title of your story").fill("No scripts here")
        page.get_by_label("Your recording").set_input_files(str(recording))
        page.get_by_role("button", name="Send my story").click()
        page.wait_for_url("**/stories/*")
    context.close()
    story = store.all()[0]
    assert story["media_sha256"] == hashlib.sha256(recording.read_bytes()).hexdigest()
    assert not list(settings.incoming_dir.glob("tus-*"))  # it did not go through /uploads/


def start_upload(page, url, recording, title="The long wait"):
    page.goto(url)
    page.get_by_label("Title of your story").fill(title)
    page.get_by_label("Your recording").set_input_files(str(recording))
    page.get_by_role("button", name="Send my story").click()


def test_reloading_the_page_resumes_the_same_file(settings, store, page, speech, tmp_path):
    app = create_app({"STORIES": settings, "TESTING": True, "TUS_CHUNK_BYTES": CHUNK})
    tap = app.wsgi_app = Tap(app.wsgi_app, delay=0.3)
    recording = long_recording(speech, tmp_path / "long-story.wav")
    with serving(app) as url:
        start_upload(page, url, recording)
        page.wait_for_function("() => document.getElementById('upload-bar').value >= 40")
        before = len(tap.log)
        page.reload()  # the phone's browser was closed and opened again
        start_upload(page, url, recording)
        page.wait_for_url("**/stories/*", timeout=20_000)
    assert tap.resumed_without_restarting(before), tap.log
    assert store.all()[0]["media_sha256"] == hashlib.sha256(recording.read_bytes()).hexdigest()


def test_going_offline_and_back_resumes(settings, store, page, speech, tmp_path):
    app = create_app({"STORIES": settings, "TESTING": True, "TUS_CHUNK_BYTES": CHUNK})
    tap = app.wsgi_app = Tap(app.wsgi_app, delay=0.3)
    recording = long_recording(speech, tmp_path / "long-story.wav")
    with serving(app) as url:
        start_upload(page, url, recording)
        page.wait_for_function("() => document.getElementById('upload-bar').value >= 30")
        page.context.set_offline(True)
        status = page.locator("#upload-status")
        status.filter(has_text="offline").wait_for()
        assert page.get_by_role("button", name="Try again").is_visible()
        before = len(tap.log)
        page.context.set_offline(False)  # back in signal: it goes on by itself
        page.wait_for_url("**/stories/*", timeout=20_000)
    assert tap.resumed_without_restarting(before), tap.log
    assert store.all()[0]["media_sha256"] == hashlib.sha256(recording.read_bytes()).hexdigest()
