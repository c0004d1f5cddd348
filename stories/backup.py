"""Backups of the working store and its media, taken while the web server and worker run.

A backup is a folder::

    stories.db      the working store, copied with SQLite's online backup API
    media/          the recordings and photos (unless taken with ``media="none"``)
    manifest.json   format, when, the store's sha256 and story count, and every
                    file under media/ with its size and sha256; written last, so a
                    folder without it is an interrupted backup

The store is copied first and media listed after it: a story's file is kept
before its row is written, so every file the copied store names is already on
disk (unless a withdrawal removed it meanwhile, which the report says). The
public archive is not backed up: ``stories publish`` rebuilds it from the store.

Media kept in a bucket (``STORIES_MEDIA=s3://…``) are backed up the same way: each
object is downloaded into ``media/`` and hashed there, and a restore uploads the
missing ones back. With ``media="none"`` the objects are only listed, each with the
hash its name carries (names are the content's sha256).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils.utils import sqlite3

from stories.errors import StoriesError
from stories.media import IncomingFile
from stories.media_store import MediaStore, StoredFile, media_store
from stories.settings import Settings
from stories.store import connect, now

FORMAT = 1
MANIFEST = "manifest.json"
DB_NAME = "stories.db"
MEDIA_MODES = ("copy", "link", "none")


class BackupError(StoriesError):
    """A backup cannot be taken or restored as asked."""


@dataclass
class BackupReport:
    """What a backup holds, and the files its store names that were not there to copy."""

    path: Path
    stories: int
    media_files: int
    media_bytes: int
    missing: list[str] = field(default_factory=list)


@dataclass
class RestoreReport:
    """What was restored, and what the backup should have held but did not (or held damaged)."""

    stories: int
    media_restored: int
    media_present: int
    missing: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    set_aside: Path | None = None


def sha256_of(path: Path) -> str:
    """The file's sha256, read in blocks."""
    with Path(path).open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def backup(settings: Settings, target: Path, media: str = "copy") -> BackupReport:
    """Copy the working store (online) and its media into the new folder ``target``.

    ``media``: "copy" the files; "link" hard-links them where ``target`` is on the
    same file system (files are named by content and never changed in place, so a
    link is a true snapshot, though not a second copy of the bytes) and copies
    elsewhere; "none" lists them in the manifest only, for media kept on storage
    that is backed up on its own.
    """
    if media not in MEDIA_MODES:
        raise BackupError(f"media must be one of {', '.join(MEDIA_MODES)}, not {media!r}")
    if not settings.db_path.exists():
        raise BackupError(f"There is no working store to back up at {settings.db_path}")
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not an empty folder; choose a new one")
    target.mkdir(parents=True, exist_ok=True)
    db_copy = target / DB_NAME
    copy_database(settings.db_path, db_copy)
    named = _media_named(db_copy)
    files, kept = [], media_store(settings)
    for stored in kept.files():
        copy = target / "media" / stored.name
        if media != "none":
            with kept.fetch(stored.name) as path:  # a bucket's object comes through a temporary copy
                _place(path, copy, link=media == "link")
        files.append({"path": stored.name, "bytes": stored.size, "sha256": _hash(kept, stored, copy, media)})
    listed = {f["path"] for f in files}
    manifest = {"format": FORMAT, "created_at": now(), "source": str(settings.home),
                "db": {"file": DB_NAME, "bytes": db_copy.stat().st_size, "sha256": sha256_of(db_copy),
                       "stories": _count(db_copy)},
                "media_included": media != "none", "media": files}
    _write_atomically(target / MANIFEST, json.dumps(manifest, indent=1).encode())
    return BackupReport(target, manifest["db"]["stories"], len(files), sum(f["bytes"] for f in files),
                        sorted(named - listed))


def copy_into(source: Path, target: sqlite3.Connection) -> None:
    """Make the database behind ``target`` a page-for-page copy of the SQLite file ``source``.

    SQLite's online backup API, in one step: one read transaction on ``source`` (a
    snapshot that its writers are never blocked by; copying a few pages at a time would
    start over each time another connection writes, and might never finish) and one
    write transaction on ``target``, so a crash leaves ``target`` as it was. Where
    ``target`` is in WAL mode its readers are not blocked either: they see the old
    content until the copy commits and the new content from their next query on,
    without reopening. ``target`` must not be inside a transaction.
    """
    src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        src.backup(target)
    finally:
        src.close()


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file, as one self-contained file (see ``copy_into``)."""
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    dst = sqlite3.connect(partial)
    try:
        copy_into(source, dst)
        dst.execute("pragma journal_mode = delete")  # one self-contained file, no -wal beside it
        ok = dst.execute("pragma integrity_check").fetchone()[0]
    finally:
        dst.close()
    if ok != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"The copy of {source.name} failed its integrity check: {ok}")
    _fsync(partial)
    os.replace(partial, target)


def check(path: Path) -> dict:
    """Read a backup's manifest and check its store; raises BackupError if it cannot be restored."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{path} is not a complete backup: it has no {MANIFEST}") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path / MANIFEST} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup in format {manifest.get('format')!r}; "
                          f"this version reads format {FORMAT}")
    db_file = path / manifest["db"]["file"]
    if not db_file.is_file():
        raise BackupError(f"The backup's store {db_file} is missing")
    if sha256_of(db_file) != manifest["db"]["sha256"]:
        raise BackupError(f"The backup's store {db_file} is damaged: its sha256 differs from the manifest")
    return manifest


def restore(settings: Settings, path: Path, force: bool = False) -> RestoreReport:
    """Bring a backup back into ``settings.home``.

    Refuses to replace a working store that holds stories unless ``force``; the one
    replaced is then kept in ``replaced-<time>/``. Media files are checked against the
    manifest as they are copied; missing or damaged ones are reported, not fatal, so
    that the stories themselves always come back.
    """
    path = Path(path)
    manifest = check(path)
    set_aside = None
    if settings.db_path.exists() and _count(settings.db_path):
        if not force:
            raise BackupError(f"{settings.db_path} holds {_count(settings.db_path)} stories; "
                              "use --force to replace it (it is kept aside)")
        set_aside = settings.home / f"replaced-{now().replace(':', '')}"
        set_aside.mkdir(parents=True)
        copy_database(settings.db_path, set_aside / DB_NAME)
    settings.home.mkdir(parents=True, exist_ok=True)
    # Into the live file with the backup API: one transaction, so a crash leaves the old store,
    # and a process that still has it open sees the restored one instead of a deleted file.
    dst = connect(settings.db_path)
    try:
        copy_into(path / manifest["db"]["file"], dst.conn)
        dst.enable_wal()
    finally:
        dst.close()
    report = RestoreReport(_count(settings.db_path), 0, 0, set_aside=set_aside)
    kept = media_store(settings)
    # A bucket's objects are taken as present by name and size: the name is the content's sha256,
    # and the store checked the bytes when they were uploaded.
    in_bucket = {f.name: f.size for f in kept.files()} if settings.media_in_bucket else {}
    for entry in manifest["media"]:
        if in_bucket.get(entry["path"]) == entry["bytes"]:
            report.media_present += 1
        else:
            _restore_file(settings, path, entry, manifest["media_included"], report, set_aside, kept)
    return report


def _restore_file(settings: Settings, path: Path, entry: dict, included: bool, report: RestoreReport,
                  set_aside: Path | None, kept: MediaStore) -> None:
    live = kept.local_path(entry["path"])
    if live is not None and live.is_file() and live.stat().st_size == entry["bytes"] \
            and sha256_of(live) == entry["sha256"]:
        report.media_present += 1
        return
    source = path / "media" / entry["path"]
    if not included or not source.is_file():
        report.missing.append(entry["path"])
        return
    if source.stat().st_size != entry["bytes"] or sha256_of(source) != entry["sha256"]:
        report.damaged.append(entry["path"])
        return
    if live is None:  # into the bucket, replacing an object of the wrong size
        kept.delete(entry["path"])
        kept.put(IncomingFile.copy_of(source, settings.incoming_dir), Path(entry["path"]).suffix[1:])
        report.media_restored += 1
        return
    if live.exists() and set_aside is not None:
        (set_aside / "media" / entry["path"]).parent.mkdir(parents=True, exist_ok=True)
        os.replace(live, set_aside / "media" / entry["path"])
    _place(source, live, link=False)
    report.media_restored += 1


def _hash(kept: MediaStore, stored: StoredFile, copy: Path, media: str) -> str:
    """The sha256 of the copy taken, of the file in the media folder, or (a bucket's object, not
    copied) the one its name carries."""
    if media != "none":
        return sha256_of(copy)
    live = kept.local_path(stored.name)
    return sha256_of(live) if live is not None else Path(stored.name).stem


def _place(source: Path, target: Path, link: bool) -> None:
    """Copy (or hard-link) a file so that ``target`` only ever appears complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if link:
        try:
            os.link(source, target)
            return
        except OSError:
            pass  # another file system (EXDEV) or no links there: copy instead
    partial = target.with_name(f".{target.name}.part")
    shutil.copyfile(source, partial)
    _fsync(partial)
    os.replace(partial, target)


def _write_atomically(target: Path, data: bytes) -> None:
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(data)
    _fsync(partial)
    os.replace(partial, target)


def _fsync(path: Path) -> None:
    with Path(path).open("rb") as f:
        os.fsync(f.fileno())


def _count(db_path: Path) -> int:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("select count(*) from stories").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # a store not yet initialised has no stories table
    finally:
        conn.close()


def _media_named(db_path: Path) -> set[str]:
    """Media paths the (copied) store's stories name."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        columns = {row[1] for row in conn.execute("pragma table_info(stories)")}
        named = set()
        for column in ("media_path", "photo_path"):
            if column in columns:
                named |= {r[0] for r in conn.execute(f"select {column} from stories where {column} <> ''")}  # noqa: S608 - column from a fixed tuple
        return named
    finally:
        conn.close()
