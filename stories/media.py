"""Uploaded files on disk: streamed into the data folder, named by content hash.

A file is written to ``incoming/`` while it is hashed, then moved into
``media/`` under its sha256 only once it has been accepted, so a rejected or
interrupted upload leaves nothing behind. A server killed mid-upload cannot
clean up, so each temporary file carries its process id, and
:func:`sweep_incoming` removes those whose process is gone.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from stories.errors import N_, StorageFull

CHUNK = 1024 * 1024
#: Write errors that mean "no room", not "broken": a full disk, a quota, a file size limit.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
NO_ROOM_MESSAGE = N_("The server has run out of space; please try again later.")
TEMPORARY = re.compile(r"^upload-(\d+)-")
#: In a container a restarted server often gets its predecessor's pid: its files are older than this.
_STARTED = time.time()


def temporary_prefix() -> str:
    """The name every temporary file in incoming/ starts with: this process's id, which
    :func:`sweep_incoming` reads to tell an abandoned file (its process gone) from one in use."""
    return f"upload-{os.getpid()}-"


class IncomingFile:
    """A temporary file in the data folder that hashes what is written to it."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self._file = tempfile.NamedTemporaryFile(dir=directory, prefix=temporary_prefix(),
                                                 delete=False)
        self.path = Path(self._file.name)
        self._sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        """Append upload bytes; a full disk raises StorageFull, and the partial file is removed."""
        with self._no_room_is_storage_full():
            written = self._file.write(data)
        self._sha256.update(data)
        self.size += len(data)
        return written

    def _no_room_is_storage_full(self):
        return _NoRoom(self)

    def __getattr__(self, name):
        # Werkzeug seeks and reads the stream after writing it.
        return getattr(self._file, name)

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()

    def finish(self) -> None:
        """Flush to disk before the file is probed or moved."""
        if not self._file.closed:
            with self._no_room_is_storage_full():
                self._file.flush()
                os.fsync(self._file.fileno())
                self._file.close()

    def discard(self) -> None:
        """Remove the temporary file (safe to call twice)."""
        if not self._file.closed:
            self._file.close()
        self.path.unlink(missing_ok=True)

    @classmethod
    def adopt(cls, path: Path) -> IncomingFile:
        """Take over a file already in the incoming folder (a finished resumable upload).

        It is hashed in one streaming pass; nothing is copied, and ``discard``
        or ``keep`` then removes or moves it as for any upload.
        """
        incoming = cls.__new__(cls)
        incoming.path = Path(path)
        incoming._sha256 = hashlib.sha256()
        incoming.size = 0
        incoming._file = incoming.path.open("rb")
        try:
            while chunk := incoming._file.read(CHUNK):
                incoming._sha256.update(chunk)
                incoming.size += len(chunk)
        finally:
            incoming._file.close()  # closed: finish() has nothing left to flush
        return incoming

    @classmethod
    def copy_of(cls, source: Path, directory: Path) -> IncomingFile:
        """Stream an existing file in, as a web upload would arrive."""
        incoming = cls(directory)
        try:
            with Path(source).open("rb") as f:
                while chunk := f.read(CHUNK):
                    incoming.write(chunk)
            incoming.finish()
        except BaseException:
            incoming.discard()
            raise
        return incoming


class _NoRoom:
    """Turns a write that found no room into StorageFull, removing the partial file to give the room back."""

    def __init__(self, incoming: IncomingFile):
        self.incoming = incoming

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, traceback) -> bool:
        if isinstance(exc, OSError) and exc.errno in NO_ROOM:
            try:
                self.incoming.discard()
            except OSError:
                pass  # closing flushes again, into the same full disk; the unlink is what matters
            self.incoming.path.unlink(missing_ok=True)
            raise StorageFull(NO_ROOM_MESSAGE) from exc
        return False


def sweep_incoming(directory: Path) -> list[Path]:
    """Remove upload files left by processes that no longer run (a server killed mid-upload).

    Only ``upload-<pid>-…`` files are touched: resumable uploads (``tus-…``) are kept,
    since their tellers may resume them.
    """
    removed = []
    for path in Path(directory).glob("upload-*") if Path(directory).exists() else []:
        match = TEMPORARY.match(path.name)
        try:
            stale = match is not None and not _running(int(match[1]), path)
        except FileNotFoundError:
            continue  # finished meanwhile
        if stale:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int, path: Path) -> bool:
    if pid == os.getpid():
        return path.stat().st_mtime >= _STARTED
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def stored_name(sha256: str, extension: str) -> str:
    """The name a kept file has in any media store, and in the working store: ``ab/<sha256>.<ext>``."""
    return f"{sha256[:2]}/{sha256}.{extension}"


def keep(incoming: IncomingFile, media_dir: Path, extension: str) -> tuple[str, bool]:
    """Move an accepted upload to ``media/ab/<sha256>.<ext>``.

    Returns the path relative to ``media_dir`` and whether the file is new
    (the same recording uploaded twice is stored once).
    """
    incoming.finish()
    relative = stored_name(incoming.sha256, extension)
    target = media_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        incoming.discard()
        return relative, False
    try:
        os.replace(incoming.path, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        _copy_across(incoming, target)  # STORIES_MEDIA is another file system (a shared mount)
    return relative, True


def _copy_across(incoming: IncomingFile, target: Path) -> None:
    """Copy beside the target, then rename: other machines never see half a recording."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        shutil.copyfile(incoming.path, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    incoming.discard()
