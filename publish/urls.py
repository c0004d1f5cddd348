"""The archive's public addresses: the one place permalinks are spelled.

A story's permalink is built from its id alone, and ids never change when the
archive is rebuilt, so a link in a citation keeps working.
"""

from __future__ import annotations

import os

#: Set by ``stories serve`` for the archive process (see ``Settings.archive_url``).
PUBLIC_URL_ENV = "STORIES_PUBLIC_URL"
#: The form's address, set by ``stories serve`` likewise (``Settings.form_url``).
FORM_URL_ENV = "STORIES_FORM_URL"


def story_path(story_id: str, start: float | None = None) -> str:
    """``/stories/ID``, with ``#t=SECONDS`` (whole seconds) to play from a moment."""
    return f"/stories/{story_id}" + (f"#t={int(start)}" if start is not None else "")


def theme_path(theme_id: str) -> str:
    return f"/themes/{theme_id}"


def public_base(request=None) -> str:
    """The archive's public base URL: the configured one, else the address this server listens on.

    Never the request's Host header: anyone can send any Host, and a permalink in a citation or an
    evidence pack would then point wherever they liked.
    """
    configured = os.environ.get(PUBLIC_URL_ENV, "").rstrip("/")
    if configured or request is None:
        return configured
    host, port = (request.scope.get("server") or ("127.0.0.1", None))[:2]
    host = f"[{host}]" if ":" in str(host) else host
    return f"{request.scheme}://{host}" + (f":{port}" if port else "")


def form_base() -> str:
    """The form's public base URL, for the header's links to share and withdraw a story; empty when
    this archive was not told it (served alone), so that no page links to a guess."""
    return os.environ.get(FORM_URL_ENV, "").rstrip("/")
