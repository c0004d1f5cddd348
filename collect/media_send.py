"""Sending a kept recording or photo to a moderator, wherever the media store keeps it.

From the media folder, Flask's ``send_file`` (with Range, so the player can seek). From a bucket,
streamed through this app, one byte range at a time: the page's Content-Security-Policy allows
media from this origin only, and a moderator's session, not a link anyone could reuse, opens it.
"""

from __future__ import annotations

from flask import Response, abort, current_app, request, send_file

from stories.media_store import MediaUnavailable, media_store


def send_media(name: str) -> Response:
    """The file ``name`` from the media store, answering a single Range as ``send_file`` does."""
    media = media_store(current_app.config["STORIES"])
    path = media.local_path(name)
    if path is not None:
        return send_file(path, conditional=True)
    # Werkzeug parses the header (and drops a malformed one): only a well-formed single range goes on.
    wanted = request.range
    byte_range = wanted.to_header() if wanted is not None and len(wanted.ranges) == 1 else None
    try:
        reading = media.read(name, byte_range)
    except FileNotFoundError:
        abort(404, description="This file is no longer kept.")
    except MediaUnavailable:
        abort(503, description="The media store cannot be reached just now; try again in a minute.")
    headers = {"Accept-Ranges": "bytes", "Content-Length": str(reading.length)}
    if reading.content_range:
        headers["Content-Range"] = reading.content_range
    return Response(reading.chunks, status=reading.status, mimetype=reading.mimetype, headers=headers,
                    direct_passthrough=True)
