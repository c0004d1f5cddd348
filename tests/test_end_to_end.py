"""One story from upload to the searchable archive, through every real part.

Real speech, the real tiny.en weights, the real spaCy model, real SQLite files,
the real `stories` commands, and Datasette's own client on the built archive.
"""

from __future__ import annotations

import asyncio
import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import csrf_token
from datasette.app import Datasette

from publish import METADATA
from wiring.cli import cli

pytestmark = pytest.mark.slow


def upload(client, path, title, consent=True, contact=""):
    data = {"title": title, "language": "en", "contact": contact, "csrf_token": csrf_token(client),
            "recording": (io.BytesIO(path.read_bytes()), path.name)}
    if consent:
        data["consent_publish"] = "yes"
    response = client.post("/", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def datasette_get(archive, path):
    async def fetch():
        ds = Datasette([str(archive)], metadata=json.loads(METADATA.read_text()),
                       settings={"suggest_facets": False})
        await ds.invoke_startup()
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    # Its own thread: Playwright's sync API may hold an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, fetch()).result()


def test_upload_transcribe_analyse_publish_and_find(client, runner, settings, store, speech):
    austen = upload(client, speech("librivox-0870.wav"), "Mr Dashwood's leisure")
    housing = upload(client, speech("espeak-housing.wav"), "Evicted", contact="canary-e2e@example.org")
    private = upload(client, speech("librivox-0920.wav"), "Not for publication", consent=False)

    result = runner.invoke(cli, ["worker", "--burst"])
    assert result.exit_code == 0, result.output
    for story_id in (austen, housing, private):
        status = client.get(f"/stories/{story_id}.json").get_json()["story"]
        assert status["state"] == "in_review", status
        assert runner.invoke(cli, ["approve", story_id]).exit_code == 0
    result = runner.invoke(cli, ["publish"])
    assert result.exit_code == 0 and "Published 2 stories" in result.output

    archive = settings.archive_path
    # by a word that was spoken (Datasette's own FTS search)
    found = datasette_get(archive, "/archive/stories.json?_search=prudently&_shape=array")
    assert [row["id"] for row in found] == [austen]
    # but not by the name of a person in it: "Mr John Dashwood" is a name after a title, so redacted
    assert datasette_get(archive, "/archive/stories.json?_search=dashwood&_shape=array") == []
    # relevance-ranked canned query over segments
    moments = datasette_get(archive, "/archive/search_segments.json?q=leisure&_shape=array")
    assert moments and moments[0]["story_id"] == austen and moments[0]["start"] is not None
    # by its theme
    tagged = datasette_get(archive, "/archive/story_themes.json?theme_id=housing&_shape=array")
    assert [row["story_id"] for row in tagged] == [housing]
    by_array = datasette_get(archive, "/archive/stories.json?themes__arraycontains=housing&_shape=array")
    assert [row["id"] for row in by_array] == [housing]
    # the story without consent, and the contact details, are nowhere in the archive
    everything = archive.read_bytes()
    assert private.encode() not in everything and b"canary-e2e" not in everything
    assert b"more respectable" not in everything
    heard_in_private = [s.text for s in store.segments(private)]  # as this machine's Whisper wrote it
    assert heard_in_private and not [text for text in heard_in_private if text.encode() in everything]

    result = runner.invoke(cli, ["status", housing])
    assert "state:     published" in result.output and "housing" in result.output
