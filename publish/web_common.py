"""What every archive page handler needs: the archive database, the site's metadata and settings,
and rendering with the site's frame.

Pages reach Datasette only through its documented API; the two calls whose form changes in
Datasette 1.0 (instance metadata, and where a plugin's settings come from) are made here alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from datasette.utils.asgi import Response

from publish import i18n, urls
from publish.traces import sqlite3

ARCHIVE = "archive"
#: The plugin's name (its entry point in pyproject.toml): its settings sit under it.
PLUGIN = "stories"
#: Where `stories` keeps the published recordings: beside archive.db (stories.settings).
PUBLISHED = "published"


async def query(datasette, fn: Callable[..., Any], *args, **kwargs) -> Any:
    """Run ``fn(conn, *args, **kwargs)`` on a read-only connection to the archive."""
    def call(conn: sqlite3.Connection):
        # Datasette's own views share these connections: leave them as they were found.
        previous, conn.row_factory = conn.row_factory, sqlite3.Row
        try:
            return fn(conn, *args, **kwargs)
        finally:
            conn.row_factory = previous

    return await datasette.get_database(ARCHIVE).execute_fn(call)


async def site_metadata(datasette, key: str) -> Any:
    """One value of the site's metadata (title, licence, source…), None where it is not set.

    Datasette 0.65 answers ``metadata(key)``; 1.0 moves it to ``await get_instance_metadata()``.
    """
    return datasette.metadata(key)


async def site_title(datasette) -> str:
    """The archive's name, as its metadata gives it."""
    return await site_metadata(datasette, "title") or "Stories"


def published_dir(datasette) -> Path:
    """The folder of published recordings: the plugin's ``published_dir`` setting, else the one
    `stories` keeps beside ``archive.db``."""
    configured = (datasette.plugin_config(PLUGIN) or {}).get("published_dir")
    return Path(configured) if configured else Path(datasette.get_database(ARCHIVE).path).parent / PUBLISHED


async def render(datasette, request, template: str, status: int = 200, **context) -> Response:
    """A page in the archive's frame, in the visitor's language: its title and licence come from
    Datasette's metadata."""
    locale = i18n.request_locale(request)
    context = {
        "archive_title": await site_title(datasette),
        "license": await site_metadata(datasette, "license"),
        "license_url": await site_metadata(datasette, "license_url"),
        "base_url": urls.public_base(request), "form_url": urls.form_base(), "request": request,
        "locale": locale, "language_links": i18n.language_links(request, locale), **context,
    }
    html = await datasette.render_template(template, context, request=request)
    response = Response.html(html, status=status)
    i18n.remember_choice(request, response)
    return response


async def not_found(datasette, request, message: str) -> Response:
    """A 404 page in the site's frame, saying what was not found (a message marked ``N_`` is translated)."""
    return await render(datasette, request, "archive_error.html", status=404,
                        message=i18n.gettext_for(request)(message))
