"""One writer: only the store's own modules (stories/store/) write ``stories.db``.

Everything else reaches the working store through a ``Store``, and may read its connection
(``store.db``) but not write through it: a write there would skip the compare-and-set on the
story's state, the event in the same transaction, or the outbox. The scan below reads the code
of the core, the wiring and the stages, and allows ``.db`` only as the start of a read.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
SCANNED = ("stories", "wiring", "collect", "transcribe", "analyse", "publish")
STORE = ROOT / "stories" / "store"
#: A restore replaces the whole file through SQLite's backup API: it opens a connection of its own.
OWN_CONNECTION = {ROOT / "stories" / "backup.py"}
#: What may follow ``store.db[table]``: reads of the table.
TABLE_READS = {"rows_where", "count_where", "get", "rows", "count", "exists", "columns_dict", "pks"}
#: What may follow ``store.db``: SQL that reads, and reading the schema.
DB_READS = {"execute", "query", "table_names"}
SELECT = re.compile(r"\s*select\b", re.IGNORECASE)


def _sql_text(node: ast.expr) -> str | None:
    """The leading text of a literal SQL string or f-string, None if it is not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return node.values[0].value
    return None


def _is_read(db: ast.Attribute, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether this use of ``<something>.db`` only reads."""
    use = parents[db]
    if isinstance(use, ast.Subscript) and use.value is db:
        method = parents[use]
        return isinstance(method, ast.Attribute) and method.attr in TABLE_READS
    if not (isinstance(use, ast.Attribute) and use.value is db and use.attr in DB_READS):
        return False  # passed on, aliased, its connection taken, or a write method called on it
    if use.attr == "table_names":
        return True
    call = parents[use]
    if not (isinstance(call, ast.Call) and call.func is use and call.args):
        return False
    sql = _sql_text(call.args[0])
    return sql is not None and bool(SELECT.match(sql))


def writes_outside_the_store(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line`` of each use of a ``.db`` attribute that is not a read, and of each own connection."""
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    where = path.relative_to(root)
    found = [f"{where}:{node.lineno}: {ast.unparse(parents.get(node, node))[:80]}"
             for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "db" and not _is_read(node, parents)]
    if path not in OWN_CONNECTION:
        found += [f"{where}:{node.lineno}: opens its own connection to the store"
                  for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stories.store")
                  and "connect" in {alias.name for alias in node.names}]
    return found


def scanned_modules() -> list[Path]:
    return sorted(path for package in SCANNED for path in (ROOT / package).rglob("*.py")
                  if STORE not in path.parents)


def test_only_the_store_writes_the_working_store():
    found = [hit for path in scanned_modules() for hit in writes_outside_the_store(path)]
    assert not found, "write stories.db through the store's API (stories/store/):\n" + "\n".join(found)


@pytest.mark.parametrize("code", [
    'store.db["tags"].update(key, {"status": "accepted"})',
    'store.db.execute("update stories set state = ? where id = ?", ["approved", story_id])',
    "store.db.execute(sql)",
    'table = store.db["campaigns"]',
    "outbox.done(store.db, item)",
    "store.db.conn.cursor()",
    'g.store.db["users"].delete(name)',
    "from stories.store import connect",
])
def test_the_scan_finds_a_write(tmp_path, code):
    module = tmp_path / "sneaky.py"
    module.write_text(code + "\n")
    assert writes_outside_the_store(module, tmp_path)


@pytest.mark.parametrize("code", [
    'store.db["tags"].rows_where("story_id = ?", [story_id])',
    'store.db["themes"].count_where("id = ?", [theme_id])',
    'store.db.execute("select id from stories")',
    'store.db.query(f"select id from stories where state in ({marks})", states)',
])
def test_the_scan_lets_reads_be(tmp_path, code):
    module = tmp_path / "reader.py"
    module.write_text(code + "\n")
    assert not writes_outside_the_store(module, tmp_path)


#: What the store is built on; every other module of the core uses the store, so the store imports
#: none of them (no cycle, as there was when Store inherited its lease methods from stories.leases).
STORE_FOUNDATIONS = {"stories.clock", "stories.errors", "stories.model", "stories.states", "stories.migrate",
                     "stories.migrations"}


def test_the_store_imports_only_what_it_is_built_on():
    for path in STORE.glob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        imported = {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stories")}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names if alias.name.startswith("stories")}
        others = {m for m in imported if m not in STORE_FOUNDATIONS and not m.startswith("stories.store")}
        assert not others, f"{path.name} imports {others}"
