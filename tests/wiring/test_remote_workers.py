"""Remote workers for real: Redis, a coordinator (`stories serve --no-worker`) and `stories worker
--remote` processes, each in its own empty folder, transcribing real speech with Whisper.

One coordinator serves the whole module; workers are started as each test needs them. Leases are
short (LEASE_SECONDS) so a dead or revoked worker's story is taken over soon.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from browser import free_port
from redis_server import Workers, redis_server, wait_for, worker_env
from steps import long_recording

from stories.intake import Submission, receive_path
from stories.media_store import media_store
from stories.model import State
from stories.queue import JobQueue
from stories.settings import load_settings
from stories.store import Store
from stories.withdrawal import withdraw

pytestmark = pytest.mark.slow
LEASE_SECONDS = 5
CLIPS = ("librivox-0870.wav", "librivox-0920.wav", "espeak-housing.wav", "espeak-social-worker.wav")
WRITTEN = 16  # with the four recordings, the twenty stories


class Cluster:
    """The coordinator's store and queue, and a way to start remote workers against it."""

    def __init__(self, tmp: Path, url: str, redis_url: str, workers: Workers, env: dict[str, str]):
        self.tmp, self.url, self.workers, self.env = tmp, url, workers, env
        self.settings = load_settings(environ=env)
        self.store = Store(self.settings.db_path)
        self.queue = JobQueue(self.settings)
        self.redis_url = redis_url
        self.folders: dict[str, Path] = {}
        self.procs: dict[str, subprocess.Popen] = {}

    def start_worker(self, name: str) -> subprocess.Popen:
        """A worker with its own token and an empty folder (its temporary files go there too)."""
        folder = self.tmp / f"worker-{name}"
        (folder / "tmp").mkdir(parents=True)
        token = self.stories("token", "add", name).stdout.strip()
        # No credentials for the media store either: a worker gets a link to each recording.
        env = {k: v for k, v in worker_env(folder, queue=self.redis_url).items() if not k.startswith("AWS_")}
        env.update(TMPDIR=str(folder / "tmp"), STORIES_WORKER_TOKEN=token)
        self.workers.env = env
        proc = self.workers.start("--remote", self.url)
        self.workers.ready(proc)
        self.folders[name], self.procs[name] = folder, proc
        return proc

    def stories(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "stories", *args], env=self.env, check=True,
                              capture_output=True, text=True, timeout=60)

    def add_recording(self, path: Path, title: str, **fields) -> str:
        submission = Submission(title=title, language="en", consents={"publish": True}, **fields)
        return receive_path(self.store, self.queue, self.settings, path, submission).story_id

    def holder(self, story_id: str) -> str | None:
        """The name of the worker whose lease the story is under (remote:NAME:…)."""
        owner = self.store.get(story_id)["lease_owner"] or ""
        return owner.split(":")[1] if owner.startswith("remote:") else None

    def midway(self, story_id: str) -> str:
        """Wait until a worker is part way through transcribing the story; returns that worker's name."""
        def going():
            story = self.store.get(story_id)
            done, total = story["progress_done"] or 0, story["progress_total"] or 0
            return story["state"] == State.TRANSCRIBING and 0 < done < total and self.holder(story_id)
        return wait_for(going, 120, "a remote worker to get going", every=0.05)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with running_cluster(tmp_path_factory.mktemp("remote")) as cluster:
        yield cluster


@contextmanager
def running_cluster(tmp: Path, **coordinator_env: str) -> Iterator[Cluster]:
    """Redis and a coordinator (``coordinator_env`` added to its environment), and a way to add workers."""
    web, archive = free_port(), free_port()
    with redis_server(tmp) as redis_url:
        env = worker_env(tmp / "coordinator", queue=redis_url, lease_seconds=str(LEASE_SECONDS),
                         web_port=str(web), archive_port=str(archive))
        env.update(coordinator_env)
        (tmp / "coordinator").mkdir()
        log = (tmp / "coordinator.log").open("wb")
        serve = subprocess.Popen([sys.executable, "-m", "stories", "serve", "--no-worker"], env=env,
                                 stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{web}"
        try:
            wait_for(lambda: _up(url) or serve.poll() is not None, 90, "the coordinator")
            assert serve.poll() is None, (tmp / "coordinator.log").read_text()
            with Workers(env, tmp / "logs") as workers:
                cluster = Cluster(tmp, url, redis_url, workers, env)
                yield cluster
                cluster.store.close()
        finally:
            os.killpg(serve.pid, signal.SIGINT)
            serve.wait(60)
            log.close()


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/", timeout=2).is_success
    except httpx.HTTPError:
        return False


def assert_once(store: Store, story_id: str, starts: int = 1) -> None:
    actions = Counter(e["action"] for e in store.events(story_id))
    assert actions["started transcribing"] == starts and actions["transcribed"] == 1, (story_id, actions)
    assert actions["started analysing"] == actions["analysed"] == 1, (story_id, actions)
    segments = store.rows("segments", story_id)
    assert len({s["idx"] for s in segments}) == len(segments) > 0
    tags = [(t["theme_id"], t["segment_idx"], t["matched"]) for t in store.rows("tags", story_id)]
    assert len(set(tags)) == len(tags)
    assert store.get(story_id)["lease_owner"] is None


def assert_folders_hold_nothing(cluster: Cluster) -> None:
    """No store, no queue, no media: at most the model cache (and the emptied temporary folder)."""
    for folder in cluster.folders.values():
        files = [p.relative_to(folder) for p in folder.rglob("*") if p.is_file()]
        assert all(p.parts[0] == "cache" for p in files), files
        assert not (folder / "media").exists() and not (folder / "stories.db").exists()


def test_twenty_stories_each_done_once_by_two_remote_workers(cluster, speech):
    procs = [cluster.start_worker("a"), cluster.start_worker("b")]
    ids = []
    for name in CLIPS:  # copies, as a teller's upload is
        copy = cluster.tmp / f"upload-{name}"
        shutil.copy(speech(name), copy)
        ids.append(cluster.add_recording(copy, name, contact="canary@example.org"))
        cluster.queue.submit(ids[-1])  # twice: both workers hold a job for the same story at once
    for n in range(WRITTEN):
        ids.append(cluster.store.create_story({"title": f"Written {n}", "kind": "text", "language": "en",
                                               "body": f"Story {n}. I waited eight months for a council "
                                                       "flat and the job centre cut my benefits."}, {}))
        cluster.queue.submit(ids[-1])
    wait_for(lambda: all(cluster.store.get(i)["state"] == State.IN_REVIEW for i in ids), 240,
             "every story to reach review")
    for story_id in ids:
        assert_once(cluster.store, story_id)
    heard = " ".join(s.text for s in cluster.store.segments(ids[0])).lower()
    assert "dashwood" in heard and cluster.store.get(ids[0])["engine"] == "faster-whisper"
    starts = Counter(e["detail"].split(":")[1] for i in ids for e in cluster.store.events(i)
                     if e["action"].startswith("started "))
    assert set(starts) == {"a", "b"}, starts  # both did some of the work
    assert all(p.poll() is None for p in procs)
    assert_folders_hold_nothing(cluster)


def test_a_story_withdrawn_while_a_remote_worker_transcribes_it_stays_withdrawn(cluster, speech):
    path = long_recording(speech, cluster.tmp / "withdrawn.wav", rounds=3)
    story_id = cluster.add_recording(path, "Withdrawn")
    name = cluster.midway(story_id)
    withdraw(cluster.store, story_id, "teller", cluster.settings.media_dir)
    wait_for(lambda: "dropped" in cluster.workers.log(cluster.procs[name]), 60, "the worker to drop it")
    story = cluster.store.get(story_id)
    assert story["state"] == State.WITHDRAWN and cluster.store.rows("segments", story_id) == []
    assert "transcribed" not in {e["action"] for e in cluster.store.events(story_id)}
    assert_folders_hold_nothing(cluster)


def test_a_worker_killed_mid_job_its_story_finishes_on_the_other_once(cluster, speech):
    path = long_recording(speech, cluster.tmp / "killed.wav", rounds=3)
    story_id = cluster.add_recording(path, "Killed")
    name = cluster.midway(story_id)
    cluster.workers.kill(cluster.procs[name])
    lease_until = cluster.store.get(story_id)["lease_until"]
    wait_for(lambda: cluster.store.get(story_id)["state"] == State.IN_REVIEW, 180, "the takeover")
    assert_once(cluster.store, story_id, starts=2)
    starts = [e for e in cluster.store.events(story_id) if e["action"] == "started transcribing"]
    assert starts[0]["detail"].split(":")[1] == name != starts[1]["detail"].split(":")[1]
    assert starts[1]["at"] >= lease_until  # never while the dead worker's lease still ran
    survivor = next(p for n, p in cluster.procs.items() if n != name and p.poll() is None)
    assert survivor.poll() is None
    assert_folders_hold_nothing(cluster)
    cluster.start_worker(f"{name}2")  # two again, for the next test


def test_a_revoked_workers_result_is_refused_and_the_story_goes_to_another(cluster, speech):
    path = long_recording(speech, cluster.tmp / "revoked.wav", rounds=3)
    story_id = cluster.add_recording(path, "Revoked")
    name = cluster.midway(story_id)
    cluster.stories("token", "remove", name)
    revoked = cluster.procs[name]
    wait_for(lambda: cluster.store.get(story_id)["state"] == State.IN_REVIEW, 180, "another worker to do it")
    assert_once(cluster.store, story_id, starts=2)
    starts = [e for e in cluster.store.events(story_id) if e["action"] == "started transcribing"]
    assert starts[0]["detail"].split(":")[1] == name != starts[1]["detail"].split(":")[1]
    assert "401" in cluster.workers.log(revoked)
    assert_folders_hold_nothing(cluster)


@pytest.fixture(scope="module")
def bucket_cluster(tmp_path_factory, s3_server):
    """A coordinator keeping media in a bucket of moto's S3 server (STORIES_MEDIA=s3://…)."""
    bucket = s3_server.new_bucket()
    with running_cluster(tmp_path_factory.mktemp("remote-s3"), STORIES_MEDIA=f"s3://{bucket}/media",
                         **s3_server.environment()) as cluster:
        yield cluster, bucket


def test_with_media_in_a_bucket_a_form_upload_is_transcribed_remotely_and_withdrawn(bucket_cluster, s3_server,
                                                                                   speech):
    cluster, bucket = bucket_cluster
    cluster.start_worker("s3")
    with httpx.Client(base_url=cluster.url) as browser:  # the form, as a teller's browser sends it
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/").text)[1]
        form = {"title": "The bus", "language": "en", "consent_publish": "yes", "csrf_token": csrf}
        recording = ("bus.wav", speech("librivox-0920.wav").read_bytes(), "audio/wav")
        sent = browser.post("/", data=form, files={"recording": recording})
    assert sent.status_code == 303, sent.text[-2000:]
    story_id = sent.headers["Location"].rsplit("/", 1)[1]
    name = cluster.store.get(story_id)["media_path"]
    assert s3_server.keys(bucket) == [f"media/{name}"]  # in the bucket, not on the coordinator's disk
    assert not (cluster.tmp / "coordinator" / "media").exists()
    wait_for(lambda: cluster.store.get(story_id)["state"] == State.IN_REVIEW, 120, "the remote worker")
    assert_once(cluster.store, story_id)
    assert cluster.holder(story_id) is None and cluster.store.segments(story_id)
    with pytest.MonkeyPatch.context() as patch:  # as the coordinator's withdrawal page does it, in its env
        for variable, value in s3_server.environment().items():
            patch.setenv(variable, value)
        withdraw(cluster.store, story_id, "teller", media_store(cluster.settings))
    assert s3_server.keys(bucket) == [] and cluster.store.media_deletions.pending() == []
    assert not list((cluster.tmp / "coordinator" / "incoming").glob("*"))
    assert_folders_hold_nothing(cluster)

