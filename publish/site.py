"""The archive's own pages, as a Datasette plugin (entry point ``stories`` in pyproject).

Datasette keeps its tables, JSON and CSV; this adds the pages people read:
ranked search, story pages, theme pages, the map, the about page and exports.
Each page's handler lives in a ``web_*`` module; only this one knows the routes.
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from publish import urls
from publish.headers import asgi_wrapper  # noqa: F401  (a hook: Datasette registers it from here)
from publish.jinja_filters import add_filters  # noqa: F401  (hooks too)
from publish.not_found import not_found_page, quiet_tracebacks  # noqa: F401
from publish.web_common import ARCHIVE


def _routes():
    # Imported here so that Datasette can load this module before the pages' dependencies.
    # One line per page; each web_* module owns its page's handlers.
    from publish import web_about, web_audio, web_exports, web_home, web_map, web_search, web_story, web_theme
    from publish.web_assets import design_css

    story = r"^/stories/(?P<story_id>[A-Za-z0-9_-]+)"
    return [
        (r"^/$", web_home.front_page),
        (r"^/search$", web_search.search_page),
        (r"^/about$", web_about.about_page),
        (r"^/audio/(?P<name>[A-Za-z0-9_-]+\.m4a)$", web_audio.audio_file),
        (story + "$", web_story.story_page),
        (story + r"\.(?P<fmt>vtt|srt|txt|bib|csl\.json)$", web_story.story_file),
        (story + "/cite$", web_story.moment_citations),
        (r"^/themes$", web_about.themes_page),
        (r"^/themes/(?P<theme_id>[^/]+)$", web_theme.theme_page),
        (r"^/themes/(?P<theme_id>[^/]+)/pack$", web_theme.pack_page),
        (r"^/themes/(?P<theme_id>[^/]+)/pack\.pdf$", web_theme.pack_pdf),
        (r"^/map$", web_map.map_page),
        (r"^/exports/stories\.qdpx$", web_exports.qdpx_download),
        (r"^/assets/design\.css$", design_css),
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
    return ["/assets/design.css", "/assets/archive.css"]
