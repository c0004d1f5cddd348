"""Worker crash: SIGKILL a worker mid-transcription; the story is then done exactly once more.

Real workers, real Whisper on a two-minute recording, real SQLite and Redis queues.
"""

from collections import Counter

import pytest
import sqlite_utils
from audio import normalise
from redis_server import Workers, pid_of, redis_server, wait_for, worker_env
from steps import long_story

from stories import review
from stories.model import State
from stories.settings import load_settings
from wiring import tasks

pytestmark = pytest.mark.slow
LEASE_SECONDS = 5  # short, so the takeover comes soon; long enough for a busy machine's heartbeat
#: Words said once in one clip each, so once per round.
MARKERS = ("dashwood", "landlord", "respectable", "social worker")


def add_long_story(tmp_path, store, settings, speech):
    return long_story(tmp_path, store, settings, speech).story_id


def kill_mid_transcription(store, workers, procs, story_id):
    """SIGKILL whichever worker is transcribing the story, once Whisper has got some way in."""
    def midway():
        story = store.get(story_id)
        done, total = story["progress_done"] or 0, story["progress_total"] or 0
        return story["state"] == State.TRANSCRIBING and 0 < done < total and story
    story = wait_for(midway, 120, "transcription to get going", every=0.05)
    victim = next(p for p in procs if p.pid == pid_of(story["lease_owner"]))
    workers.kill(victim)
    story = store.get(story_id)
    assert story["state"] == State.TRANSCRIBING and story["progress_done"] < story["progress_total"]
    return victim, story["lease_until"]


def check_processed_once_more(settings, store, story_id, killed, survivor):
    """Two starts (killed, then survivor), one transcript, one analysis, one set of archive rows."""
    events = store.events(story_id)
    actions = Counter(e["action"] for e in events)
    assert actions["started transcribing"] == 2 and actions["transcribed"] == 1, actions
    assert actions["started analysing"] == actions["analysed"] == 1, actions
    starts = [e for e in events if e["action"] == "started transcribing"]
    assert [pid_of(e["detail"].removeprefix("lease ")) for e in starts] == [killed.pid, survivor.pid]
    transcribed = next(e for e in events if e["action"] == "transcribed")
    segments = store.rows("segments", story_id)
    assert transcribed["detail"].startswith(f"{len(segments)} segments")
    assert len({s["idx"] for s in segments}) == len(segments) > 5
    assert store.get(story_id)["duration"] > 80
    # Once per round: nothing twice, and nothing lost (Whisper may mishear one of them, and write
    # any of them its own way, so the words are counted in normalised text).
    heard = f" {normalise(' '.join(s['text'] for s in segments))} "
    counts = {word: heard.count(f" {word} ") for word in MARKERS}
    assert max(counts.values()) <= 2 and sum(counts.values()) >= 2 * len(MARKERS) - 1, counts
    tags = [(t["theme_id"], t["segment_idx"], t["matched"]) for t in store.rows("tags", story_id)]
    assert len(set(tags)) == len(tags) > 0
    review.approve(store, story_id, "mod")
    tasks.publish_archive(settings)
    tasks.publish_archive(settings)  # a rebuild adds nothing either
    archive = sqlite_utils.Database(settings.archive_path)
    assert archive["stories"].count_where("id = ?", [story_id]) == 1
    assert archive["segments"].count_where("story_id = ?", [story_id]) == len(segments)
    evidence = list(archive.query("select theme_id, segment_idx, matched from theme_evidence "
                                  "where story_id = ?", [story_id]))
    assert evidence and len({tuple(r.values()) for r in evidence}) == len(evidence)
    assert archive["story_themes"].count_where("story_id = ?", [story_id]) == len({t[0] for t in tags})
    archive.close()


def test_sqlite_queue_worker_killed_mid_transcription_then_restarted(tmp_path, settings, store, speech):
    story_id = add_long_story(tmp_path, store, settings, speech)
    with Workers(worker_env(settings.home), tmp_path / "logs") as workers:
        first = workers.start()
        killed, _ = kill_mid_transcription(store, workers, [first], story_id)
        # Restarted on the same machine: it frees its dead predecessor's lease and finishes the job.
        restarted = workers.start("--burst")
        assert restarted.wait(timeout=180) == 0, workers.log(restarted)[-3000:]
        assert f"Re-queued 1 unfinished stories: {story_id}" in workers.log(restarted)
    assert store.get(story_id)["state"] == State.IN_REVIEW
    check_processed_once_more(settings, store, story_id, killed, restarted)


def test_redis_two_workers_one_killed_mid_job_the_other_takes_over_after_the_lease(tmp_path, store, speech):
    with redis_server(tmp_path) as url:
        env = worker_env(store.path.parent, queue=url, lease_seconds=str(LEASE_SECONDS))
        settings = load_settings(environ=env)
        with Workers(env, tmp_path / "logs") as workers:
            procs = [workers.start(), workers.start()]
            for proc in procs:
                workers.ready(proc)
            story_id = add_long_story(tmp_path, store, settings, speech)
            killed, lease_until = kill_mid_transcription(store, workers, procs, story_id)
            survivor = next(p for p in procs if p is not killed)
            # No restart: the survivor's lease watch finds the lease run out and re-queues the story.
            wait_for(lambda: store.get(story_id)["state"] == State.IN_REVIEW, 180, "the takeover")
            assert survivor.poll() is None
            assert "stories nobody held" in workers.log(survivor)
    retaken = [e for e in store.events(story_id) if e["action"] == "started transcribing"][1]
    assert retaken["at"] >= lease_until  # never while the dead worker's lease still ran
    check_processed_once_more(settings, store, story_id, killed, survivor)
