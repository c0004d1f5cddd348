"""Planted details in stories told in four languages never reach the public archive.

Through the real parts: intake, the worker (analysis with each language's pipeline), approval
with every suggestion accepted, and the syncer writing a real archive.db; then the archive's
bytes are searched.
"""

import pytest
from planted import STORIES

from collect.intake import Submission, receive_path
from stories import review, syncer, tasks
from stories.model import State


@pytest.mark.parametrize("language", sorted(STORIES))
def test_planted_details_never_reach_the_archive(settings, store, queue, tmp_path, language):
    text, secrets, ordinary = STORIES[language]
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    story_id = receive_path(store, queue, settings, path, Submission(
        title=f"Historia {secrets[0]}", language=language, teller_name=secrets[0],
        consents={"publish": True, "quote": True})).story_id
    assert tasks.advance(settings, story_id) == State.IN_REVIEW
    assert review.approve(store, story_id, "mod") == State.APPROVED
    assert syncer.drain(settings, store) == 1
    files = [settings.archive_path, settings.archive_path.with_name(settings.archive_path.name + "-wal")]
    archive = b"".join(f.read_bytes() for f in files if f.exists())
    for secret in secrets:
        assert secret.encode() not in archive, secret
    for name in secrets[:2]:  # the teller's and the helper's names, each part on its own too
        for part in name.split():
            assert part.encode() not in archive, part
    for word in ordinary:
        assert word.encode() in archive, word
