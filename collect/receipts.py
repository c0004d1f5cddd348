"""The withdrawal code, carried from the upload to the next page once, sealed in the session.

Flask's session cookie is signed, not encrypted: anyone holding the cookie (a
shared phone, a proxy's log) could read a code put in it plainly. The code is
encrypted with a key derived from the app's secret (Fernet: AES with an HMAC),
and stops opening after ten minutes.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session

TTL_SECONDS = 600


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"stories-receipt:" + secret).digest()))


def hand_over(story_id: str, code: str) -> None:
    """Keep the code for the next page, sealed."""
    session["receipt"] = {"story_id": story_id, "sealed": _fernet().encrypt(code.encode()).decode()}


def take(story_id: str) -> str | None:
    """The code for this story, once; None when there is none (or it is too old)."""
    receipt = session.pop("receipt", None)
    if not receipt or receipt.get("story_id") != story_id or "sealed" not in receipt:
        return None
    try:
        return _fernet().decrypt(receipt["sealed"].encode(), ttl=TTL_SECONDS).decode()
    except InvalidToken:
        return None
