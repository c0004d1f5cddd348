"""The about page and the archive's metadata: what readers need to trust the evidence."""

import json

import sqlite_utils
from datasette_client import datasette_get
from published import build, publish_story

from publish import METADATA
from stories import tasks


def test_about_page_explains_consent_redaction_and_shows_the_codebook(store, settings):
    tasks.sync_themes(settings, store)
    publish_story(store, "One", [(0.0, 2.0, "Housing was hard.")], tags=[("housing", 0, "housing")])
    build(store, settings)
    html = datasette_get(settings, "/about").text
    for words in ("<h2 id=\"consent\">Consent</h2>", "withdraw", "silenced", "<h2 id=\"codebook\">",
                  "CoSIE co-creation</strong>, version <strong>2026.11.2</strong>",
                  '<a href="/themes/housing">Housing</a>'):
        assert words in html, words
    assert "<strong>1</strong> story" in html and "social housing" in html  # a phrase of the theme


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


def test_datasette_home_points_to_the_search_and_about_pages(store, settings):
    build(store, settings)
    html = datasette_get(settings, "/").text
    assert 'href="/search"' in html and 'href="/about"' in html
