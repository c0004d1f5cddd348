"""Datasette follows a rebuilt ``archive.db``.

``stories publish`` renames a new file over the archive (publish/swap.py). Datasette
keeps one connection per worker thread for as long as it runs, and a connection
holds on to the file it opened, so it would go on serving the old archive. Before
each request this checks whether the path now names another file; if so, the SQL
threads are replaced by fresh ones, whose connections open the new file, and the
old connections are closed once the queries already running on them are done.
Requests keep being answered throughout: by the old archive, then by the new one.

An ``--immutable`` database is left alone: that is a copy served as it is.
"""

from __future__ import annotations

import os
import threading
from concurrent import futures

ATTRIBUTE = "_stories_file_identity"


def _identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _watched(datasette):
    return [db for db in datasette.databases.values() if db.is_mutable and not db.is_memory and db.path]


def remember(datasette) -> None:
    """Note which file each database path names now (at startup)."""
    for db in _watched(datasette):
        setattr(db, ATTRIBUTE, _identity(db.path))


def follow_replaced_files(datasette) -> bool:
    """Reopen databases whose file was replaced since they were opened; returns whether any was."""
    replaced = []
    for db in _watched(datasette):
        now = _identity(db.path)
        if now is not None and now != getattr(db, ATTRIBUTE, now):
            replaced.append(db)
        setattr(db, ATTRIBUTE, now)
    if not replaced:
        return False
    stale = []
    for db in replaced:
        # The write connection (Datasette's own writes; the archive has none) is left as it is.
        if db._write_thread is None:
            stale += db._all_file_connections
            db._all_file_connections = []
        db._read_connection = None  # the single connection of num_sql_threads=0
    old = datasette.executor
    if old is not None:
        datasette.executor = futures.ThreadPoolExecutor(max_workers=datasette.setting("num_sql_threads"))
    threading.Thread(target=_close_after, args=(old, stale), daemon=True).start()
    return True


def _close_after(executor, connections) -> None:
    if executor is not None:
        executor.shutdown(wait=True)  # queries already running finish on the old file
    for conn in connections:
        conn.close()  # and the old file's space is freed


def asgi_wrapper(datasette):
    """The hook: check before each HTTP request (one stat per database)."""
    def wrap(app):
        async def follow(scope, receive, send):
            if scope["type"] == "http":
                follow_replaced_files(datasette)
            await app(scope, receive, send)
        return follow
    return wrap
