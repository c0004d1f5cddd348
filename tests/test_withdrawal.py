"""A published story, once withdrawn, is gone from search, story pages, audio and exports."""

from __future__ import annotations

import re

import pytest
from datasette_client import datasette_get

from wiring.cli import cli

pytestmark = pytest.mark.slow

TABLES = ("stories", "segments", "story_themes", "theme_evidence")


def test_withdrawal_by_code_takes_the_story_out_everywhere(runner, settings, store, speech):
    added = runner.invoke(cli, ["add", str(speech("espeak-social-worker.wav")), "--title", "Evicted",
                                "--language", "en", "--consent", "publish", "--contact", "me@example.net"])
    story_id = added.stdout.strip()
    code = re.search(r"Withdrawal code \(give it to the teller\): (\S+)", added.stderr).group(1)
    housing = str(speech("espeak-housing.wav"))
    kept = runner.invoke(cli, ["add", housing, "--consent", "publish"]).stdout.strip()
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    for sid in (story_id, kept):
        assert runner.invoke(cli, ["approve", sid]).exit_code == 0

    found = datasette_get(settings, "/archive/stories.json?_search=evicted&_shape=array").json()
    assert {row["id"] for row in found} == {story_id, kept}
    audio = next(row["audio"] for row in found if row["id"] == story_id)
    assert datasette_get(settings, audio).headers["content-type"] == "audio/mp4"
    datasette_get(settings, f"/archive/stories/{story_id}.json")
    assert story_id in datasette_get(settings, "/archive/theme_evidence.csv?_size=max").text
    media = settings.media_dir / store.get(story_id)["media_path"]
    assert media.exists()

    result = runner.invoke(cli, ["withdraw", code])
    assert result.exit_code == 0 and "withdrawn" in result.output

    search = datasette_get(settings, "/archive/stories.json?_search=evicted&_shape=array").json()
    assert [row["id"] for row in search] == [kept]
    ranked = datasette_get(settings, "/archive/search_segments.json?q=social&_shape=array").json()
    assert story_id not in {row["story_id"] for row in ranked}
    datasette_get(settings, f"/archive/stories/{story_id}", status=404)
    datasette_get(settings, audio, status=404)
    for table in TABLES:
        for fmt in ("csv", "json"):
            export = datasette_get(settings, f"/archive/{table}.{fmt}?_size=max").text
            assert story_id not in export, (table, fmt)
    assert kept in datasette_get(settings, "/archive/stories.csv").text  # the other story stays
    assert not media.exists()
    # The working store keeps a tombstone and the audit trail, nothing more.
    tomb = store.get(story_id)
    assert tomb["state"] == "withdrawn" and tomb["title"] == "(withdrawn)" and tomb["media_path"] is None
    assert all(store.rows(t, story_id) == [] for t in ("segments", "words", "tags", "redactions", "contacts"))
    assert [e["action"] for e in store.events(story_id)][-1] == "withdrawn"
    again = runner.invoke(cli, ["withdraw", code])
    assert again.exit_code == 1 and "already been withdrawn" in again.output
