"""The web server killed mid-upload: no half-stored story, a failure the client can retry, resumable resumes.

The server is the production one (waitress, started as `stories serve` starts it), killed with
SIGKILL so that nothing of it gets to clean up.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time

import httpx
from sqlite_utils.utils import sqlite3
from web_server import WebServer, store_health, web_server

MB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}
BOUNDARY = "----stories-crash-test"


def form_upload(server: WebServer, size: int, name: str = "interview.wav") -> tuple[socket.socket, bytes]:
    """Open a raw connection and send a form upload's headers and fields; returns it and the file's end.

    The caller sends the file's ``size`` bytes, then the returned closing boundary.
    """
    client, token = server.form_session()
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    client.close()
    fields = "".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                     for k, v in {"csrf_token": token, "title": "Cut off", "consent_publish": "yes"}.items())
    head = (fields + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="recording"; '
            f'filename="{name}"\r\nContent-Type: audio/wav\r\n\r\n').encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    sock.sendall((f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nCookie: {cookie}\r\n"
                  f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                  f"Content-Length: {len(head) + size + len(tail)}\r\n\r\n").encode() + head)
    return sock, tail


def failure_seen(sock: socket.socket, more: bytes) -> str:
    """What the client sees once the server is gone: an error or a closed connection, never a response."""
    try:
        for _ in range(64):
            sock.sendall(more)
        answer = sock.recv(1024)
    except OSError as exc:  # BrokenPipe or ConnectionReset: the upload failed and may be retried
        return type(exc).__name__
    finally:
        sock.close()
    assert answer == b"", f"the server answered after it was killed: {answer[:200]!r}"
    return "closed"


def leftovers(settings) -> list[str]:
    return sorted(p.name for p in settings.incoming_dir.glob("upload-*")) if settings.incoming_dir.exists() \
        else []


def test_killed_mid_body_the_client_sees_a_failure_and_nothing_is_stored(settings):
    with web_server(settings) as server:
        sock, _ = form_upload(server, 40 * MB)
        chunk = os.urandom(MB)
        for _ in range(8):  # slowly: a phone on a poor connection
            sock.sendall(chunk)
            time.sleep(0.05)
        server.kill()
        assert failure_seen(sock, chunk) in {"BrokenPipeError", "ConnectionResetError", "closed"}
    assert store_health(settings) == (0, "ok")
    with web_server(settings) as again:
        assert httpx.get(again.url + "/").status_code == 200
        assert leftovers(settings) == []
    assert store_health(settings) == (0, "ok")


def test_killed_while_the_app_writes_the_file_the_restart_sweeps_it_away(settings):
    """Waitress holds the body until it is whole; the app then streams it into incoming/. Kill then."""
    body = os.urandom(24 * MB)
    caught = []
    for _ in range(3):  # the window is short; on a busy machine it can be missed, so try again
        with web_server(settings) as server:
            sock, tail = form_upload(server, len(body))
            sock.sendall(body + tail)
            deadline = time.monotonic() + 60
            while not (caught := leftovers(settings)) and time.monotonic() < deadline:
                sock.settimeout(0.001)
                try:
                    if sock.recv(1, socket.MSG_PEEK):
                        break  # the app finished first: missed the window
                except TimeoutError:
                    pass
            if caught:
                server.kill()
            sock.close()
        if caught:
            break
    assert caught, "never caught the app writing the upload"
    assert leftovers(settings) == caught  # SIGKILL: the partial file is still there
    assert store_health(settings) == (0, "ok")
    with web_server(settings):
        assert leftovers(settings) == []  # swept at start: its process is gone


def test_a_resumable_upload_killed_mid_patch_resumes_after_restart(settings, speech):
    data = speech("espeak-canary.wav").read_bytes()
    first = 128 * 1024
    with web_server(settings) as server:
        client, _ = server.form_session()
        token = client.get("/").text.split('data-tus-token="', 1)[1].split('"', 1)[0]
        created = client.post("/uploads/", headers={
            **TUS, "Upload-Length": str(len(data)), "X-Upload-Token": token,
            "Upload-Metadata": "filename Yy53YXY="})  # "c.wav"
        url = created.headers["Location"]
        headers = {**TUS, "Content-Type": "application/offset+octet-stream"}
        patched = client.patch(url, content=data[:first], headers={**headers, "Upload-Offset": "0"})
        assert patched.status_code == 204
        client.close()
        # The next chunk is cut off mid-body by the kill.
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        sock.sendall((f"PATCH {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                      f"Content-Type: application/offset+octet-stream\r\nUpload-Offset: {first}\r\n"
                      f"Content-Length: {len(data) - first}\r\n\r\n").encode() + data[first:first + 100_000])
        server.kill()
        assert failure_seen(sock, b"\0" * 65536) in {"BrokenPipeError", "ConnectionResetError", "closed"}

    with web_server(settings) as server:
        client, csrf = server.form_session()
        offset = int(client.head(url, headers=TUS).headers["Upload-Offset"])
        assert first <= offset < len(data)  # the sweep kept it: resumable uploads are not swept
        resumed = client.patch(url, content=data[offset:], headers={**headers, "Upload-Offset": str(offset)})
        assert resumed.status_code == 204 and resumed.headers["Upload-Offset"] == str(len(data))
        posted = client.post("/", data={"csrf_token": csrf, "title": "Resumed after a crash",
                                        "consent_publish": "yes", "recording_upload": url.rsplit("/", 1)[1]})
        assert posted.status_code == 303, posted.text
        client.close()
    conn = sqlite3.connect(settings.db_path)
    try:
        rows = conn.execute("select media_sha256, media_path from stories").fetchall()
    finally:
        conn.close()
    original = hashlib.sha256(data).hexdigest()
    assert [sha for sha, _ in rows] == [original]
    assert hashlib.sha256((settings.media_dir / rows[0][1]).read_bytes()).hexdigest() == original
