"""Leases: two workers never hold one story; a dead worker's story is taken over once its lease runs out."""

import subprocess
import time

import pytest

from stories import leases
from stories.model import State
from stories.states import UNFINISHED
from stories.store import Store
from wiring import tasks

DOING = (State.RECEIVED, State.TRANSCRIBING)


@pytest.fixture
def other(store):
    """A second connection to the same store, as a second worker process has."""
    with Store(store.path) as second:
        yield second


def written(store, title="A story"):
    return store.create_story({"title": title, "kind": "text", "body": "I waited months for a flat."}, {})


def lease_of(store, story_id):
    row = store.get(story_id)
    return row["lease_owner"], row["lease_until"]


def test_two_claimers_cannot_both_hold_a_story(store, other):
    story_id = written(store)
    assert store.claim(story_id, DOING, State.TRANSCRIBING, "worker", "host:1:1", 60)
    # The state alone would let it through (transcribing -> transcribing): the live lease does not.
    assert not other.claim(story_id, DOING, State.TRANSCRIBING, "worker", "host:2:2", 60)
    assert not other.claim(story_id, DOING, State.TRANSCRIBING, "worker")  # not without a lease either
    assert lease_of(store, story_id)[0] == "host:1:1"
    assert not other.leases.renew(story_id, "host:2:2", 60)
    other.leases.release(story_id, "host:2:2")  # someone else's lease is left alone
    assert lease_of(store, story_id)[0] == "host:1:1"
    started = [e for e in store.events(story_id) if e["action"] == "started transcribing"]
    assert [e["detail"] for e in started] == ["lease host:1:1"]


def test_an_expired_lease_can_be_taken_over_and_the_old_owner_finds_out(store, other):
    story_id = written(store)
    assert store.claim(story_id, DOING, State.TRANSCRIBING, "worker", "host:1:1", 0.2)
    time.sleep(0.3)  # worker 1 stopped renewing: it died, or froze
    assert other.claim(story_id, DOING, State.TRANSCRIBING, "worker", "host:2:2", 60)
    assert lease_of(store, story_id)[0] == "host:2:2"
    assert not store.leases.renew(story_id, "host:1:1", 60)
    started = [e["detail"] for e in store.events(story_id) if e["action"] == "started transcribing"]
    assert started == ["lease host:1:1", "lease host:2:2"]


def test_requeue_skips_live_leases(settings, store, queue):
    live, expired, waiting, orphan = (written(store, t) for t in ("live", "expired", "waiting", "orphan"))
    store.claim(live, DOING, State.TRANSCRIBING, "worker", "elsewhere:1:1", 60)
    store.claim(expired, DOING, State.TRANSCRIBING, "worker", "elsewhere:2:2", 0.01)
    queue.submit(waiting)
    time.sleep(0.05)
    assert set(tasks.requeue_unfinished(settings, queue)) == {expired, orphan}
    queue.huey.flush()
    # Run periodically, a story that never had a lease gets time for the job that was just queued for it.
    assert tasks.requeue_unfinished(settings, queue, idle_seconds=60) == [expired]
    assert tasks.requeue_unfinished(settings, queue, idle_seconds=60) == []  # now it has a job waiting
    queue.huey.flush()  # the jobs were lost (Redis restarted without its data)
    assert set(tasks.requeue_unfinished(settings, queue, idle_seconds=0.01)) == {expired, waiting, orphan}


def test_a_restarted_worker_frees_the_leases_of_dead_workers_on_its_host(settings, store, queue):
    dead = subprocess.Popen(["true"])
    dead.wait()
    story_id = written(store)
    host, _, thread, namespace = leases.owner().split(":")
    owner = f"{host}:{dead.pid}:{thread}:{namespace}"
    store.claim(story_id, DOING, State.TRANSCRIBING, "worker", owner, 60)
    assert leases.dead_here(owner) and not leases.dead_here(leases.owner())
    assert not leases.dead_here(f"{host}:{dead.pid}:{thread}:another-container")
    # The periodic look waits for the lease to run out: the owner could be on a machine of the same name.
    assert tasks.requeue_unfinished(settings, queue, idle_seconds=60) == []
    assert tasks.requeue_unfinished(settings, queue) == [story_id]  # at start: freed, queued
    assert lease_of(store, story_id) == (None, None)


def test_the_heartbeat_renews_and_notices_a_takeover(store, other):
    story_id = written(store)
    store.claim(story_id, DOING, State.TRANSCRIBING, "worker", "host:1:1", 0.6)
    first_until = lease_of(store, story_id)[1]
    with leases.Heartbeat(store.path, story_id, "host:1:1", 0.6) as heartbeat:
        time.sleep(1.5)  # well past the first lease: only renewals keep it
        assert not other.claim(story_id, DOING, State.TRANSCRIBING, "worker", "host:2:2", 60)
        assert lease_of(store, story_id)[1] > first_until
        heartbeat.check()
        other.leases.release(story_id, "host:1:1")  # as if it had run out
        assert other.claim(story_id, DOING, State.TRANSCRIBING, "worker", "host:2:2", 60)
        deadline = time.monotonic() + 5
        while not heartbeat.lost.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(leases.LeaseLost):
            heartbeat.check()
        with pytest.raises(leases.LeaseLost):  # a progress callback stops Whisper the same way
            tasks._progress(store, story_id, heartbeat=heartbeat)(1.0, 10.0)


def test_a_step_holds_the_lease_while_it_works_and_lets_go_after(settings, store, monkeypatch):
    story_id = written(store)
    seen = []
    save = Store.save_transcript

    def watching(self, story_id, *args, **kwargs):
        seen.append(lease_of(self, story_id))  # what the step holds as it writes its result
        return save(self, story_id, *args, **kwargs)

    monkeypatch.setattr(Store, "save_transcript", watching)
    tasks.advance(settings, story_id)
    assert seen and seen[0][0] == leases.owner()
    assert store.get(story_id)["state"] == State.IN_REVIEW
    assert lease_of(store, story_id) == (None, None)


def test_a_job_for_a_story_another_worker_holds_does_nothing(settings, store, other):
    story_id = written(store)
    other.claim(story_id, DOING, State.TRANSCRIBING, "worker", "elsewhere:9:9", 60)
    assert tasks.advance(settings, story_id) == State.TRANSCRIBING
    assert store.segments(story_id) == [] and lease_of(store, story_id)[0] == "elsewhere:9:9"
    assert set(UNFINISHED) >= {State(store.get(story_id)["state"])}
