"""Security headers on every archive response, as an ASGI wrapper around Datasette.

Two policies:

- the archive's own pages (front page, search, stories, themes, map, about, audio, exports)
  load scripts and styles from /assets only, so they get a strict CSP without 'unsafe-inline';
  the evidence pack (``/themes/ID/pack``) is a standalone page with one ``<style>`` block,
  allowed by its hash, and no script at all;
- Datasette's own pages (``/archive``, table and row pages, ``/-/…``) use inline scripts
  and styles (its templates write ``<script>`` blocks and ``style=""`` attributes), so they
  get a CSP that allows inline script and style from this origin but nothing from elsewhere.

All responses get ``nosniff``, a Referrer-Policy and ``frame-ancestors 'none'``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from datasette import hookimpl

#: Paths the project's own handlers (publish/site.py) and assets serve.
OWN_PAGES = re.compile(r"^/(?:$|search$|about$|map$|themes(?:/|$)|stories/|audio/|exports/|assets/)")
PACK = re.compile(r"^/themes/[^/]+/pack$")
COMMON = ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]


def _pack_style_hash() -> str:
    """The sha256 source of the evidence pack's one ``<style>`` block (the template has no tags in it)."""
    template = (Path(__file__).parent / "templates" / "pack.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", template, re.S).group(1)
    return "'sha256-" + base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode() + "'"


STRICT = "; ".join(["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                    "media-src 'self'", "connect-src 'self'", *COMMON])
PACK_CSP = "; ".join(["default-src 'none'", f"style-src {_pack_style_hash()}", "img-src 'self' data:",
                      *COMMON])
DATASETTE = "; ".join(["default-src 'self'", "script-src 'self' 'unsafe-inline'",
                       "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'",
                       *COMMON])
ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
          (b"x-frame-options", b"DENY")]


def policy_for(path: str) -> str:
    """The Content-Security-Policy for a request path."""
    if PACK.match(path):
        return PACK_CSP
    return STRICT if OWN_PAGES.match(path) else DATASETTE


ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]


def with_headers(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so each HTTP response carries the headers it has not set itself."""
    async def wrapped(scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        extra = [(b"content-security-policy", policy_for(scope["path"]).encode()), *ALWAYS]

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {bytes(name).lower() for name, _ in headers}
                headers += [[name, value] for name, value in extra if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


@hookimpl
def asgi_wrapper(datasette):
    """Datasette's hook: every response of the archive goes through :func:`with_headers`."""
    return with_headers
