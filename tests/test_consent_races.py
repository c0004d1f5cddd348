"""The consent boundary under races and failures, with real processes.

- A teller withdraws while a real worker transcribes their story: the withdrawal stands, the
  transcript is thrown away, Whisper stops, and nothing reaches review.
- A teller withdraws a published story while the job queue is down (Redis stopped): the page
  answers, and the real syncer process takes the story out of the archive within seconds.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter

import pytest
import sqlite_utils
from browser import free_port
from conftest import csrf_token
from published import build, publish_story
from redis_server import Workers, wait_for, worker_env
from steps import long_story

from stories.model import State
from stories.withdrawal import code_hash, new_code

pytestmark = pytest.mark.slow


def withdraw_on_the_web(client, code: str):
    return client.post("/withdraw/", data={"csrf_token": csrf_token(client, "/withdraw/"), "code": code,
                                           "sure": "yes"})


def test_a_withdrawal_during_transcription_is_never_undone(tmp_path, settings, store, client, speech):
    receipt = long_story(tmp_path, store, settings, speech, rounds=4)  # three minutes of speech
    story_id, code = receipt.story_id, receipt.withdrawal_code
    with Workers(worker_env(settings.home, lease_seconds="30"), tmp_path / "logs") as workers:
        worker = workers.start()

        def under_way():
            story = store.get(story_id)
            return story["state"] == State.TRANSCRIBING and 0 < (story["progress_done"] or 0) and story
        wait_for(under_way, 120, "transcription to get going", every=0.05)
        assert withdraw_on_the_web(client, code).status_code == 200
        withdrawn_at = time.monotonic()
        # The worker notices (its lease is gone) and stops Whisper, instead of finishing the hour.
        wait_for(lambda: "was taken over" in workers.log(worker) or "cannot become" in workers.log(worker)
                 or "changed while" in workers.log(worker), 60, "the worker to drop the job")
        assert time.monotonic() - withdrawn_at < 30
        time.sleep(1)
    story = store.get(story_id)
    assert story["state"] == State.WITHDRAWN
    assert store.segments(story_id) == [] and store.rows("tags", story_id) == []
    assert store.all([State.IN_REVIEW]) == []
    actions = [e["action"] for e in store.events(story_id)]
    assert actions[-1] == "withdrawn" and "transcribed" not in actions and "analysed" not in actions


def test_a_withdrawal_while_the_queue_is_down_still_leaves_the_archive(tmp_path, settings, store, app):
    code = new_code()
    story_id = publish_story(store, "Cold flat", [(None, None, "Our flat had no heating all winter long.")])
    store.db["stories"].update(story_id, {"withdrawal_code_hash": code_hash(code)})
    build(store, settings)
    assert sqlite_utils.Database(settings.archive_path)["stories"].count == 1
    # The queue is a Redis nobody runs: any submit would fail, as in an outage.
    dead = f"redis://127.0.0.1:{free_port()}/0"
    app.config["STORIES"] = app.config["STORIES"].with_(queue=dead)
    client = app.test_client()
    env = worker_env(settings.home, queue=dead)
    syncer = subprocess.Popen([sys.executable, "-m", "stories", "syncer"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        response = withdraw_on_the_web(client, code)
        pressed = time.monotonic()
        assert response.status_code == 200, response.get_data(as_text=True)[:500]

        def gone():
            return sqlite_utils.Database(settings.archive_path)["stories"].count == 0
        wait_for(gone, 10, "the syncer to take the story out")
        assert time.monotonic() - pressed < 5
    finally:
        syncer.terminate()
        output = syncer.communicate(timeout=15)[0]
    assert syncer.returncode == 0, output[-2000:]
    data = b"".join(p.read_bytes() for p in settings.home.glob("archive.db*"))
    assert b"heating" not in data and story_id.encode() not in data
    assert Counter(re.findall(r"Traceback", output)) == Counter()
