"""Moderator and admin accounts, with hashed passwords."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from stories.errors import StoriesError
from stories.store import Store, now

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
    store.db["users"].upsert({"name": name, "password_hash": generate_password_hash(password),
                              "role": role, "created_at": now()}, pk="name")


def authenticate(store: Store, name: str, password: str) -> dict | None:
    """The account if the password is right, else None (same answer for an unknown name)."""
    rows = list(store.db["users"].rows_where("name = ?", [name.strip().lower()]))
    # Hash anyway for unknown names, so timing does not tell which names exist.
    stored = rows[0]["password_hash"] if rows else generate_password_hash("not-a-user")
    if check_password_hash(stored, password) and rows:
        return {"name": rows[0]["name"], "role": rows[0]["role"]}
    return None
