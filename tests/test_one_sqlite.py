"""One SQLite library in every process.

sqlite-utils and Datasette use pysqlite3 (a current SQLite) when it is installed. A second copy of
SQLite in the same process (the standard library's ``sqlite3``) does not see the first one's locks
on a file the process also has open, which is how SQLite databases get corrupted
(https://www.sqlite.org/howtocorrupt.html, "multiple copies of SQLite"). So the project and its tests
import ``sqlite3`` only as sqlite-utils does.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("stories", "collect", "transcribe", "analyse", "publish", "tests", "bench")
PLAIN = re.compile(r"^\s*(import sqlite3\b|from sqlite3\b)", re.MULTILINE)


def test_no_module_imports_the_standard_librarys_sqlite3_directly():
    offenders = [str(path.relative_to(ROOT)) for package in PACKAGES
                 for path in (ROOT / package).rglob("*.py") if PLAIN.search(path.read_text())]
    assert offenders == []


def test_the_store_and_the_archive_use_the_same_sqlite_as_sqlite_utils(store):
    from sqlite_utils.utils import sqlite3

    from publish import traces

    assert isinstance(store.db.conn, sqlite3.Connection)
    assert traces.sqlite3 is sqlite3
