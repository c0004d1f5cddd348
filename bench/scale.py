"""Throughput with 1 and 2 `stories worker` processes on the Redis queue, over the same real clips.

    .venv/bin/python bench/scale.py [--stories 12] [--seconds 30]
    .venv/bin/python bench/scale.py --remote --stories 20 --seconds 10   # bench/scale_remote.py

Starts a throwaway redis-server on 127.0.0.1, then for each setup: a fresh data
folder, the workers (started, and warmed up with one short clip each so model
loads are not timed; a worker usually takes one), then --stories recordings of real speech (the test clips
joined to about --seconds each) sent the way the form sends them. The clock runs
from the first upload until every story is in review (transcribed with tiny.en,
analysed with spaCy). Setups:
  1 worker                  CTranslate2's default thread count (cpu_threads=0)
  2 workers                 the same, twice: they share this machine's cores
  2 workers, 1 thread each  OMP_NUM_THREADS=1: one CTranslate2 thread per worker
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEECH = ROOT / "tests" / "data" / "speech"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/audio.py and tests/redis_server.py
os.environ.setdefault("HF_HUB_OFFLINE", "1")
CLIPS = ("librivox-0870.wav", "espeak-housing.wav", "librivox-0920.wav", "espeak-social-worker.wav",
         "espeak-canary.wav")
SETUPS = (("1 worker", 1, None), ("2 workers", 2, None), ("2 workers, 1 thread each", 2, "1"))


def recordings(folder: Path, count: int, seconds: float) -> list[tuple[Path, float]]:
    """``count`` recordings of real speech of about ``seconds``, each starting at another clip."""
    import wave

    from audio import join_clips

    def length(name: str) -> float:
        with wave.open(str(SPEECH / name)) as clip:
            return clip.getnframes() / clip.getframerate()

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        order, total = [], 0.0
        while total < seconds:
            name = CLIPS[(n + len(order)) % len(CLIPS)]
            order.append(SPEECH / name)
            total += length(name) + 0.5
        made.append((folder / f"story-{n}.wav", join_clips(order, folder / f"story-{n}.wav", gap=0.5)[0]))
    return made


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(setup: tuple[str, int, str | None], clips: list[tuple[Path, float]], warm: Path, work: Path,
        url: str) -> dict:
    """One setup from fresh: start its workers, warm them up, then time the clips through."""
    from redis import Redis
    from redis_server import Workers, pid_of, wait_for, worker_env

    from stories.intake import Submission, receive_path
    from stories.queue import JobQueue
    from stories.settings import load_settings
    from stories.store import Store

    name, count, threads = setup
    Redis.from_url(url).flushdb()
    home = work / name.replace(" ", "-").replace(",", "")
    env = worker_env(home, queue=url)
    if threads:
        env["OMP_NUM_THREADS"] = threads
    settings = load_settings(environ=env)
    store = Store(settings.db_path)
    store.init()
    queue = JobQueue(settings)

    def add(path: Path, title: str) -> str:
        return receive_path(store, queue, settings, path, Submission(title=title, language="en")).story_id

    def all_reviewed(ids: list[str]) -> bool:
        return all(store.get(i)["state"] in ("in_review", "failed") for i in ids)

    try:
        with Workers(env, home / "logs") as workers:
            started = time.perf_counter()
            procs = [workers.start() for _ in range(count)]
            for proc in procs:
                workers.ready(proc, 120)
            # One short clip per worker loads its Whisper and spaCy models before the clock starts.
            warm_ids = [add(warm, f"warm-up {n}") for n in range(count)]
            wait_for(lambda: all_reviewed(warm_ids), 300, "the warm-up", every=0.2)
            startup = time.perf_counter() - started
            t0, cpu0 = time.perf_counter(), sum(cpu_seconds(p.pid) for p in procs)
            ids = [add(path, path.stem) for path, _ in clips]
            wait_for(lambda: all_reviewed(ids), 3600, "every story to be processed", every=0.2)
            wall = time.perf_counter() - t0
            cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu0
        failed = [i for i in ids if store.get(i)["state"] == "failed"]
        by_worker = Counter(pid_of(e["detail"].removeprefix("lease ")) for i in ids for e in store.events(i)
                            if e["action"] == "started transcribing")
    finally:
        store.close()
    return {"name": name, "wall": wall, "startup": startup, "failed": failed, "busy": cpu / wall,
            "split": sorted(by_worker.values(), reverse=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=30.0, help="about how long each recording is")
    parser.add_argument("--remote", action="store_true", help="remote workers instead "
                        "(bench/scale_remote.py): each story once, and the coordinator's cost per result")
    parser.add_argument("--results", type=int, default=400, help="with --remote: stories whose recorded "
                        "transcript and analysis are posted")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed: `make bench` installs Debian's (apt-get install "
                         "redis-server)")
    from redis_server import redis_server

    load = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="stories-scale-"))
    try:
        clips = recordings(work / "clips", args.stories, args.seconds)
        warm = SPEECH / "librivox-0920.wav"
        audio = sum(length for _, length in clips)
        with redis_server(work) as url:
            if args.remote:
                import scale_remote

                return scale_remote.run([path for path, _ in clips], work, url, args.results)
            results = [run(setup, clips, warm, work, url) for setup in SETUPS]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results, args.stories, audio, load)


def report(results: list[dict], stories: int, audio: float, load: float) -> None:
    """The table, then what it means on this machine, in words."""
    cores = os.cpu_count() or 1
    print(f"{stories} stories, {audio:.0f} s of real speech in all, tiny.en int8 via the Redis queue, "
          f"{cores} cores, load average before the runs: {load:.1f}")
    print("| setup | wall (s) | stories/min | audio-s per wall-s | cores busy (workers) | jobs per worker "
          "| start + warm-up (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['name']} | {r['wall']:.1f} | {60 * stories / r['wall']:.1f} | {audio / r['wall']:.1f} | "
              f"{r['busy']:.2f} | {'/'.join(map(str, r['split']))} | {r['startup']:.1f} |")
    print(f"failed stories: {sum(len(r['failed']) for r in results)}")
    one, two, single = results
    print(f"speed-up with 2 workers: {one['wall'] / two['wall']:.2f}x "
          f"(1 thread each: {one['wall'] / single['wall']:.2f}x)")
    print(what_it_shows(cores, load, one, two, single))


def what_it_shows(cores: int, load: float, one: dict, two: dict, single: dict) -> str:
    """An honest reading of the figures (which depend on this machine, not only on the code)."""
    lines = [f"What this shows on this {cores}-core machine:",
             f"- One worker kept {one['busy']:.1f} cores busy, two kept {two['busy']:.1f}: throughput went "
             f"{one['wall'] / two['wall']:.2f}x with a second worker."]
    if one["busy"] >= 0.75 * cores:
        lines.append(f"- One worker already kept {one['busy']:.1f} of {cores} cores busy (CTranslate2 "
                     "threads): a second one on the same machine only shares them.")
    elif load >= cores - 0.5:
        lines.append(f"- The machine was busy before the runs (load {load:.1f} on {cores} cores): the "
                     "workers got what others left, so this measures sharing a busy machine, not how far "
                     "Stories scales. Rerun on an idle machine.")
    else:
        lines.append("- One worker alone did not fill the cores: tiny.en is small, so CTranslate2's threads "
                     "have little to split, and decoding, VAD and spaCy run on one thread. A second worker "
                     f"can use the rest: at best about {cores / max(one['busy'], 0.1):.1f}x here.")
    lines.append(f"- Two workers pinned to one thread each (OMP_NUM_THREADS=1) gave "
                 f"{one['wall'] / single['wall']:.2f}x, against {one['wall'] / two['wall']:.2f}x with "
                 "CTranslate2's own thread count.")
    lines.append("- The queue is not the limit: Redis gave each job to one worker (jobs per worker) and the "
                 "leases kept them apart. More throughput needs more cores: a bigger machine, or workers on "
                 "more machines (see the deployment notes for what they must share).")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
