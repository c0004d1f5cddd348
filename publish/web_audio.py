"""Published recordings with HTTP range requests, so players can seek (Safari will not play without).

Datasette's ``--static`` mount sends whole files only; this route answers
``Range: bytes=...`` with 206 Partial Content from the same folder.
"""

from __future__ import annotations

import re

import aiofiles
from datasette.utils.asgi import Response, asgi_send_file

from publish.web_common import published_dir

#: The most one open-ended range request gets: players ask again for the rest.
MAX_CHUNK = 2 * 1024 * 1024
# At most 15 digits a side: a petabyte, and far below where parsing a number costs anything.
_RANGE = re.compile(r"bytes=(\d{0,15})-(\d{0,15})$")


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single ``bytes=`` range, clamped to the file; None if unsatisfiable."""
    match = _RANGE.match(header.strip())
    if not match or not any(match.groups()) or size == 0:
        return None
    first, last = match.groups()
    if not first:  # the final N bytes; the final 0 bytes are no bytes at all
        if int(last) == 0:
            return None
        start = max(0, size - int(last))
        return start, size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else min(size - 1, start + MAX_CHUNK - 1)
    return (start, end) if start <= end else None


async def audio_file(request, datasette, send):
    """``/audio/NAME.m4a`` from the published folder, whole or by range."""
    path = published_dir(datasette) / request.url_vars["name"]
    if not path.is_file():
        return Response.text("No such recording: it may have been withdrawn.\n", status=404)
    size = path.stat().st_size
    headers = {"accept-ranges": "bytes", "cache-control": "no-cache"}
    header = request.headers.get("range")
    if not header:
        await asgi_send_file(send, path, content_type="audio/mp4", headers=headers)
        return None
    wanted = byte_range(header, size)
    if wanted is None:
        return Response("", status=416, headers={**headers, "content-range": f"bytes */{size}"})
    start, end = wanted
    async with aiofiles.open(path, "rb") as handle:
        await handle.seek(start)
        body = await handle.read(end - start + 1)
    return Response(body, status=206, content_type="audio/mp4",
                    headers={**headers, "content-range": f"bytes {start}-{end}/{size}"})
