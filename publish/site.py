"""The archive's own pages, as a Datasette plugin (entry point ``stories`` in pyproject).

Datasette keeps its tables, JSON and CSV; this adds the pages people read:
ranked search, story pages, theme pages, the map, the about page and exports.
Each page's handler lives in a ``web_*`` module; only this one knows the routes.
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from publish import urls
from publish.web_common import ARCHIVE


def _routes():
    # Imported here so that Datasette can load this module before the pages' dependencies.
    # One line per page; each web_* module owns its page's handlers.
    return [
    ]


@hookimpl
def register_routes():
    return _routes()


@hookimpl
def render_cell(value, column, table, database):
    """In Datasette's own tables, story and theme ids link to the archive's pages."""
    if database != ARCHIVE or not isinstance(value, str):
        return None
    if (table, column) in {("stories", "id"), ("segments", "story_id"), ("story_themes", "story_id"),
                           ("theme_evidence", "story_id")}:
        return Markup(f'<a href="{escape(urls.story_path(value))}">{escape(value)}</a>')
    return None


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    return ["/assets/archive.css"]
