"""Scale-out: two real `stories worker` processes share a real Redis queue; each story is done once.

Every story is queued twice, as a lost-job re-queue racing the upload's own job would: the two
workers then hold jobs for the same story at the same time, and only the lease keeps them apart.
"""

import shutil
from collections import Counter

import pytest
from redis_server import Workers, pid_of, redis_server, wait_for, worker_env

from stories.intake import Submission, receive_path
from stories.model import State
from stories.queue import JobQueue
from stories.settings import load_settings

pytestmark = pytest.mark.slow
CLIPS = ("librivox-0870.wav", "librivox-0920.wav", "espeak-housing.wav", "espeak-social-worker.wav")
WRITTEN = 16


def test_two_workers_on_redis_process_twenty_stories_once_each(tmp_path, store, speech):
    with redis_server(tmp_path) as url:
        # The recordings live apart from the data folder, as on a shared mount (STORIES_MEDIA).
        env = worker_env(store.path.parent, queue=url, media=str(tmp_path / "shared-media"))
        settings = load_settings(environ=env)
        queue = JobQueue(settings)
        with Workers(env, tmp_path / "logs") as workers:
            procs = [workers.start(), workers.start()]
            for proc in procs:
                workers.ready(proc)
            ids = []
            for name in CLIPS:  # copies, as a teller's upload is: the store keeps its own
                copy = tmp_path / f"upload-{name}"
                shutil.copy(speech(name), copy)
                ids.append(receive_path(store, queue, settings, copy, Submission(title=name)).story_id)
                queue.submit(ids[-1])  # twice: both workers get a job for the same story at once
            for n in range(WRITTEN):
                ids.append(store.create_story({"title": f"Written {n}", "kind": "text", "body":
                                               f"Story {n}. I waited eight months for a council flat and "
                                               "the job centre cut my benefits."}, {}))
                queue.submit(ids[-1])
                queue.submit(ids[-1])
            wait_for(lambda: all(store.get(i)["state"] == State.IN_REVIEW for i in ids), 240,
                     "every story to reach review")
            wait_for(lambda: queue.pending() == 0, 30, "the duplicate jobs to be taken (and dropped)")
            logs = [workers.log(p) for p in procs]
    for story_id in ids:
        actions = Counter(e["action"] for e in store.events(story_id))
        assert actions["started transcribing"] == actions["transcribed"] == 1, (story_id, actions)
        assert actions["started analysing"] == actions["analysed"] == 1, (story_id, actions)
        segments = store.rows("segments", story_id)
        assert len({s["idx"] for s in segments}) == len(segments) > 0
        tags = [(t["theme_id"], t["segment_idx"], t["matched"]) for t in store.rows("tags", story_id)]
        assert len(set(tags)) == len(tags)
        assert store.get(story_id)["lease_owner"] is None  # let go once done
    assert len(list((tmp_path / "shared-media").rglob("*.wav"))) == len(CLIPS)
    assert not (store.path.parent / "media").exists()
    heard = " ".join(s.text for s in store.segments(ids[0])).lower()
    assert "dashwood" in heard and store.get(ids[0])["engine"] == "faster-whisper"  # Whisper really ran
    # Both workers did some of the work: each step's log entry names the lease owner.
    owners = Counter(pid_of(e["detail"].removeprefix("lease ")) for i in ids for e in store.events(i)
                     if e["action"].startswith("started "))
    assert set(owners) == {p.pid for p in procs}, (owners, logs)
