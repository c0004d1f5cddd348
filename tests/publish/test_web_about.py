"""The about page and the archive's metadata: what readers need to trust the evidence."""

import json

import sqlite_utils
from datasette_client import datasette_get
from published import build, publish_story

from publish import METADATA
from wiring import tasks


def test_about_page_explains_consent_redaction_and_shows_the_codebook(store, settings):
    tasks.sync_themes(settings, store)
    publish_story(store, "One", [(0.0, 2.0, "Housing was hard.")], tags=[("housing", 0, "housing")])
    build(store, settings)
    html = datasette_get(settings, "/about").text
    for words in ("<h2 id=\"consent\">Consent</h2>", "withdraw", "silenced", "<h2 id=\"codebook\">",
                  "CoSIE co-creation</strong>, version <strong>2026.12.1</strong>",
                  '<a href="/themes/housing">Housing</a>'):
        assert words in html, words
    assert "<strong>1</strong> story" in html and "social housing" in html  # a phrase of the theme
    themes = datasette_get(settings, "/themes").text
    assert '<tr><td><a href="/themes/housing">Housing</a></td><td>1</td><td>1</td>' in themes
    assert '<h2 id="g-service-area">Service area</h2>' in themes


def test_every_archive_table_and_column_is_described(store, settings):
    publish_story(store, "One", [(0.0, 2.0, "Housing was hard.")])
    build(store, settings)
    described = json.loads(METADATA.read_text())["databases"]["archive"]["tables"]
    db = sqlite_utils.Database(settings.archive_path)
    for table in db.table_names():
        if table.startswith("sqlite_") or "_fts" in table:
            continue
        assert described.get(table, {}).get("description"), table
        missing = set(db[table].columns_dict) - set(described[table]["columns"])
        assert not missing, (table, missing)


def test_front_page_and_datasette_row_pages_lead_to_the_archive_pages(store, settings):
    tasks.sync_themes(settings, store)
    story_id = publish_story(store, "Keys at last", [(0.0, 2.0, "Housing came through.")],
                             tags=[("housing", 0, "housing")])
    build(store, settings)
    html = datasette_get(settings, "/").text
    assert 'action="/search"' in html and 'href="/about"' in html
    assert f'<a href="/stories/{story_id}">Keys at last</a>' in html
    assert '<a href="/themes/housing">Housing (1)</a>' in html
    row = datasette_get(settings, f"/archive/stories/{story_id}").text
    assert f'<a href="/stories/{story_id}">Read, listen to and cite this story' in row
    theme_row = datasette_get(settings, "/archive/themes/housing").text
    assert '<a href="/themes/housing">See this theme' in theme_row
    assert datasette_get(settings, "/archive/stories.json").status_code == 200  # Datasette's own stays


def test_a_mistyped_address_gets_the_archive_page_and_no_traceback(store, settings, capfd):
    build(store, settings)
    page = datasette_get(settings, "/nowhere/at-all", status=404)
    assert "Search the archive" in page.text
    assert datasette_get(settings, "/archive/no_such_table.json", status=404).json()["ok"] is False
    logged = capfd.readouterr()
    assert "Traceback" not in logged.out + logged.err


def test_archive_pages_have_the_projects_icon(store, settings):
    build(store, settings)
    assert '<link rel="icon" href="/assets/favicon.svg"' in datasette_get(settings, "/about").text
    assert datasette_get(settings, "/assets/favicon.svg").text.startswith("<svg")
