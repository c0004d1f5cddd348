"""An interrupted large upload, resumed, in real Chromium against the production web server.

    .venv/bin/python bench/resume.py [--mb 200] [--drop-at 0.4]

Starts the web process exactly as `stories serve` does (waitress), writes a
WAV of --mb megabytes of real speech, and sends it from the real form
(tus-js-client) in Chromium. When --drop-at of it has been sent, the page goes
offline for a few seconds, as a phone losing its signal does, then comes back.
It prints where the upload stopped and where it went on from, how many bytes
were sent twice, and whether the stored file's sha256 equals the original's.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

from local_server import production_web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = os.environ.get("STORIES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OFFLINE_SECONDS = 3


def upload_with_a_drop(url: str, clip: Path, drop_at: float) -> tuple[list[tuple[str, int | None]], float]:
    """Send ``clip`` from the form, offline for a while at ``drop_at``; returns the tus requests seen."""
    from playwright.sync_api import sync_playwright

    seen: list[tuple[str, int | None]] = []

    def log(request) -> None:
        if "/uploads/" in request.url and request.method in ("POST", "PATCH", "HEAD"):
            offset = request.headers.get("upload-offset")
            seen.append((request.method, int(offset) if offset else None))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.on("request", log)
        page.goto(url)
        page.get_by_label("Title of your story").fill("A long interview")
        page.get_by_label("Your recording").set_input_files(str(clip))
        started = time.perf_counter()
        page.get_by_role("button", name="Send my story").click()
        # Polled from here: the form's CSP (rightly) forbids the eval a string predicate would need.
        while page.evaluate("() => document.getElementById('upload-bar').value") < drop_at * 100:
            time.sleep(0.05)
        context.set_offline(True)
        time.sleep(OFFLINE_SECONDS)
        context.set_offline(False)
        page.wait_for_url("**/stories/*", timeout=600_000)
        elapsed = time.perf_counter() - started
        browser.close()
    return seen, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--drop-at", type=float, default=0.4, help="share sent when the signal drops")
    args = parser.parse_args()

    from upload import write_wav

    from stories.store import Store

    with production_web("stories-resume-", args.mb + 64) as web:
        clip = web.work / "interview.wav"
        size = write_wav(clip, args.mb)
        original = hashlib.sha256(clip.read_bytes()).hexdigest()
        seen, elapsed = upload_with_a_drop(web.url, clip, args.drop_at)
        with Store(web.settings.db_path) as store:
            (story,) = store.all()
            stored = hashlib.sha256((web.settings.media_dir / story["media_path"]).read_bytes()).hexdigest()
    patches = [offset for method, offset in seen if method == "PATCH"]
    heads = [i for i, (method, _) in enumerate(seen) if method == "HEAD"]
    resumed_from = next((o for m, o in seen[heads[0]:] if m == "PATCH"), None) if heads else None
    furthest_before = max((o for m, o in seen[:heads[0]] if m == "PATCH"), default=0) if heads else None
    restarted = seen.count(("POST", None)) > 1 or patches.count(0) > 1
    print(f"file: {size / 2**20:.0f} MB WAV; sent in {elapsed:.1f} s including {OFFLINE_SECONDS} s offline")
    print(f"tus requests: {len(patches)} PATCH, {len(heads)} HEAD, {seen.count(('POST', None))} POST")
    if resumed_from is None:
        print("the connection drop was not noticed (the upload finished first): try a bigger --mb")
    else:
        print(f"offline after {args.drop_at:.0%}; the last chunk started at {furthest_before / 2**20:.1f} "
              f"MB; resumed from {resumed_from / 2**20:.1f} MB, not from zero" if resumed_from else
              "resumed from ZERO")
        print(f"bytes sent twice: at most {(furthest_before - resumed_from) / 2**20 + 5:.1f} MB "
              f"(waitress keeps only whole chunks of 5 MB)")
    print(f"restarted from scratch: {'YES' if restarted else 'no'}")
    print(f"stored sha256 {'equals' if stored == original else 'DIFFERS FROM'} the original's")
    if stored != original or restarted:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
