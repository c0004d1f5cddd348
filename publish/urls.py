"""The archive's public addresses: the one place permalinks are spelled.

A story's permalink is built from its id alone, and ids never change when the
archive is rebuilt, so a link in a citation keeps working.
"""

from __future__ import annotations

import os

#: Set by ``stories serve`` for the archive process (see ``Settings.archive_url``).
PUBLIC_URL_ENV = "STORIES_PUBLIC_URL"


def story_path(story_id: str, start: float | None = None) -> str:
    """``/stories/ID``, with ``#t=SECONDS`` (whole seconds) to play from a moment."""
    return f"/stories/{story_id}" + (f"#t={int(start)}" if start is not None else "")


def theme_path(theme_id: str) -> str:
    return f"/themes/{theme_id}"


def public_base(request=None) -> str:
    """The archive's public base URL: the configured one, else the address the request came to."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").rstrip("/")
    if configured or request is None:
        return configured
    return f"{request.scheme}://{request.host}"
