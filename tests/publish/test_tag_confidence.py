"""A low-confidence tag waits for a moderator: the archive shows it only once accepted."""

import sqlite_utils

from stories import review
from stories.intake import Submission, receive_path
from stories.model import State
from wiring import syncer, tasks


def _archive_themes(settings, story_id):
    rows = sqlite_utils.Database(settings.archive_path).execute(
        "select theme_id from story_themes where story_id = ?", [story_id]).fetchall()
    return {r[0] for r in rows}


def test_low_confidence_tags_are_published_only_once_accepted(settings, store, queue, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("My doctor said the council would call back about the flat. We waited for months "
                    "on the housing list.", encoding="utf-8")
    story_id = receive_path(store, queue, settings, path, Submission(
        title="The flat", language="en", consents={"publish": True})).story_id
    assert tasks.advance(settings, story_id) == State.IN_REVIEW
    health = [t for t in store.rows("tags", story_id) if t["theme_id"] == "health"]
    assert [t["confidence"] for t in health] == ["low"]
    review.approve(store, story_id, "mo")
    syncer.drain(settings, store)
    published = _archive_themes(settings, story_id)
    assert "housing" in published and "health" not in published
    review.reopen(store, story_id, "mo")
    tag = health[0]
    review.set_tag_status(store, story_id, "health", tag["segment_idx"], tag["matched"], "accepted", "mo")
    review.approve(store, story_id, "mo")
    syncer.drain(settings, store)
    assert "health" in _archive_themes(settings, story_id)
