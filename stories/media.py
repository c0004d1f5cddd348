"""Uploaded files on disk: streamed into the data folder, named by content hash.

A file is written to ``incoming/`` while it is hashed, then moved into
``media/`` under its sha256 only once it has been accepted, so a rejected or
interrupted upload leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

CHUNK = 1024 * 1024


class IncomingFile:
    """A temporary file in the data folder that hashes what is written to it."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self._file = tempfile.NamedTemporaryFile(dir=directory, prefix="upload-", delete=False)
        self.path = Path(self._file.name)
        self._sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._sha256.update(data)
        self.size += len(data)
        return self._file.write(data)

    def __getattr__(self, name):
        # Werkzeug seeks and reads the stream after writing it.
        return getattr(self._file, name)

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()

    def finish(self) -> None:
        """Flush to disk before the file is probed or moved."""
        if not self._file.closed:
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


def keep(incoming: IncomingFile, media_dir: Path, extension: str) -> tuple[str, bool]:
    """Move an accepted upload to ``media/ab/<sha256>.<ext>``.

    Returns the path relative to ``media_dir`` and whether the file is new
    (the same recording uploaded twice is stored once).
    """
    incoming.finish()
    relative = f"{incoming.sha256[:2]}/{incoming.sha256}.{extension}"
    target = media_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        incoming.discard()
        return relative, False
    os.replace(incoming.path, target)
    return relative, True
