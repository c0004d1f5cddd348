"""``stories verify``: the archive holds exactly what the rules allow, down to its bytes.

For every story in ``archive.db``: it exists, a moderator approved it, its teller
consented to publication, and it is not withdrawn. For every story the rules do
not allow: its id is nowhere in the archive's files (tables, full-text shadow
tables, write-ahead log, free pages) or among the published recordings and
cached exports, and, where the working store still has its text, none of its
passages either. Then the mechanisms that make that hold are checked: deletes
are secure in every full-text index, and every free page is zeroed, in the
archive as a reader sees it (its newest pages may still sit in archive.db-wal).

A withdrawn story's text is deleted from the working store, so its text cannot
be looked for: its id, the secure deletes and the zeroed pages stand for it.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from publish import traces
from publish.archive import archived_ids
from publish.rules import publishable
from publish.schema import FTS_TABLES
from stories.backup import copy_into
from stories.store import ID_ALPHABET, Store

#: Words in a row that make a passage worth looking for, and how many passages per segment.
PASSAGE_WORDS = 6
PASSAGES_PER_SEGMENT = 3
CHUNK = 16 * 1024 * 1024
_ID = re.compile(rb"(?<![a-z0-9])[" + re.escape(ID_ALPHABET.encode()) + rb"]{10}(?![a-z0-9])")


@dataclass
class Verdict:
    """What verify found: ``ok`` only when there are no breaches."""

    breaches: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.breaches

    def summary(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.checked.items())
        if self.ok:
            return f"archive verified: {counts}"
        return f"{len(self.breaches)} breaches ({counts}):\n" + "\n".join(f"- {b}" for b in self.breaches)


def verify_archive(store: Store, archive_path: Path, published_dir: Path) -> Verdict:
    """Check the archive against the working store and the rules; never changes either."""
    verdict = Verdict()
    archive_path = Path(archive_path)
    allowed = {s["id"] for s in publishable(store)}
    everyone = {r["id"]: r["state"] for r in store.db.query("select id, state from stories")}
    barred = set(everyone) - allowed
    archived = _archived(archive_path, verdict)
    for story_id in sorted(archived - allowed):
        reason = f"is {everyone[story_id]}" if story_id in everyone else "is not in the working store"
        verdict.breaches.append(f"story {story_id} is in the archive but {reason}, or lacks consent")
    files = [p for p in archive_path.parent.glob(archive_path.name + "*") if p.is_file()]
    needles = _passages(store, barred)
    finder = _finder(needles)
    for path in files:
        ids, seen = _scan(path, finder, max((len(p.encode()) for p in needles), default=0))
        for story_id in sorted(ids & barred):
            verdict.breaches.append(f"{path.name} holds the id of story {story_id} ({everyone[story_id]})")
        for passage in sorted(seen):
            if not _said_by_a_published_story(archive_path, passage):
                verdict.breaches.append(f"{path.name} holds words of story {needles[passage]}: “{passage}”")
    verdict.breaches += _published_files(published_dir, allowed)
    verdict.breaches += _exports(archive_path.parent / "exports", barred)
    if archive_path.exists():
        verdict.breaches += _mechanisms(archive_path)
    verdict.checked = {"stories in the archive": len(archived), "stories kept out": len(barred),
                       "passages looked for": len(needles), "files read": len(files)}
    return verdict


def _archived(archive_path: Path, verdict: Verdict) -> set[str]:
    try:
        return archived_ids(archive_path)
    except traces.sqlite3.DatabaseError as exc:
        verdict.breaches.append(f"{archive_path.name} cannot be read: {exc}")
        return set()


def _passages(store: Store, barred: set[str]) -> dict[str, str]:
    """Passages of the barred stories the store still has text for: {passage: story id}."""
    needles: dict[str, str] = {}
    for story_id in barred:
        for segment in store.rows("segments", story_id):
            words = (segment["text"] or "").split()
            runs = [" ".join(words[i:i + PASSAGE_WORDS]) for i in range(0, len(words) - PASSAGE_WORDS + 1,
                                                                       PASSAGE_WORDS)]
            for run in runs[:PASSAGES_PER_SEGMENT]:
                if len(run) >= 24:
                    needles.setdefault(run, story_id)
    return needles


def _finder(needles: dict[str, str]):
    """One Aho-Corasick automaton for every passage (None when there are none)."""
    if not needles:
        return None
    automaton = ahocorasick.Automaton()
    for passage in needles:
        # Bytes are read as latin-1, so each needle is its UTF-8 bytes spelt the same way.
        automaton.add_word(passage.encode().decode("latin-1"), passage)
    automaton.make_automaton()
    return automaton


def _scan(path: Path, finder, longest: int) -> tuple[set[str], set[str]]:
    """In one read of the file: the story ids in its bytes, and the passages ``finder`` knows."""
    ids: set[str] = set()
    seen: set[str] = set()
    for chunk in _chunks(path, overlap=max(16, longest)):
        ids.update(m.decode() for m in _ID.findall(chunk))
        if finder is not None:
            seen.update(passage for _end, passage in finder.iter(chunk.decode("latin-1")))
    return ids, seen


def _said_by_a_published_story(archive_path: Path, passage: str) -> bool:
    """The same words in a story that may be public (the same recording sent twice) are no breach."""
    conn = traces.connect_readonly(archive_path)
    try:
        return any(conn.execute(f"select 1 from {table} where instr(text, ?) limit 1", [passage]).fetchone()  # noqa: S608 - constant table names
                   for table in ("segments", "stories"))
    finally:
        conn.close()


def _published_files(published_dir: Path, allowed: set[str]) -> list[str]:
    breaches = []
    for path in sorted(published_dir.iterdir()) if published_dir.exists() else []:
        owner = path.name.split("-", 1)[0]
        if owner not in allowed:
            breaches.append(f"published file {path.name} belongs to no story the archive may hold")
    return breaches


def _exports(folder: Path, barred: set[str]) -> list[str]:
    breaches = []
    for path in sorted(folder.glob("*")) if folder.exists() else []:
        try:
            with zipfile.ZipFile(path) as bundle:
                contents = [bundle.read(name) for name in bundle.namelist()]
        except (zipfile.BadZipFile, OSError):
            contents = [path.read_bytes()]
        for story_id in sorted({m.decode() for data in contents for m in _ID.findall(data)} & barred):
            breaches.append(f"cached export {path.name} holds story {story_id}")
    return breaches


def _mechanisms(archive_path: Path) -> list[str]:
    """Deletes are secure in every full-text index, and no free page keeps old content."""
    breaches = []
    db = traces.connect(archive_path)
    try:
        for fts in FTS_TABLES:
            if not db[fts].exists():
                continue
            if traces.secure_fts_supported() and not traces.secure_delete_on(db, fts):
                breaches.append(f"{fts} keeps deleted stories' words: its secure-delete is off")
            try:
                db.execute(f"insert into [{fts}] ([{fts}]) values ('integrity-check')")  # noqa: S608 - constant table name
            except traces.sqlite3.DatabaseError as exc:
                breaches.append(f"{fts} does not match its table: {exc}")
    finally:
        db.close()
    with _as_read(archive_path) as pages:
        dirty = _dirty_free_pages(pages)
    if dirty:
        breaches.append(f"{len(dirty)} free pages of {archive_path.name} still hold old content: {dirty[:5]}")
    return breaches


@contextmanager
def _as_read(archive_path: Path) -> Iterator[Path]:
    """A file holding every page as a reader sees it now.

    The archive itself when its write-ahead log is empty (publish checkpoints after each
    change); else a snapshot copied page for page, since the file's own header and free-page
    list may be older than the ones waiting in archive.db-wal.
    """
    wal = archive_path.with_name(archive_path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        yield archive_path
        return
    with tempfile.TemporaryDirectory(prefix="stories-verify-") as folder:
        snapshot = Path(folder) / archive_path.name
        conn = traces.sqlite3.connect(snapshot)
        try:
            copy_into(archive_path, conn)
        finally:
            conn.close()
        yield snapshot


def _dirty_free_pages(path: Path) -> list[int]:
    """Free pages that hold anything but zeros, by page number.

    A trunk page lists free leaf pages; past its count it may keep page numbers it listed before
    (SQLite takes leaves off the end), but never content.
    """
    with path.open("rb") as f:
        header = f.read(100)
        if len(header) < 100:
            return []
        size = int.from_bytes(header[16:18], "big")
        size = 65536 if size == 1 else size
        pages = int.from_bytes(header[28:32], "big")
        trunk, dirty = int.from_bytes(header[32:36], "big"), []
        visited = 0
        while trunk and visited < 1_000_000:
            page = _page(f, trunk, size)
            count = int.from_bytes(page[4:8], "big")
            leaves = [int.from_bytes(page[8 + 4 * i:12 + 4 * i], "big") for i in range(count)]
            rest = page[8 + 4 * count:]
            if any(int.from_bytes(rest[i:i + 4], "big") > pages for i in range(0, len(rest) - 3, 4)):
                dirty.append(trunk)
            dirty += [leaf for leaf in leaves if any(_page(f, leaf, size))]
            trunk, visited = int.from_bytes(page[:4], "big"), visited + 1
        return dirty


def _page(f, number: int, size: int) -> bytes:
    f.seek((number - 1) * size)
    return f.read(size)


def _chunks(path: Path, overlap: int) -> Iterable[bytes]:
    """The file in pieces, each starting ``overlap`` bytes before the last one ended."""
    with path.open("rb") as f:
        tail = b""
        while block := f.read(CHUNK):
            yield tail + block
            tail = block[-overlap:] if overlap else b""
