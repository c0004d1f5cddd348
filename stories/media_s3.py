"""Media as objects in an S3-compatible store (``STORIES_MEDIA=s3://bucket/prefix``), through boto3.

The same names as the media folder (``<prefix>/ab/<sha256>.<ext>``), so putting a file twice stores
it once. Readers get a temporary copy in the data folder's ``incoming/``, removed when they are done;
remote workers get a presigned link instead, which needs no credentials on their machine. Every
failure to reach the store is ``MediaUnavailable``: a clear 503 to a teller, never a traceback.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import boto3
from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from stories.media import IncomingFile, stored_name
from stories.media_store import PRESIGNED_SECONDS, UNAVAILABLE, MediaUnavailable, StoredFile, download_to

log = logging.getLogger(__name__)
#: boto3's standard environment: a client is made once per process for each set of these.
ENVIRONMENT = ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_REGION",
               "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE")
MISSING = {"404", "NoSuchKey", "NotFound"}
CHUNK = 256 * 1024


@dataclass
class Reading:
    """Part or all of an object, for a response to stream: status 200, 206 or 416."""

    status: int
    length: int = 0
    content_range: str | None = None
    mimetype: str = "application/octet-stream"
    chunks: Iterator[bytes] = field(default_factory=lambda: iter(()))


class S3Media:
    """A bucket (and a prefix in it) as the media store."""

    def __init__(self, url: str, incoming_dir: Path):
        parts = urlsplit(url)
        self.bucket, prefix = parts.netloc, parts.path.strip("/")
        self.prefix = f"{prefix}/" if prefix else ""
        self.incoming_dir = Path(incoming_dir)
        self.client = _client(tuple(os.environ.get(name) for name in ENVIRONMENT))

    def key(self, name: str) -> str:
        return self.prefix + name

    def put(self, incoming: IncomingFile, extension: str) -> tuple[str, bool]:
        """Upload an accepted file under its content hash (once: the same bytes are kept once)."""
        incoming.finish()
        name = stored_name(incoming.sha256, extension)
        with _reachable("keep", name):
            if self._exists(name):
                incoming.discard()
                return name, False
            # upload_file sends a large recording in parts, and the object appears only when whole.
            self.client.upload_file(str(incoming.path), self.bucket, self.key(name))
        incoming.discard()
        return name, True

    @contextmanager
    def fetch(self, name: str) -> Iterator[Path]:
        """The object in a temporary file in ``incoming/``, removed when the context ends."""
        path = download_to(self.incoming_dir, Path(name).suffix)
        try:
            with _reachable("fetch", name):
                self.client.download_file(self.bucket, self.key(name), str(path))
            yield path
        finally:
            path.unlink(missing_ok=True)

    def delete(self, name: str) -> None:
        """Delete the object, and every older version of it where the bucket keeps versions."""
        key = self.key(name)
        with _reachable("delete", name):
            self.client.delete_object(Bucket=self.bucket, Key=key)
            # In a versioned bucket that only adds a delete marker over the bytes: a withdrawn
            # recording must be gone, so each version (and the marker) is deleted too.
            try:
                pages = self.client.get_paginator("list_object_versions").paginate(Bucket=self.bucket,
                                                                                   Prefix=key)
                for page in pages:
                    for version in page.get("Versions", []) + page.get("DeleteMarkers", []):
                        if version["Key"] == key:
                            self.client.delete_object(Bucket=self.bucket, Key=key,
                                                      VersionId=version["VersionId"])
            except ClientError as exc:
                if _code(exc) != "NotImplemented":  # a store without versions has nothing more to delete
                    raise

    def link(self, name: str, seconds: int = PRESIGNED_SECONDS) -> str | None:
        """A presigned GET for the object, good for ``seconds``: the holder needs no credentials."""
        with _reachable("presign", name):
            return self.client.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": self.key(name)}, ExpiresIn=seconds)

    def local_path(self, name: str) -> Path | None:
        return None

    def files(self) -> Iterator[StoredFile]:
        """Every object under the prefix."""
        with _reachable("list", self.prefix or "/"):
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                              Prefix=self.prefix):
                for item in page.get("Contents", []):
                    yield StoredFile(item["Key"][len(self.prefix):], item["Size"],
                                     item["LastModified"].timestamp())

    def read(self, name: str, byte_range: str | None = None) -> Reading:
        """The object, or the one byte range asked for (``bytes=0-99``), to stream to a moderator."""
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with _reachable("read", name):
            try:
                got = self.client.get_object(Bucket=self.bucket, Key=self.key(name),
                                             **({"Range": byte_range} if byte_range else {}))
            except ClientError as exc:
                if _code(exc) == "InvalidRange":
                    return Reading(416, mimetype=mimetype)
                raise
        return Reading(206 if got.get("ContentRange") else 200, got["ContentLength"], got.get("ContentRange"),
                       mimetype, _stream(got["Body"]))

    def _exists(self, name: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(name))
        except ClientError as exc:
            if _code(exc) in MISSING:
                return False
            raise
        return True


def _stream(body) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


@contextmanager
def _reachable(action: str, name: str) -> Iterator[None]:
    """Turns boto3's errors into MediaUnavailable (the cause kept for the log), a missing object into
    FileNotFoundError, as a missing file in the media folder would be."""
    try:
        yield
    except ClientError as exc:
        if _code(exc) in MISSING:
            raise FileNotFoundError(f"{name} is not in the media store") from exc
        log.error("Media store: could not %s %s: %s", action, name, exc)
        raise MediaUnavailable(UNAVAILABLE) from exc
    except (BotoCoreError, Boto3Error) as exc:  # not reached, no credentials, an upload that failed
        log.error("Media store: could not %s %s: %s", action, name, exc)
        raise MediaUnavailable(UNAVAILABLE) from exc


@lru_cache(maxsize=8)
def _client(environment: tuple[str | None, ...]):
    """One client per process and configuration (clients are thread-safe; making one costs time).

    SigV4 for presigned links (any S3-compatible store takes it); standard retries, so a store that
    is down answers within seconds, not after the legacy mode's long back-off.
    """
    config = Config(signature_version="s3v4", retries={"mode": "standard"}, connect_timeout=10,
                    read_timeout=60)
    return boto3.session.Session().client("s3", config=config)
