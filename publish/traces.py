"""Removing a story from ``archive.db`` leaves no trace of it in the file's bytes.

SQLite keeps deleted rows in place until the page is reused, and FTS5 keeps a
deleted document's tokens until its segments are merged; Datasette serves the
shadow tables (``segments_fts_data``) as JSON. So every archive connection
turns ``secure_delete`` on (deleted content and freed pages are zeroed, not
left to chance or to how the platform's SQLite was built), and each full-text
index is made with FTS5's own ``secure-delete`` option, which takes a deleted
document's tokens out of the index itself. Where SQLite is older than 3.42
(no ``secure-delete``), the index is merged after each removal instead.

``pysqlite3-binary`` (a dependency on Linux x86-64) brings a current SQLite to
sqlite-utils and Datasette alike; project code that opens the archive directly
uses ``sqlite3`` from here, the same module they use.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.utils import sqlite3  # pysqlite3 when installed, as sqlite-utils and Datasette use

__all__ = ["after_removal", "connect", "connect_readonly", "fts_secure_delete", "secure_delete_on",
           "secure_fts_supported", "sqlite3"]

#: SQLite's FTS5 gained the secure-delete option in 3.42.0.
SECURE_FTS = (3, 42, 0)


def secure_fts_supported() -> bool:
    """Whether this SQLite can take a document's tokens out of an FTS5 index on delete."""
    return tuple(int(p) for p in sqlite3.sqlite_version.split(".")) >= SECURE_FTS


def connect(path, secure: bool = True) -> sqlite_utils.Database:
    """Open the archive for writing: deletes overwrite what they delete.

    ``secure`` False only while rows are inserted into a new file, which frees no page; the build
    turns it on before the full-text index is built, whose merges do (publish.archive).
    """
    db = sqlite_utils.Database(path)
    db.execute("pragma busy_timeout = 10000")
    db.execute(f"pragma secure_delete = {'on' if secure else 'off'}")
    return db


def connect_readonly(path) -> sqlite3.Connection:
    """Open the archive read-only, as Datasette does, with rows as ``sqlite3.Row``."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def fts_secure_delete(db: sqlite_utils.Database, fts_table: str) -> bool:
    """Turn on FTS5's secure-delete for one index, where SQLite has it; returns whether it is on."""
    if not secure_fts_supported():
        return False
    db.execute(f"insert into [{fts_table}] ([{fts_table}], rank) values ('secure-delete', 1)")  # noqa: S608 - constant table name
    return True


def after_removal(db: sqlite_utils.Database, fts_tables: list[str]) -> None:
    """After rows left the indexes: merge them where secure-delete could not take the tokens out."""
    for table in fts_tables:
        if not secure_delete_on(db, table):
            db.execute(f"insert into [{table}] ([{table}]) values ('optimize')")  # noqa: S608 - constant table name


def secure_delete_on(db: sqlite_utils.Database, fts_table: str) -> bool:
    """Whether FTS5's secure-delete is on for this index."""
    row = db.execute(f"select v from [{fts_table}_config] where k = 'secure-delete'").fetchone()  # noqa: S608 - constant table name
    return bool(row and row[0])
