"""A moderator corrects a story's framing: it is published, kept by re-tagging, and logged for training."""

import pytest
import sqlite_utils
from conftest import csrf_token

from stories import review
from stories.intake import Submission, receive_path
from stories.model import State
from wiring import syncer, tasks

STORY = ("I was never good at forms, and the council lost mine twice. Now I run the tenants' group "
         "and we organised the repairs campaign ourselves.")


@pytest.fixture
def in_review(settings, store, queue, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    story_id = receive_path(store, queue, settings, path, Submission(
        title="Repairs", language="en", consents={"publish": True})).story_id
    assert tasks.advance(settings, story_id) == State.IN_REVIEW
    return story_id


def test_a_moderators_framing_is_published_and_logged(settings, store, in_review):
    machine = store.get(in_review)["framing"] or ""
    review.set_framing(store, in_review, "mixed", "mo")
    story = store.get(in_review)
    assert (story["framing"], story["framing_set_by"]) == ("mixed", "mo")
    event = store.events(in_review)[-1]
    assert event["action"] == "set framing" and machine in event["before"] and "mixed" in event["after"]
    review.approve(store, in_review, "mo")
    syncer.drain(settings, store)
    archive = sqlite_utils.Database(settings.archive_path)
    assert archive.execute("select framing from stories where id = ?", [in_review]).fetchone()[0] == "mixed"


def test_retagging_keeps_a_moderators_framing(settings, store, in_review):
    review.set_framing(store, in_review, "", "mo")  # neither
    tasks.retag(settings, store, in_review, "mo")
    assert store.get(in_review)["framing"] is None and store.get(in_review)["framing_set_by"] == "mo"


def test_unknown_framing_is_refused(store, in_review):
    with pytest.raises(review.ReviewError, match="Unknown framing"):
        review.set_framing(store, in_review, "heroic", "mo")


def test_framing_from_the_review_page(signed_in, store, in_review):
    page = signed_in.get(f"/moderate/{in_review}").get_data(as_text=True)
    assert 'id="framing-choice"' in page
    token = csrf_token(signed_in, f"/moderate/{in_review}")
    response = signed_in.post(f"/moderate/{in_review}/framing", data={"csrf_token": token,
                                                                      "framing": "asset-based"})
    assert response.status_code == 303 and store.get(in_review)["framing"] == "asset-based"
    assert "(set by mo)" in signed_in.get(f"/moderate/{in_review}").get_data(as_text=True)
