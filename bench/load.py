"""Many uploads at once through the real web server, then the real worker drains them.

    .venv/bin/python bench/load.py [--uploads 200] [--concurrency 50] [--keep DIR]

Starts the web process exactly as `stories serve` does in production (waitress, from
``wiring.serve.commands``) and a ``stories worker``, on a fresh data folder. Sends
``--uploads`` stories, ``--concurrency`` at a time, half of them short real recordings
(distinct cuts of the speech clips in tests/data, cut with the standard library's wave
module, so every file has its own sha256 and no ffmpeg binary is needed) and half written
stories, each through the form as a browser sends it: GET the page for its CSRF token and
session cookie, then POST multipart. Then it waits until the
worker has transcribed and analysed every story, and checks that each one is stored exactly
once, with the sha256 of what was sent, and in review. Prints throughput, p50/p95 upload
latency, the errors (the exit status is 1 if there are any) and the time the worker took.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from local_server import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
#: English speech only: the worker runs tiny.en, which hears a Spanish clip sent as English as
#: no speech at all on some cuts (a fair refusal, but not what this measures).
SPEECH = sorted(p for p in (ROOT / "tests" / "data" / "speech").glob("*.wav") if "spanish" not in p.name)
CLIP_SECONDS = 2.5
DRAIN_TIMEOUT = 1800


@dataclass
class Upload:
    """One story to send: a recording (path) or a written story (text)."""

    title: str
    clip: Path | None = None
    text: str = ""

    @property
    def sha256(self) -> str:
        data = self.clip.read_bytes() if self.clip else self.text.encode("utf-8")
        return hashlib.sha256(data).hexdigest()


def make_uploads(count: int, folder: Path) -> list[Upload]:
    """Half recordings, half written stories; no two recordings share their bytes."""
    uploads = []
    for i in range(count):
        title = f"load-{i:04d}"
        if i % 2:
            uploads.append(Upload(title, text=f"Story {i}. I waited {i % 12 + 1} months for a housing "
                                              f"officer to call back.\n\nThen the council helped me."))
            continue
        n = i // 2
        source = SPEECH[n % len(SPEECH)]
        # A different start for each cut of the same source: different samples, a different sha256.
        start = 0.1 + 0.013 * (n // len(SPEECH))
        clip = folder / f"clip-{i:04d}.wav"
        cut(source, clip, start, CLIP_SECONDS)
        uploads.append(Upload(title, clip=clip))
    return uploads


def cut(source: Path, target: Path, start: float, seconds: float) -> Path:
    """`seconds` of a WAV clip from `start`, in the same format (the shared clips are 16 kHz mono)."""
    with wave.open(str(source)) as clip, wave.open(str(target), "wb") as out:
        out.setparams(clip.getparams())
        clip.setpos(int(start * clip.getframerate()))
        out.writeframes(clip.readframes(int(seconds * clip.getframerate())))
    return target


def send(base: str, upload: Upload) -> tuple[float, str | None]:
    """GET the form, POST the story; returns (seconds for the POST, error or None)."""
    try:
        with httpx.Client(timeout=300) as browser:  # its own cookie jar, as each teller's browser
            form = browser.get(base + "/").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
            data = {"title": upload.title, "language": "en", "consent_publish": "yes", "csrf_token": token,
                    "text": upload.text}
            started = time.perf_counter()
            if upload.clip:
                with upload.clip.open("rb") as f:
                    response = browser.post(base + "/", data=data,
                                            files={"recording": (upload.clip.name, f, "audio/wav")})
            else:
                response = browser.post(base + "/", data=data)
            elapsed = time.perf_counter() - started
        if response.status_code != 303:
            return elapsed, f"{upload.title}: HTTP {response.status_code}"
        return elapsed, None
    except (httpx.HTTPError, AttributeError) as exc:
        return 0.0, f"{upload.title}: {type(exc).__name__}: {exc}"


def drain(store, count: int, worker: subprocess.Popen) -> dict[str, str]:
    """Wait until no story is left to process; returns {title: state} of the stories stored."""
    from stories.states import UNFINISHED

    deadline = time.monotonic() + DRAIN_TIMEOUT
    while True:
        rows = store.all()
        if len(rows) >= count and not any(r["state"] in {s.value for s in UNFINISHED} for r in rows):
            return {r["title"]: r["state"] for r in rows}
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the worker {'exited' if worker.poll() is not None else 'timed out'} "
                             f"with {sum(r['state'] in {s.value for s in UNFINISHED} for r in rows)} left")
        time.sleep(0.5)


def check(store, uploads: list[Upload]) -> list[str]:
    """Every story stored exactly once, with the bytes (sha256) that were sent, and in review."""
    errors = []
    rows = store.all()
    by_title: dict[str, list[dict]] = {}
    for row in rows:
        by_title.setdefault(row["title"], []).append(row)
    for upload in uploads:
        stored = by_title.pop(upload.title, [])
        if len(stored) != 1:
            errors.append(f"{upload.title}: stored {len(stored)} times")
            continue
        row = stored[0]
        got = row["media_sha256"] if upload.clip else hashlib.sha256((row["body"] or "").encode()).hexdigest()
        if got != upload.sha256:
            errors.append(f"{upload.title}: sha256 {got} is not what was sent ({upload.sha256})")
        if row["state"] != "in_review":
            errors.append(f"{upload.title}: {row['state']} ({row['error']})")
    errors += [f"{title}: stored but never sent" for title in by_title]
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (data folder, logs)")
    args = parser.parse_args()

    from stories.settings import load_settings
    from stories.store import Store
    from wiring.serve import STOP_SIGNAL, commands

    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="stories-load-"))
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "STORIES_HOME": str(work / "home"), "STORIES_WEB_PORT": str(port),
           # The form allows 60 uploads an hour from one address; here every teller is 127.0.0.1.
           "STORIES_UPLOAD_RATE": "1000000 per hour"}
    env.pop("STORIES_QUEUE", None)
    settings = load_settings(environ=env)
    clips = work / "clips"
    clips.mkdir(exist_ok=True)
    uploads = make_uploads(args.uploads, clips)
    command = commands(settings, "127.0.0.1")
    procs: dict[str, subprocess.Popen] = {}
    try:
        with (work / "web.log").open("w") as log:
            procs["web"] = web = subprocess.Popen(command["web"], env=env, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/", web)
        with (work / "worker.log").open("w") as log:
            procs["worker"] = worker = subprocess.Popen(command["worker"], env=env, stdout=log, stderr=log)
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(lambda u: send(base, u), uploads))
        sent = time.perf_counter() - started
        with Store(settings.db_path) as store:
            # Only accepted uploads can reach the store; check() reports the refused ones as missing.
            drain(store, sum(error is None for _, error in results), worker)
            drained = time.perf_counter() - started - sent
            errors = [error for _, error in results if error] + check(store, uploads)
    finally:
        for name, proc in procs.items():  # each stops its own way, as `stories serve` stops them
            proc.send_signal(STOP_SIGNAL[name])
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    latencies = sorted(t for t, error in results if not error) or [0.0]
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    audio = sum(1 for u in uploads if u.clip)
    print(f"uploads: {len(uploads)} ({audio} recordings of {CLIP_SECONDS} s, {len(uploads) - audio} "
          f"written), {args.concurrency} at a time, to waitress as `stories serve` runs it")
    print(f"throughput: {len(uploads) / sent:.1f} uploads/s ({sent:.1f} s for all)")
    print(f"upload latency: p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(f"worker drained the queue {drained:.1f} s after the last upload "
          f"({sent + drained:.1f} s from the first upload to the last story in review)")
    print(f"errors: {len(errors)}")
    for error in errors[:20]:
        print(f"  {error}")
    if args.keep:
        print(f"kept in {work}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
