"""What every archive page handler needs: the archive database, and rendering with the site's frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from datasette.utils.asgi import Response

from publish import urls
from publish.traces import sqlite3

ARCHIVE = "archive"


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


async def render(datasette, request, template: str, status: int = 200, **context) -> Response:
    """A page in the archive's frame: its title and licence come from Datasette's metadata."""
    context = {
        "archive_title": datasette.metadata("title") or "Stories",
        "license": datasette.metadata("license"), "license_url": datasette.metadata("license_url"),
        "base_url": urls.public_base(request), "request": request, **context,
    }
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def not_found(datasette, request, message: str) -> Response:
    """A 404 page in the site's frame, saying what was not found."""
    return await render(datasette, request, "archive_error.html", status=404, message=message)
