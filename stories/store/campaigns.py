"""Campaigns, table ``campaigns``: ``Store.campaigns`` is one of these on the store's connection.

What a campaign is, and what makes one valid, is ``stories.campaigns``; this keeps the rows.
"""

from __future__ import annotations

import sqlite_utils

from stories.clock import now
from stories.store.connection import transaction


class Campaigns:
    """Writes the campaign rows."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def save(self, row: dict, actor: str) -> None:
        """Open a campaign, or update the one with this slug (who opened it, and when, stay)."""
        table = self.db["campaigns"]
        with transaction(self.db):
            if table.count_where("slug = ?", [row["slug"]]):
                table.update(row["slug"], row)
            else:
                table.insert({**row, "created_by": actor, "created_at": now(), "closed_at": None})

    def close(self, slug: str) -> None:
        """Take no more stories under this campaign."""
        self.db["campaigns"].update(slug, {"closed_at": now()})
