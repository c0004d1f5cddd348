"""Resumable uploads: the tus 1.0.0 protocol (core + creation, expiration, termination).

https://tus.io/protocols/resumable-upload. The browser side is tus-js-client
(collect/static/vendor). The PyPI servers for Flask were unusable here: flask-tus
and flask-tus-cont need Redis and predate Flask 3; tuswsgi reads each chunk and
the finished file into memory. So this follows the spec itself, in a small way:

- an upload is ``incoming/tus-<id>.part`` (the bytes) and ``tus-<id>.json``
  (length, name, expiry); the offset is the size of the part file on disk;
- ids are 192 random bits, the only key to an upload once it exists;
- only visitors of the form may create uploads: the form carries a signed token
  that the client sends as a header (the endpoints are exempt from form CSRF);
- when complete, the form is posted with ``recording_upload=<id>`` and
  :func:`claim` hands the file to the shared intake.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import json
import os
import secrets
import time
from email.utils import formatdate
from pathlib import Path

from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import ClientDisconnected

from collect.i18n import translated
from stories.errors import N_, BadUpload, StorageFull
from stories.media import NO_ROOM, NO_ROOM_MESSAGE, IncomingFile, temporary_prefix
from stories.settings import Settings

bp = Blueprint("tus", __name__, url_prefix="/uploads")

VERSION = "1.0.0"
EXTENSIONS = "creation,expiration,termination"
TOKEN_HEADER = "X-Upload-Token"
#: An abandoned upload is removed after this long; a teller may well resume the next morning.
EXPIRES_AFTER = 24 * 3600
BLOCK = 256 * 1024  # read the body in blocks: a chunk never sits whole in memory
CONTENT_TYPE = "application/offset+octet-stream"


def issue_token() -> str:
    """A signed token for the form page: it lets its visitor create uploads."""
    return _signer().dumps("upload")


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="stories-tus-upload")


def _reply(status: int, message: str = "", **headers: str) -> Response:
    response = Response(message + ("\n" if message else ""), status, mimetype="text/plain")
    response.headers.update({"Tus-Resumable": VERSION, "Cache-Control": "no-store", **headers})
    return response


def _paths(settings: Settings, upload_id: str) -> tuple[Path, Path]:
    base = settings.incoming_dir / f"tus-{upload_id}"
    return base.with_suffix(".part"), base.with_suffix(".json")


def _load(settings: Settings, upload_id: str) -> dict | None:
    """The upload's record, or None if it is unknown or has expired (then it is removed)."""
    if not upload_id.replace("-", "").replace("_", "").isalnum():
        return None  # never let an id reach the file system as a path
    part, meta = _paths(settings, upload_id)
    try:
        info = json.loads(meta.read_text())
    except (OSError, ValueError):
        return None
    if info["expires"] < time.time() or not part.exists():
        remove(settings, upload_id)
        return None
    return info


def remove(settings: Settings, upload_id: str) -> None:
    """Delete an upload's files (safe to call twice)."""
    for path in _paths(settings, upload_id):
        path.unlink(missing_ok=True)


def sweep(settings: Settings, now: float | None = None) -> int:
    """Remove expired uploads; returns how many. Run on each creation, so no cron is needed."""
    now = time.time() if now is None else now
    removed = 0
    for meta in settings.incoming_dir.glob("tus-*.json"):
        try:
            expired = json.loads(meta.read_text())["expires"] < now
        except (OSError, ValueError, KeyError):
            expired = meta.stat().st_mtime + EXPIRES_AFTER < now
        if expired:
            remove(settings, meta.name[4:-5])
            removed += 1
    return removed


def _metadata(header: str) -> dict[str, str]:
    """Parse ``Upload-Metadata``: comma-separated ``key base64value`` pairs."""
    result = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _, value = pair.partition(" ")
        try:
            result[key] = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ValueError(f"bad Upload-Metadata value for {key!r}") from exc
    return result


@bp.before_request
def _check_version():
    # OPTIONS is how a client learns the version, so it is the one request without the header.
    if request.method != "OPTIONS" and request.headers.get("Tus-Resumable") != VERSION:
        return _reply(412, "Only tus 1.0.0 is supported.", **{"Tus-Version": VERSION})
    return None


@bp.route("/", methods=["OPTIONS"], provide_automatic_options=False)
def options():
    """What this server supports."""
    return _reply(204, **{"Tus-Version": VERSION, "Tus-Extension": EXTENSIONS,
                          "Tus-Max-Size": str(current_app.config["STORIES"].max_upload_bytes)})


@bp.post("/")
def create():
    """Creation: a new, empty upload of ``Upload-Length`` bytes."""
    settings: Settings = current_app.config["STORIES"]
    try:
        _signer().loads(request.headers.get(TOKEN_HEADER, ""), max_age=EXPIRES_AFTER)
    except BadSignature:
        return _reply(403, gettext("Please open the upload form again: this page has expired."))
    length = _number(request.headers.get("Upload-Length", ""))
    if length is None:
        return _reply(400, "Upload-Length is required (deferred lengths are not supported).")
    if length > settings.max_upload_bytes:
        too_large = gettext("The file is too large. The limit is %(mb)s MB.", mb=settings.max_upload_mb)
        return _reply(413, too_large)
    try:
        metadata = _metadata(request.headers.get("Upload-Metadata", ""))
    except ValueError as exc:
        return _reply(400, str(exc))
    settings.incoming_dir.mkdir(parents=True, exist_ok=True)
    sweep(settings)
    upload_id = secrets.token_urlsafe(24)
    part, meta = _paths(settings, upload_id)
    part.touch(mode=0o600, exist_ok=False)
    info = {"length": length, "filename": metadata.get("filename", "")[-255:],
            "expires": time.time() + EXPIRES_AFTER}
    meta.write_text(json.dumps(info))
    return _reply(201, Location=url_for("tus.upload", upload_id=upload_id),
                  **{"Upload-Expires": formatdate(info["expires"], usegmt=True)})


def _number(header: str) -> int | None:
    """A byte count from a header: ASCII digits only, at most 15 (a petabyte); None otherwise."""
    if not header or len(header) > 15 or not all("0" <= c <= "9" for c in header):
        return None
    return int(header)


@bp.route("/<upload_id>", methods=["HEAD"])
def upload(upload_id: str):
    """How far an upload has got: the client resumes from ``Upload-Offset``."""
    settings: Settings = current_app.config["STORIES"]
    info = _load(settings, upload_id)
    if info is None:
        return _reply(404)
    part, _ = _paths(settings, upload_id)
    return _reply(200, **{"Upload-Offset": str(part.stat().st_size), "Upload-Length": str(info["length"]),
                          "Upload-Expires": formatdate(info["expires"], usegmt=True)})


@bp.route("/<upload_id>", methods=["PATCH"])
def patch(upload_id: str):
    """Append bytes at ``Upload-Offset``; whatever arrives before a dropped connection is kept."""
    settings: Settings = current_app.config["STORIES"]
    info = _load(settings, upload_id)
    if info is None:
        return _reply(404)
    if request.mimetype != CONTENT_TYPE:
        return _reply(415, f"Content-Type must be {CONTENT_TYPE}.")
    offset = _number(request.headers.get("Upload-Offset", ""))
    if offset is None:
        return _reply(400, "Upload-Offset is required, as a number of bytes.")
    part, _ = _paths(settings, upload_id)
    with part.open("r+b") as f:
        try:
            # One writer per upload: a retry may arrive while a dead connection is still being read.
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _reply(423, gettext("This upload is busy; try again shortly."))
        size = f.seek(0, os.SEEK_END)
        if offset != size:
            return _reply(409, f"Upload-Offset is {offset} but the upload has {size} bytes.",
                          **{"Upload-Offset": str(size)})
        try:
            size, overflow = _append(f, size, info["length"])
        except StorageFull as exc:
            return _reply(507, translated(exc), **{"Upload-Offset": str(f.seek(0, os.SEEK_END))})
    if overflow:
        return _reply(413, "More bytes were sent than Upload-Length announced.")
    return _reply(204, **{"Upload-Offset": str(size),
                          "Upload-Expires": formatdate(info["expires"], usegmt=True)})


def _append(f, size: int, length: int) -> tuple[int, bool]:
    """Stream the request body onto ``f``, never past ``length``; returns (new size, overflowed)."""
    stream = request.stream
    try:
        while block := stream.read(BLOCK):
            if size + len(block) > length:
                return size, True
            _write_whole(f.fileno(), block, size)
            size += len(block)
    except (ClientDisconnected, OSError):
        pass  # the spec asks servers to keep what arrived, so the client resumes from here
    finally:
        f.flush()
        os.fsync(f.fileno())
    return size, False


def _write_whole(fd: int, block: bytes, size: int) -> None:
    """Write a block unbuffered; on a full disk cut the file back to ``size`` and raise StorageFull.

    The offset a client resumes from then counts only whole blocks, and nothing sits in a
    buffer to fail again when the file is closed.
    """
    view = memoryview(block)
    try:
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        if exc.errno not in NO_ROOM:
            raise
        os.ftruncate(fd, size)
        raise StorageFull(NO_ROOM_MESSAGE) from exc


@bp.delete("/<upload_id>")
def terminate(upload_id: str):
    """Termination: the client abandons an upload."""
    settings: Settings = current_app.config["STORIES"]
    if _load(settings, upload_id) is None:
        return _reply(404)
    remove(settings, upload_id)
    return _reply(204)


def claim(settings: Settings, upload_id: str) -> tuple[IncomingFile, str]:
    """Take a finished upload for the intake: its file (hashed) and the name the browser gave.

    The part file is renamed first, so one upload can become one story only.
    """
    missing = BadUpload(N_("Your recording did not finish uploading. Please choose it again."))
    info = _load(settings, upload_id)
    if info is None:
        raise missing
    part, meta = _paths(settings, upload_id)
    if part.stat().st_size != info["length"]:
        raise missing
    # Named as IncomingFile names its files, so a server killed before the story is kept leaves no orphan.
    claimed = settings.incoming_dir / (temporary_prefix() + secrets.token_hex(8))
    try:
        os.rename(part, claimed)
    except FileNotFoundError:
        raise missing from None
    meta.unlink(missing_ok=True)
    return IncomingFile.adopt(claimed), info["filename"]
