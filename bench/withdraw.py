"""How long a withdrawal takes to reach every public surface, while a long recording transcribes.

    .venv/bin/python bench/withdraw.py [--stories 20] [--minutes 60] [--every 3]

Starts `stories serve` (form, worker, syncer, Datasette) on a fresh data folder with ``--stories``
published written stories, each with a word only it says. Sends a ``--minutes`` recording (the
LibriVox clips, joined and looped) through `stories add`; once the worker is transcribing it,
withdraws the published stories one every ``--every`` seconds through the web form, as a teller
does (GET the form for its token, POST the code). For each, it measures the time from the POST
until the story is gone from every public surface: its page and its row in Datasette's JSON answer
404, the archive's search no longer finds its word, and the word is in no byte of archive.db.
Prints p50, p95 and max; the target is p95 at most 5 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import httpx
from local_server import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SPEECH = sorted((ROOT / "tests" / "data" / "speech").glob("librivox-*.wav"))
TARGET_P95 = 5.0


def long_recording(path: Path, minutes: float) -> Path:
    """The LibriVox clips, one after another, looped to ``minutes``."""
    with wave.open(str(path), "wb") as out:
        written, n = 0, 0
        while written < minutes * 60 * 16000:
            with wave.open(str(SPEECH[n % len(SPEECH)])) as clip:
                if n == 0:
                    out.setparams(clip.getparams())
                out.writeframes(clip.readframes(clip.getnframes()))
                written, n = written + clip.getnframes(), n + 1
    return path


def published_stories(settings, count: int) -> dict[str, tuple[str, str]]:
    """Written stories, approved and published: {story id: (withdrawal code, its own word)}."""
    from stories import review
    from stories.store import Store
    from stories.withdrawal import code_hash, new_code
    from wiring import syncer, tasks

    with Store(settings.db_path) as store:
        store.init()
        tasks.sync_themes(settings, store)
        made = {}
        for i in range(count):
            code, word = new_code(), f"quillwort{i:03d}"
            body = f"The council took months to answer. I told them about {word}."
            story_id = store.create_story({"title": f"Story {i}", "kind": "text", "language": "en",
                                           "body": body, "withdrawal_code_hash": code_hash(code)},
                                          {"publish": True})
            tasks.advance(settings, story_id)
            review.approve(store, story_id, "bench")
            made[story_id] = (code, word)
        tasks.publish_archive(settings, store)
        syncer.drain(settings, store)
    return made


def gone(archive: str, home: Path, story_id: str, word: str) -> bool:
    """Out of every public surface: story page, Datasette's row, search, and the file's bytes."""
    pages = [f"{archive}/stories/{story_id}", f"{archive}/archive/stories/{story_id}.json"]
    if any(httpx.get(url, timeout=10).status_code != 404 for url in pages):
        return False
    if story_id in httpx.get(f"{archive}/search", params={"q": word}, timeout=10).text:
        return False  # the page repeats what was searched for, so a result is looked for by its link
    return not any(word.encode() in p.read_bytes() for p in home.glob("archive.db*"))


def withdraw(web: str, code: str) -> None:
    with httpx.Client(timeout=30) as browser:
        form = browser.get(f"{web}/withdraw/").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        reply = browser.post(f"{web}/withdraw/", data={"csrf_token": token, "code": code, "sure": "yes"})
        reply.raise_for_status()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between withdrawals")
    args = parser.parse_args()

    from stories.settings import load_settings
    from stories.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench-withdraw-"))
    web_port, archive_port = free_port(), free_port()
    env = {**os.environ, "STORIES_HOME": str(work / "home"), "STORIES_WEB_PORT": str(web_port),
           "STORIES_ARCHIVE_PORT": str(archive_port), "HF_HUB_OFFLINE": "1",
           # Every withdrawal comes from this one address: the per-address limit is for guessers.
           "STORIES_LOGIN_RATE": "1000 per minute"}
    settings = load_settings(environ=env)
    settings.home.mkdir(parents=True)
    stories = published_stories(settings, args.stories)
    recording = long_recording(work / "long.wav", args.minutes)
    added = subprocess.run([sys.executable, "-m", "stories", "add", str(recording), "--language", "en",
                            "--consent", "publish"], env=env, capture_output=True, text=True, check=True)
    long_id = added.stdout.strip()
    log = (work / "serve.log").open("wb")
    serve = subprocess.Popen([sys.executable, "-m", "stories", "serve"], env=env, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
    web, archive = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{archive_port}"
    times: list[float] = []
    try:
        wait_for(web + "/", serve, 120)
        wait_for(archive + "/", serve, 120)
        with Store(settings.db_path) as store:
            deadline = time.monotonic() + 300
            while not ((s := store.get(long_id))["state"] == "transcribing"
                       and (s["progress_done"] or 0) > 0):
                if time.monotonic() > deadline:
                    raise SystemExit("the long recording never started transcribing")
                time.sleep(0.2)
            print(f"{args.minutes:g}-minute recording transcribing; withdrawing {len(stories)} published "
                  f"stories, one every {args.every:g} s", flush=True)
            for story_id, (code, word) in stories.items():
                started = time.perf_counter()
                withdraw(web, code)
                while not gone(archive, settings.home, story_id, word):
                    if time.perf_counter() - started > 120:
                        raise SystemExit(f"{story_id} was still public 120 s after its withdrawal")
                    time.sleep(0.05)
                times.append(time.perf_counter() - started)
                time.sleep(max(0.0, args.every - times[-1]))
            still = store.get(long_id)
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        try:
            serve.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        log.close()
    shutil.rmtree(work, ignore_errors=True)  # kept, with serve.log, when the run failed
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]
    print(f"long recording still {still['state']} at the end "
          f"({still['progress_done'] or 0:.0f} of {still['progress_total'] or 0:.0f} s)")
    print("| withdrawals | p50 | p95 | max |\n| --- | --- | --- | --- |")
    print(f"| {len(times)} | {statistics.median(times):.2f} s | {p95:.2f} s | {max(times):.2f} s |")
    print(f"withdrawal to gone from every public surface: p95 {p95:.2f} s "
          f"(target at most {TARGET_P95:g} s: {'met' if p95 <= TARGET_P95 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
