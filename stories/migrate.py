"""Bringing a working store's schema up to date, with sqlite-utils' migrations (``stories.migrations``).

sqlite-utils applies the steps and records them in ``_sqlite_migrations``. Two things are left to us:
- Stores written before that kept their own record, ``_migrations`` (name, applied_at). It is moved
  into sqlite-utils' table first, in the same transaction, so no migration runs twice or is skipped.
- A web server and a worker start together. ``Migrations.apply`` reads what is pending before it
  writes, so both would run the same step and the second would fail. Here it runs inside one
  ``BEGIN IMMEDIATE``: the second waits for the write lock, then finds nothing pending.
"""

from __future__ import annotations

import sqlite_utils

from stories.errors import StoriesError
from stories.migrations import MIGRATIONS

LEGACY_RECORD = "_migrations"


class MigrationFailed(StoriesError):
    """A migration could not be applied; the store was left as it was."""


def migrate(db: sqlite_utils.Database, stop_before: str | None = None) -> list[str]:
    """Apply the pending migrations in order and return their names. Safe to run twice, and at once.

    All of them land in one transaction or none does, so a failed upgrade leaves the schema the code
    before it knew. ``stop_before`` names the first migration not to apply (tests of a data migration
    use it to build a store as it was). Raises ``MigrationFailed`` naming the step that failed.
    """
    if not db.table(LEGACY_RECORD).exists() and not MIGRATIONS.pending(db):
        return []  # every start of every process: nothing to do, so no write lock to wait for
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        _adopt_legacy_record(db)
        pending = [m.name for m in MIGRATIONS.pending(db)]
        try:
            MIGRATIONS.apply(db, stop_before=stop_before)
        except Exception as exc:
            raise MigrationFailed(_failure(db, exc)) from exc
        left = {m.name for m in MIGRATIONS.pending(db)}
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
    return [name for name in pending if name not in left]


def _adopt_legacy_record(db: sqlite_utils.Database) -> None:
    """Record, as sqlite-utils does, the migrations a store's own ``_migrations`` table says ran."""
    legacy = db.table(LEGACY_RECORD)
    if not legacy.exists():
        return
    MIGRATIONS.ensure_migrations_table(db)
    known = {m.name for m in MIGRATIONS.applied(db)}
    # rowid is the order they were applied in, which sqlite-utils keeps as its own order.
    rows = [{"migration_set": MIGRATIONS.name, "name": row["name"], "applied_at": row["applied_at"]}
            for row in legacy.rows_where(order_by="rowid") if row["name"] not in known]
    db.table(MIGRATIONS.migrations_table).insert_all(rows)
    # One record only: left behind, it would be a second answer to "what ran here?".
    legacy.drop()


def _failure(db: sqlite_utils.Database, exc: Exception) -> str:
    # The failed step's savepoint was rolled back and the steps before it are recorded in the open
    # transaction, so it is the first still pending.
    pending = MIGRATIONS.pending(db) if db.conn.in_transaction else []
    step = f"migration {pending[0].name}" if pending else "a migration"
    path = db.execute("pragma database_list").fetchone()[2] or "the working store"
    return (f"Could not upgrade {path}: {step} failed ({exc}). Nothing was changed; "
            "the store still has the schema it had before.")
