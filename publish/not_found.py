"""Quiet 404s: a mistyped address is the visitor's, not a fault of the archive.

Datasette's default handler prints a full traceback, with locals, through ``rich``'s
console for every exception, a 404 included. The archive answers a 404 with its own
page and keeps that console quiet; a 5xx still logs its traceback (Datasette prints
those with ``traceback.print_exc``, not through rich).
"""

from __future__ import annotations

from datasette import NotFound, Response, hookimpl

from publish.i18n import N_
from publish.web_common import not_found


@hookimpl(specname="startup")
def quiet_tracebacks(datasette):
    """Silence rich's global console, which Datasette uses only for those tracebacks."""
    try:
        import rich
    except ImportError:
        return
    rich.reconfigure(quiet=True)


#: Datasette's own not-found messages, so the archive's page can say them in the visitor's language.
DATASETTE_MESSAGES = (N_("Database not found"), N_("Table not found"), N_("Record not found"))


@hookimpl(specname="handle_exception")
def not_found_page(datasette, request, exception):
    """The archive's own not-found page (or JSON) instead of Datasette's."""
    if not isinstance(exception, NotFound):
        return None
    message = str(exception.args[0]) if exception.args else N_("Not found")

    async def answer() -> Response:
        if request.path.endswith(".json"):
            return Response.json({"ok": False, "error": message, "status": 404}, status=404)
        return await not_found(datasette, request, message)  # translated where the catalogue knows it

    return answer
