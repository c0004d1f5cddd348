"""A failed story can be tried again: from the moderation area and from the shell."""

import pytest
from conftest import csrf_token
from steps import force_state

from stories import review
from stories.model import State
from wiring.cli import cli


@pytest.fixture
def failed(store):
    story_id = store.create_story({"title": "Broke", "kind": "text", "body": "Words."}, {"publish": True})
    force_state(store, story_id, State.FAILED, error="Transcription failed: out of memory")
    return story_id


def test_retry_sends_a_failed_story_back_to_the_start_with_an_audit_entry(store, failed):
    review.retry(store, failed, "mo")
    story = store.get(failed)
    assert story["state"] == "received" and story["error"] is None
    event = store.events(failed)[-1]
    assert event["action"] == "retried" and "out of memory" in event["before"]
    with pytest.raises(review.ReviewError, match="only a failed story"):
        review.retry(store, failed, "mo")


def test_moderators_see_failures_and_try_again(signed_in, store, queue, failed):
    page = signed_in.get("/moderate/").get_data(as_text=True)
    assert 'id="failed"' in page and "out of memory" in page
    token = csrf_token(signed_in, "/moderate/")
    response = signed_in.post(f"/moderate/{failed}/retry", data={"csrf_token": token})
    assert response.status_code == 303 and store.get(failed)["state"] == "received"
    assert failed in queue.pending_ids()


def test_cli_retry(runner, store, failed):
    result = runner.invoke(cli, ["retry", failed])
    assert result.exit_code == 0, result.output
    assert store.get(failed)["state"] == "received"
    assert runner.invoke(cli, ["retry", failed]).exit_code == 1
