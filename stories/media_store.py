"""Where accepted recordings and photos are kept: a folder (the default) or an S3-compatible bucket.

``STORIES_MEDIA`` empty or a path: a folder, as ``stories.media.keep`` fills it. ``s3://bucket/prefix``:
objects in any S3-compatible store, through boto3 and its standard environment (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL``, ``AWS_DEFAULT_REGION``).
Both keep a file under the same content-hash name (``ab/<sha256>.<ext>``), which is all the working
store records, so nothing else knows where media live: :func:`media_store` picks one from the
settings, and everything else uses their few methods.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from stories.errors import N_, BadUpload
from stories.media import IncomingFile, keep, temporary_prefix
from stories.settings import Settings
from stories.store import Store

log = logging.getLogger(__name__)
#: How long a presigned link works. It cannot be checked against a worker's lease when it is used
#: (the coordinator's own links are), so it is short: a worker fetches the recording at once.
PRESIGNED_SECONDS = 120
UNAVAILABLE = N_("Our storage cannot be reached just now, so your story was not saved. "
                 "Please try again in a few minutes.")


class MediaUnavailable(BadUpload):
    """The object store could not be reached, or refused: nothing was kept, and it is worth trying later."""

    status = 503  # the server's fault, for a while
    field = None  # about no field of the form


@dataclass(frozen=True)
class StoredFile:
    """One kept file: its name in the store, its size and when it was written (epoch seconds)."""

    name: str
    size: int
    modified: float


class MediaStore(Protocol):
    """What every media store does; a name is ``ab/<sha256>.<ext>``."""

    def put(self, incoming: IncomingFile, extension: str) -> tuple[str, bool]:
        """Keep an accepted upload under its content-hash name; returns (name, whether it is new)."""

    def fetch(self, name: str) -> AbstractContextManager[Path]:
        """A local file with the content, for as long as the context lasts."""

    def delete(self, name: str) -> None:
        """Remove the file (missing is fine)."""

    def link(self, name: str, seconds: int = PRESIGNED_SECONDS) -> str | None:
        """A URL a worker elsewhere can fetch the file from without credentials, or None."""

    def local_path(self, name: str) -> Path | None:
        """The file on this machine's disk, where it is kept on one."""

    def files(self) -> Iterator[StoredFile]:
        """Every kept file."""


class LocalMedia:
    """A folder: ``$STORIES_HOME/media`` by default."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def put(self, incoming: IncomingFile, extension: str) -> tuple[str, bool]:
        return keep(incoming, self.folder, extension)

    @contextmanager
    def fetch(self, name: str) -> Iterator[Path]:
        yield self.folder / name

    def delete(self, name: str) -> None:
        (self.folder / name).unlink(missing_ok=True)

    def link(self, name: str, seconds: int = PRESIGNED_SECONDS) -> str | None:
        return None  # the coordinator serves the file itself (collect.api)

    def local_path(self, name: str) -> Path | None:
        return self.folder / name

    def files(self) -> Iterator[StoredFile]:
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()) if self.folder.exists() else []:
            stat = path.stat()
            yield StoredFile(path.relative_to(self.folder).as_posix(), stat.st_size, stat.st_mtime)


def media_store(settings: Settings) -> MediaStore:
    """The media store the settings name: a bucket for an ``s3://`` URL, else the media folder."""
    if settings.media.startswith("s3://"):
        from stories.media_s3 import S3Media  # boto3 is imported only where it is used

        return S3Media(settings.media, settings.incoming_dir)
    return LocalMedia(settings.media_dir)


def as_media(media: Path | MediaStore) -> MediaStore:
    """A media store from either a store or a media folder's path (as tests and benches pass)."""
    return LocalMedia(media) if isinstance(media, str | os.PathLike) else media


def download_to(directory: Path, suffix: str) -> Path:
    """An empty file in ``directory`` to download into, named as uploads are (``upload-<pid>-…``), so
    ``stories.media.sweep_incoming`` removes it if this process dies before it does."""
    directory.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=directory, prefix=temporary_prefix(), suffix=suffix)
    os.close(handle)
    return Path(name)


def queue_deletions(store: Store, story: dict) -> list[str]:
    """Inside the withdrawal's transaction, after the story stopped naming its files: queue each file
    no other story names (the same bytes sent twice are kept once). Returns the names queued."""
    queued = []
    for column in ("media_path", "photo_path"):
        name = story.get(column)
        if name and not store.db["stories"].count_where(f"{column} = ?", [name]):
            store.media_deletions.queue(name)
            queued.append(name)
    return queued


def purge(store: Store, media: Path | MediaStore, only: list[str] | None = None) -> list[str]:
    """Delete the files waiting in ``media_deletions`` (``only``: just these); returns those still waiting.

    A file a story names again (the same recording sent anew) is kept and forgotten here. One that
    cannot be deleted now (the store is down) stays queued: the syncer calls this every minute.
    """
    media = as_media(media)
    waiting = []
    for name in store.media_deletions.pending(only):
        try:
            if not _named(store, name):
                media.delete(name)
        except MediaUnavailable as exc:
            log.error("Could not delete %s from the media store yet (kept queued): %s", name, exc.__cause__)
            store.media_deletions.failed(name, str(exc.__cause__ or exc))
            waiting.append(name)
            continue
        store.media_deletions.done(name)
    return waiting


def _named(store: Store, name: str) -> bool:
    return bool(store.db["stories"].count_where("media_path = ? or photo_path = ?", [name, name]))

