"""The withdrawal code, carried from the upload to the next page, sealed in the session.

Flask's session cookie is signed, not encrypted: anyone holding the cookie (a
shared phone, a proxy's log) could read a code put in it plainly. The code is
encrypted with a key derived from the app's secret (Fernet: AES with an HMAC),
and stops opening after ten minutes.

After the page has shown it, the sealed code stays a short while for one reason
only: the teller may switch the page's language (``?lang=``) and must not lose
the code by doing so. Any other visit to the page (a reload, "Check again"), the
next story sent, or five minutes since sending, and it is gone. The time limits
are Fernet's own timestamp, so an old cookie sent again cannot stretch them.
"""

from __future__ import annotations

import base64
import hashlib
import time

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session

TTL_SECONDS = 600
#: How long after sending the code may be shown again in another language.
AGAIN_SECONDS = 300


def now() -> int:
    """The clock the time limits are read against (a test moves it on)."""
    return int(time.time())


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"stories-receipt:" + secret).digest()))


def hand_over(story_id: str, code: str) -> None:
    """Keep the code for the next page, sealed (a story sent before loses its code here)."""
    sealed = _fernet().encrypt_at_time(code.encode(), now()).decode()
    session["receipt"] = {"story_id": story_id, "sealed": sealed}


def take(story_id: str, switching_language: bool = False) -> str | None:
    """The code for this story: on its first showing, or again when the teller switches language
    soon after; None when there is none, it is too old, or it was shown and this is not a switch."""
    receipt = session.get("receipt")
    if not receipt or receipt.get("story_id") != story_id or "sealed" not in receipt:
        return None
    shown = receipt.get("shown", False)
    if shown and not switching_language:
        session.pop("receipt")
        return None
    try:
        code = _fernet().decrypt_at_time(receipt["sealed"].encode(), AGAIN_SECONDS if shown else TTL_SECONDS,
                                         now()).decode()
    except InvalidToken:
        session.pop("receipt")
        return None
    if not shown:
        session["receipt"] = {**receipt, "shown": True}
    return code
