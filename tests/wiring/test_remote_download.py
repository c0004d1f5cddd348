"""A remote worker fetches a presigned link from the bucket itself, without its coordinator token."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from s3_server import in_bucket

from stories.media import IncomingFile
from stories.media_store import media_store
from wiring.remote import Coordinator, Refused

DATA = b"RIFF a recording " * 1000


def test_a_presigned_link_is_fetched_from_the_bucket_and_a_deleted_object_is_refused(settings, s3_server,
                                                                                     monkeypatch, tmp_path):
    s3 = in_bucket(settings, s3_server, monkeypatch)
    upload = IncomingFile(s3.incoming_dir)
    upload.write(DATA)
    media = media_store(s3)
    name, _ = media.put(upload, "wav")
    job = {"media_url": media.link(name)}
    coordinator = Coordinator("http://127.0.0.1:9/", "worker-token")  # never called for a presigned link
    coordinator.download(job, tmp_path / "recording.wav")
    assert (tmp_path / "recording.wav").read_bytes() == DATA
    media.delete(name)  # withdrawn meanwhile
    with pytest.raises(Refused):
        coordinator.download(job, tmp_path / "again.wav")


def test_the_workers_token_goes_to_the_coordinator_only(tmp_path):
    """A store would refuse a request with two kinds of auth, and must never see the token."""
    seen = []

    class Store(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            seen.append(dict(self.headers))
            self.send_response(200)
            self.send_header("Content-Length", str(len(DATA)))
            self.end_headers()
            self.wfile.write(DATA)

        def log_message(self, *args):
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Store) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        link = f"http://127.0.0.1:{server.server_port}/bucket/ab/abc.wav?X-Amz-Signature=00"
        Coordinator("http://127.0.0.1:9/", "worker-token").download({"media_url": link}, tmp_path / "r.wav")
        server.shutdown()
    assert (tmp_path / "r.wav").read_bytes() == DATA
    assert len(seen) == 1 and not any(k.lower() == "authorization" for k in seen[0])
