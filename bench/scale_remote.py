"""Remote workers (`stories worker --remote`): correctness, and what one coordinator costs per result.

    .venv/bin/python bench/scale.py --remote [--stories 20] [--results 400]

1. Correctness: a coordinator (`stories serve --no-worker`) and two remote workers, each in an empty
   folder, on a throwaway Redis; --stories recordings of real speech, each checked done once.
2. The coordinator's cost: a coordinator's form process (waitress, as `stories serve` starts it) and
   --results written stories; "workers" (threads) claim each story and post a recorded transcript and
   analysis at full speed. Reported: results applied per second, and the time one apply takes inside
   the store (``Store.apply_once``, measured in process on a copy of the same kind of result).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

POSTERS = 4  # concurrent "workers" posting recorded results


def correctness(clips: list[Path], work: Path, url: str) -> dict:
    """Two remote workers, --stories recordings: each transcribed and analysed once."""
    from browser import free_port
    from redis_server import Workers, wait_for, worker_env

    from stories.intake import Submission, receive_path
    from stories.queue import JobQueue
    from stories.settings import load_settings
    from stories.store import Store

    home, web = work / "coordinator", free_port()
    home.mkdir(parents=True)
    env = worker_env(home, queue=url, web_port=str(web), archive_port=str(free_port()))
    settings = load_settings(environ=env)
    serve = subprocess.Popen([sys.executable, "-m", "stories", "serve", "--no-worker"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    coordinator = f"http://127.0.0.1:{web}"
    try:
        wait_for(lambda: _up(coordinator), 120, "the coordinator")
        with Store(settings.db_path) as store, Workers(env, work / "logs") as workers:
            queue = JobQueue(settings)
            procs, folders = [], []
            for n in range(2):
                folder = work / f"worker-{n}"
                folder.mkdir()
                token = store.tokens.add(f"w{n}")
                workers.env = {**worker_env(folder, queue=url), "STORIES_WORKER_TOKEN": token}
                procs.append(workers.start("--remote", coordinator))
                folders.append(folder)
            for proc in procs:
                workers.ready(proc, 120)
            t0 = time.perf_counter()
            ids = [receive_path(store, queue, settings, path,
                                Submission(title=path.stem, language="en")).story_id for path in clips]
            wait_for(lambda: all(store.get(i)["state"] in ("in_review", "failed") for i in ids), 3600,
                     "every story", every=0.2)
            wall = time.perf_counter() - t0
            actions = [Counter(e["action"] for e in store.events(i)) for i in ids]
            once = sum(a["transcribed"] == a["analysed"] == 1 for a in actions)
            split = Counter(e["detail"].split(":")[1] for i in ids for e in store.events(i)
                            if e["action"] == "started transcribing")
        leftovers = [p for f in folders for p in f.rglob("*") if p.is_file() and "cache" not in p.parts]
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        serve.wait(60)
    return {"stories": len(ids), "once": once, "wall": wall, "split": sorted(split.values(), reverse=True),
            "leftovers": len(leftovers)}


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/", timeout=2).is_success
    except httpx.HTTPError:
        return False


def coordinator_cost(results: int, work: Path, transcript, analysis) -> dict:
    """Results per second one coordinator applies over HTTP, and ms per apply inside the store."""
    from browser import free_port
    from redis_server import wait_for, worker_env

    from stories import jobs
    from stories.settings import load_settings
    from stories.store import Store
    from wiring.serve import commands

    home, port = work / "cost", free_port()
    home.mkdir()
    env = worker_env(home, web_port=str(port))
    settings = load_settings(environ=env)
    with Store(settings.db_path) as store:
        store.init()
        token = store.tokens.add("bench")
        ids = [store.create_story({"title": f"Story {n}", "kind": "text", "language": "en",
                                   "body": "I waited eight months for a council flat."}, {"publish": True},
                                  contact="bench@example.org") for n in range(results)]
    web = subprocess.Popen(commands(settings, "127.0.0.1")["web"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    body_t, body_a = jobs.transcript_to_json(transcript), jobs.analysis_to_json(analysis)
    try:
        wait_for(lambda: _up(url), 60, "the coordinator's form process")
        client = httpx.Client(base_url=f"{url}/api/v1/", headers={"Authorization": f"Bearer {token}"},
                              timeout=60, limits=httpx.Limits(max_connections=POSTERS * 2))

        def one(story_id: str) -> None:
            for step, payload in (("transcribe", {"transcript": body_t, "flags": []}),
                                  ("analyse", {"analysis": body_a})):
                job = client.post("jobs", json={"story_id": story_id}).json()["job"]
                reply = client.post("results", json={"story_id": story_id, "step": step,
                                                     "owner": job["owner"], "input_key": job["input_key"],
                                                     **payload})
                assert reply.json()["applied"], reply.text

        t0 = time.perf_counter()
        with ThreadPoolExecutor(POSTERS) as pool:
            list(pool.map(one, ids))
        wall = time.perf_counter() - t0
    finally:
        web.terminate()
        web.wait(30)
    with Store(settings.db_path) as store:
        done = sum(store.get(i)["state"] == "in_review" for i in ids)
        apply_ms = _apply_in_store(store, settings, transcript, token)
    return {"results": 2 * results, "done": done, "wall": wall, "per_second": 2 * results / wall,
            "calls_per_second": 4 * results / wall, "apply_ms": apply_ms}


def _apply_in_store(store, settings, transcript, token: str, count: int = 50) -> float:
    """Median ms of one ``Store.apply_once`` of a transcript (claim made beforehand, not timed)."""
    from stories import jobs
    from stories.model import State
    from stories.store.remote import owner_for

    times = []
    for n in range(count):
        story_id = store.create_story({"title": f"Timed {n}", "kind": "text", "language": "en",
                                       "body": "The rent went up."}, {})
        owner = owner_for("bench")
        store.claim(story_id, (State.RECEIVED, State.TRANSCRIBING), State.TRANSCRIBING, "worker", owner, 60)
        key = jobs.job_for(settings, store, store.get(story_id), jobs.TRANSCRIBE)["input_key"]
        t0 = time.perf_counter()
        store.apply_once(token, story_id, jobs.TRANSCRIBE, key, owner,
                         lambda s=story_id, o=owner: store.save_transcript(s, transcript, "worker", 1.0,
                                                                           lease_owner=o))
        times.append(time.perf_counter() - t0)
    return 1000 * sorted(times)[len(times) // 2]


def recorded_results(clip: Path):
    """A real transcript of ``clip`` (tiny.en) and its real analysis: what a worker would post."""
    from stories.settings import load_settings
    from wiring import steps

    settings = load_settings(environ={"STORIES_HOME": str(clip.parent)})
    story = {"kind": "audio", "language": "en", "detected_language": "en", "title": "t", "place": "",
             "pseudonym": ""}
    transcript, _ = steps.transcription(settings, story, clip)
    return transcript, steps.analysis(story, transcript.segments, None)


def run(clips: list[Path], work: Path, url: str, results: int) -> None:
    """Both parts, printed as Markdown for the README."""
    transcript, analysis = recorded_results(clips[0])
    cost = coordinator_cost(results, work, transcript, analysis)
    check = correctness(clips, work, url)
    print(f"Correctness: {check['stories']} stories of real speech, a coordinator (`serve --no-worker`) "
          f"and 2 remote workers: {check['once']} transcribed and analysed exactly once, in "
          f"{check['wall']:.1f} s "
          f"(jobs per worker {'/'.join(map(str, check['split']))}); files left in the workers' folders "
          f"outside the model cache: {check['leftovers']}")
    print(f"Coordinator cost ({POSTERS} posters, recorded results of {len(transcript.segments)} segments "
          f"and {len(analysis.tags)} tags, {os.cpu_count()} cores):")
    print("| results | applied | wall (s) | results/s | API calls/s (claim + post) "
          "| ms per apply in the store |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(f"| {cost['results']} | {2 * cost['done']} | {cost['wall']:.1f} | {cost['per_second']:.0f} | "
          f"{cost['calls_per_second']:.0f} | {cost['apply_ms']:.1f} |")
    shutil.rmtree(work / "cost", ignore_errors=True)
