"""Security headers on every response of the form, status, withdrawal and moderation pages.

The pages load their scripts and styles from /static only (data for scripts rides in
``<script type="application/json">`` blocks, which a CSP does not run), so the policy
needs no 'unsafe-inline'. tests/collect/test_csp_browser.py loads each page in Chromium
and fails on any violation.
"""

from __future__ import annotations

from flask import Flask, Response, request

#: blob: for the recorder's playback of what was just recorded; data: for small inline images.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
#: The form records audio in the browser; nothing else needs a device or the location.
PERMISSIONS = "microphone=(self), camera=(self), geolocation=(), payment=(), usb=()"
#: Pages whose address holds a teller's private code: it must not leak in a Referer header.
PRIVATE_CODE_ENDPOINTS = {"status.mine", "withdraw.form"}

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS,
}


def init_app(app: Flask) -> None:
    """Add the headers to every response of ``app``."""
    app.after_request(add_headers)


def add_headers(response: Response) -> Response:
    """Set the headers a view has not set itself (a view may be stricter)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    private = request.endpoint in PRIVATE_CODE_ENDPOINTS
    response.headers.setdefault("Referrer-Policy", "no-referrer" if private else "same-origin")
    return response
