"""The REFI-QDA project of the archive as a download, built once per version of the archive.

Building it reads every story, so it is made on the first request after the
archive changes and kept beside ``archive.db`` (in ``exports/``) until the
next change; requests in between get the same file.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from datasette.utils.asgi import Response, asgi_send_file

from publish import urls
from publish.qdpx import write_qdpx
from publish.web_common import ARCHIVE

_building = asyncio.Lock()


def cached_name(archive: Path, base_url: str) -> str:
    """A file name that changes whenever the archive (or the permalinks' base) does."""
    stat = archive.stat()
    key = f"{archive.resolve()}|{stat.st_mtime_ns}|{stat.st_size}|{base_url}".encode()
    return f"stories-{hashlib.sha256(key).hexdigest()[:16]}.qdpx"


async def qdpx_download(request, datasette, send):
    """``/exports/stories.qdpx``: stories whose tellers agreed to research use, coded with their themes."""
    archive = Path(datasette.get_database(ARCHIVE).path)
    base = urls.public_base(request)
    folder = archive.parent / "exports"
    target = folder / cached_name(archive, base)
    async with _building:
        if not target.exists():
            folder.mkdir(exist_ok=True)
            try:
                await asyncio.to_thread(write_qdpx, archive, target, base)
            except OSError as exc:
                return Response.text(f"Could not build the export: {exc}\n", status=503)
            for old in folder.glob("stories-*.qdpx"):
                if old != target:
                    old.unlink(missing_ok=True)
    await asgi_send_file(send, target, filename="stories.qdpx", content_type="application/zip")
    return None
