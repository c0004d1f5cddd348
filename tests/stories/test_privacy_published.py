"""Planted details in stories told in four languages never reach the public archive.

Through the real parts: intake, the worker (analysis with each language's pipeline), approval
with every suggestion accepted, and the syncer writing a real archive.db; then the archive's
bytes are searched.
"""

import zipfile

import pytest
import sqlite_utils
from planted import STORIES

from publish import export
from publish.pack import write_pack
from stories import review
from stories.intake import Submission, receive_path
from stories.model import State
from wiring import syncer, tasks

BASE = "https://stories.example.org"


@pytest.mark.parametrize("language", sorted(STORIES))
def test_planted_details_never_reach_the_archive(settings, store, queue, tmp_path, language):
    text, secrets, ordinary = STORIES[language]
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    story_id = receive_path(store, queue, settings, path, Submission(
        title=f"Historia {secrets[0]}", language=language, teller_name=secrets[0],
        consents={"publish": True, "quote": True, "research": True})).story_id
    assert tasks.advance(settings, story_id) == State.IN_REVIEW
    assert review.approve(store, story_id, "mod") == State.APPROVED
    assert syncer.drain(settings, store) == 1
    files = [settings.archive_path, settings.archive_path.with_name(settings.archive_path.name + "-wal")]
    _nothing_planted(b"".join(f.read_bytes() for f in files if f.exists()), secrets, ordinary)
    # What researchers and advocates take away: every export format, and an evidence pack.
    for fmt in export.FORMATS:
        written = tmp_path / f"out.{fmt}"
        assert "Wrote 1 stor" in export.export_archive(settings.archive_path, fmt, written, BASE)
        _nothing_planted(_unzipped(written) if fmt == "qdpx" else written.read_bytes(), secrets, ordinary)
    theme = sqlite_utils.Database(settings.archive_path).execute(
        "select theme_id from story_themes where story_id = ?", [story_id]).fetchone()[0]
    html, _pdf = write_pack(settings.archive_path, theme, tmp_path / "pack", BASE, "Stories")
    # The PDF is laid out from this HTML; its quotes are the story's consented words.
    _nothing_planted(html.read_bytes(), secrets, [])
    assert "[" in html.read_text() and story_id in html.read_text()


def _unzipped(path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def _nothing_planted(data: bytes, secrets: list[str], ordinary: list[str]) -> None:
    for secret in secrets:
        assert secret.encode() not in data, secret
    for name in secrets[:2]:  # the teller's and the helper's names, each part on its own too
        for part in name.split():
            assert part.encode() not in data, part
    for word in ordinary:
        assert word.encode() in data, word
