"""Accounts, table ``users``: ``Store.users`` is one of these on the store's connection.

Names, roles and password rules are ``stories.users``; this keeps the rows.
"""

from __future__ import annotations

import sqlite_utils

from stories.clock import now


class Users:
    """Writes the account rows."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def save(self, name: str, password_hash: str, role: str, session_token: str) -> None:
        """Create the account, or replace its password, role and session token."""
        self.db["users"].upsert({"name": name, "password_hash": password_hash, "role": role,
                                 "created_at": now(), "session_token": session_token}, pk="name")

    def remove(self, name: str) -> None:
        """Delete the account."""
        self.db["users"].delete(name)
