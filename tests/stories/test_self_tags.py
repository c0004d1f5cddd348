import json

import pytest
from conftest import csrf_token

from stories.report import agreement
from wiring import tasks
from wiring.cli import cli

pytestmark = pytest.mark.slow  # the real spaCy model tags the stories


def test_form_offers_the_codebooks_service_areas_and_stores_the_tellers_view(client, settings, store):
    tasks.sync_themes(settings, store)
    page = client.get("/").get_data(as_text=True)
    assert 'value="housing"' in page and 'value="employment"' in page and 'name="feeling"' in page
    response = client.post("/", data={"title": "Flat", "text": "The landlord put the rent up again.",
                                      "self_tag": ["housing", "health"], "feeling": "2",
                                      "csrf_token": csrf_token(client)})
    assert response.status_code == 303
    story_id = store.all()[0]["id"]
    assert {t["theme_id"] for t in store.rows("self_tags", story_id)} == {"housing", "health"}
    assert store.get(story_id)["feeling"] == 2
    tasks.advance(settings, story_id)
    assert agreement(store, story_id) == {"both": ["housing"], "teller_only": ["health"], "machine_only": []}
    bad = client.post("/", data={"title": "x", "text": "y", "self_tag": "astrology",
                                 "csrf_token": csrf_token(client)})
    assert bad.status_code == 400 and "Unknown theme" in bad.get_data(as_text=True)


def test_cli_self_tags_and_the_record(runner, settings, store, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("I lost my job at the warehouse and the jobcentre made me wait six weeks.")
    story_id = runner.invoke(cli, ["add", str(path), "--self-tag", "employment", "--self-tag", "income",
                                   "--feeling", "1", "--consent", "publish"]).stdout.strip()
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    shown = runner.invoke(cli, ["status", story_id]).output
    assert "teller's themes: agreed employment; teller only income" in shown and "felt:      1 of 5" in shown
    assert runner.invoke(cli, ["approve", story_id]).exit_code == 0
    import sqlite_utils

    row = sqlite_utils.Database(settings.archive_path)["stories"].get(story_id)
    assert json.loads(row["self_tags"]) == ["employment", "income"] and row["feeling"] == 1
    refused = runner.invoke(cli, ["add", str(path), "--feeling", "9"])
    assert refused.exit_code == 2
