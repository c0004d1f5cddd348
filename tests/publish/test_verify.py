"""publish.verify (`stories verify`): the archive is what the rules allow, down to its bytes.

Each breach is planted by hand, the way a bug would leave it, and verify must name it.
"""

from __future__ import annotations

from published import build, publish_story
from sqlite_utils.utils import sqlite3

from publish import sync_story
from publish.verify import verify_archive
from stories import review
from stories.withdrawal import withdraw
from wiring.cli import cli

SECRET_WORDS = "Zebedee kept quinces under the stairwell of Flat Nine"


def two_stories(store, settings) -> tuple[str, str]:
    kept = publish_story(store, "Buses", [(None, None, "The number twelve bus stopped coming here.")])
    barred = publish_story(store, "Quinces", [(None, None, SECRET_WORDS + " and nobody came.")])
    build(store, settings)
    return kept, barred


def verify(store, settings):
    return verify_archive(store, settings.archive_path, settings.published_dir)


def test_a_clean_archive_verifies(store, settings):
    two_stories(store, settings)
    verdict = verify(store, settings)
    assert verdict.ok, verdict.summary()
    assert verdict.checked["stories in the archive"] == 2


def test_a_story_rejected_but_left_in_the_archive_is_a_breach(store, settings):
    _, barred = two_stories(store, settings)
    review.reject(store, barred, "mod", "Names a neighbour")  # and no sync: a lost decision
    breaches = "\n".join(verify(store, settings).breaches)
    assert f"story {barred} is in the archive but is rejected" in breaches
    assert "holds words of story" not in breaches or barred in breaches


def test_words_of_a_kept_out_story_left_in_free_space_are_found(store, settings):
    _, barred = two_stories(store, settings)
    review.reject(store, barred, "mod", "Names a neighbour")
    # A delete without secure_delete, as a careless writer would do it: the words stay in the file.
    conn = sqlite3.connect(settings.archive_path)
    conn.execute("pragma secure_delete = off")
    conn.execute("insert into stories_fts(stories_fts, rank) values ('secure-delete', 0)")
    conn.execute("insert into segments_fts(segments_fts, rank) values ('secure-delete', 0)")
    for table in ("theme_evidence", "story_themes", "segments"):
        conn.execute(f"delete from {table} where story_id = ?", [barred])  # noqa: S608 - constant names
    conn.execute("delete from stories where id = ?", [barred])
    conn.commit()
    conn.close()
    breaches = "\n".join(verify(store, settings).breaches)
    assert "is in the archive" not in breaches  # the rows are gone...
    assert f"holds words of story {barred}" in breaches or f"holds the id of story {barred}" in breaches
    assert "secure-delete is off" in breaches  # ...and the mechanism that should have wiped them is named


def test_the_same_words_in_a_published_story_are_no_breach(store, settings):
    publish_story(store, "First", [(None, None, SECRET_WORDS + ".")])
    twice = publish_story(store, "Sent twice", [(None, None, SECRET_WORDS + ".")], approve=False)
    build(store, settings)
    review.reject(store, twice, "mod", "Sent twice")
    assert verify(store, settings).ok


def test_a_withdrawn_story_synced_out_leaves_no_trace(store, settings, tmp_path):
    _, barred = two_stories(store, settings)
    withdraw(store, barred, "teller", settings.media_dir)
    sync_story(store, barred, settings.archive_path, settings.media_dir, settings.published_dir)
    assert verify(store, settings).ok
    data = b"".join(p.read_bytes() for p in settings.home.glob("archive.db*"))
    for word in (b"Zebedee", b"quinces", b"quinc", b"stairwell", barred.encode()):
        assert word not in data, word


def test_published_audio_of_a_kept_out_story_is_a_breach(store, settings):
    _, barred = two_stories(store, settings)
    settings.published_dir.mkdir(parents=True, exist_ok=True)
    (settings.published_dir / f"{barred}-0000.m4a").write_bytes(b"not really audio")
    review.reject(store, barred, "mod", "Names a neighbour")
    sync_story(store, barred, settings.archive_path, settings.media_dir, settings.published_dir)
    (settings.published_dir / f"{barred}-1111.m4a").write_bytes(b"left behind")
    breaches = "\n".join(verify(store, settings).breaches)
    assert f"published file {barred}-1111.m4a" in breaches


def test_the_cli_exits_non_zero_on_a_breach_and_status_shows_the_last_result(store, settings, runner):
    _, barred = two_stories(store, settings)
    assert runner.invoke(cli, ["verify"]).exit_code == 0
    review.reject(store, barred, "mod", "Names a neighbour")
    result = runner.invoke(cli, ["verify"])
    assert result.exit_code == 1 and barred in result.output
    status = runner.invoke(cli, ["status"]).output
    assert "verify" in status and "breach" in status
