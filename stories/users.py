"""Reporter, moderator and admin accounts, with hashed passwords and revocable sessions."""

from __future__ import annotations

import functools
import hmac
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from stories.errors import StoriesError
from stories.store import Store

#: Reporters record stories for tellers (interviews); moderators review; admins do both and more.
ROLES = ("reporter", "moderator", "admin")
MODERATORS = ("moderator", "admin")
MIN_PASSWORD = 10


class UserError(StoriesError):
    """A bad account name, role or password."""


def add_user(store: Store, name: str, password: str, role: str) -> None:
    """Create an account, or replace its password and role."""
    name = name.strip().lower()
    if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise UserError("A user name may use letters, digits, '-', '_' and '.'.")
    if role not in ROLES:
        raise UserError(f"Role must be one of {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password must be at least {MIN_PASSWORD} characters.")
    # A new token with every change: sessions signed in before it end (see ``session_user``).
    store.users.save(name, generate_password_hash(password), role, secrets.token_urlsafe(24))


def remove_user(store: Store, name: str) -> None:
    """Delete an account; its sessions end with it."""
    name = name.strip().lower()
    if not store.db["users"].count_where("name = ?", [name]):
        raise UserError(f"There is no account named {name!r}.")
    store.users.remove(name)


@functools.cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(store: Store, name: str, password: str) -> dict | None:
    """The session's account (name and token) if the password is right, else None.

    An unknown name costs one hash check against a decoy, exactly as a known one does, so the
    time taken does not tell which names exist.
    """
    rows = list(store.db["users"].rows_where("name = ?", [name.strip().lower()]))
    stored = rows[0]["password_hash"] if rows else _decoy_hash()
    if check_password_hash(stored, password) and rows:
        return {"name": rows[0]["name"], "token": rows[0]["session_token"] or ""}
    return None


def session_user(store: Store, signed_in: dict | None) -> dict | None:
    """The account a session belongs to, read now from the store: name and role, or None.

    None when the account was removed, or its password or role changed since the session began.
    """
    if not signed_in or not signed_in.get("name"):
        return None
    rows = list(store.db["users"].rows_where("name = ?", [signed_in["name"]]))
    if not rows or not hmac.compare_digest(rows[0]["session_token"] or "", signed_in.get("token") or ""):
        return None
    return {"name": rows[0]["name"], "role": rows[0]["role"]}
