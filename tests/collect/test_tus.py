"""Resumable uploads: the tus 1.0.0 endpoints, and the form taking a finished upload."""

import base64
import hashlib
import json
import re
import time

import pytest
from audio import encode
from conftest import csrf_token

from collect import create_app, tus
from stories.model import State

TUS = {"Tus-Resumable": "1.0.0"}
BYTES = "application/offset+octet-stream"


def token(client) -> str:
    return re.search(r'data-tus-token="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)


def create(client, length: int, filename: str = "voice.m4a", **headers):
    meta = "filename " + base64.b64encode(filename.encode()).decode()
    headers = {**TUS, "Upload-Length": str(length), "Upload-Metadata": meta,
               "X-Upload-Token": token(client), **headers}
    return client.post("/uploads/", headers=headers)


def patch(client, url: str, offset: int, data: bytes, content_type: str = BYTES):
    return client.patch(url, data=data, headers={**TUS, "Upload-Offset": str(offset)},
                        content_type=content_type)


def send(client, data: bytes, chunk: int = 64 * 1024, filename: str = "voice.m4a") -> str:
    """Upload ``data`` in chunks, as tus-js-client does; returns the upload's URL."""
    url = create(client, len(data), filename).headers["Location"]
    for offset in range(0, len(data), chunk):
        response = patch(client, url, offset, data[offset:offset + chunk])
        assert response.status_code == 204
        assert response.headers["Upload-Offset"] == str(min(offset + chunk, len(data)))
    return url


def submit(client, upload_id: str, **fields):
    data = {"title": "Resumed story", "consent_publish": "yes", "recording_upload": upload_id,
            "csrf_token": csrf_token(client), **fields}
    return client.post("/", data=data, content_type="multipart/form-data")


def test_options_advertise_version_and_extensions(client):
    response = client.options("/uploads/")
    assert response.status_code == 204 and response.headers["Tus-Version"] == "1.0.0"
    assert set(response.headers["Tus-Extension"].split(",")) == {"creation", "expiration", "termination"}


def test_create_gives_an_unguessable_location_and_an_expiry(client, settings):
    response = create(client, 1000)
    assert response.status_code == 201 and response.headers["Upload-Expires"].endswith("GMT")
    upload_id = response.headers["Location"].rsplit("/", 1)[1]
    assert len(upload_id) >= 32  # 192 random bits
    assert (settings.incoming_dir / f"tus-{upload_id}.part").stat().st_size == 0


def test_creating_needs_the_forms_token(client):
    assert create(client, 1000, **{"X-Upload-Token": ""}).status_code == 403
    forged = create(client, 1000, **{"X-Upload-Token": "upload.forged.signature"})
    assert forged.status_code == 403 and "open the upload form again" in forged.get_data(as_text=True)


def test_what_the_teller_may_read_is_in_their_language(client, settings):
    client.get("/?lang=es")  # the upload script sends the session cookie, which remembers the choice
    forged = create(client, 1000, **{"X-Upload-Token": "upload.forged.signature"})
    assert "Vuelve a abrir el formulario" in forged.get_data(as_text=True)
    too_big = create(client, settings.max_upload_bytes + 1)
    assert f"El límite es de {settings.max_upload_mb} MB" in too_big.get_data(as_text=True)


def test_requests_without_tus_version_are_refused(client):
    response = client.post("/uploads/", headers={"Upload-Length": "10", "X-Upload-Token": token(client)})
    assert response.status_code == 412 and response.headers["Tus-Version"] == "1.0.0"


def test_too_large_is_refused_with_the_limit(client, settings):
    response = create(client, settings.max_upload_bytes + 1)
    assert response.status_code == 413
    assert f"The limit is {settings.max_upload_mb} MB" in response.get_data(as_text=True)


def test_chunks_append_and_head_reports_the_offset(client, settings):
    data = bytes(range(256)) * 1000
    url = create(client, len(data)).headers["Location"]
    assert patch(client, url, 0, data[:100_000]).headers["Upload-Offset"] == "100000"
    head = client.head(url, headers=TUS)
    assert head.status_code == 200 and head.headers["Upload-Offset"] == "100000"
    assert head.headers["Upload-Length"] == str(len(data)) and head.headers["Cache-Control"] == "no-store"
    assert patch(client, url, 100_000, data[100_000:]).status_code == 204
    upload_id = url.rsplit("/", 1)[1]
    assert (settings.incoming_dir / f"tus-{upload_id}.part").read_bytes() == data


def test_wrong_offset_conflicts_and_changes_nothing(client):
    url = create(client, 1000).headers["Location"]
    patch(client, url, 0, b"x" * 400)
    response = patch(client, url, 300, b"y" * 100)
    assert response.status_code == 409 and response.headers["Upload-Offset"] == "400"
    assert client.head(url, headers=TUS).headers["Upload-Offset"] == "400"


@pytest.mark.parametrize("offset", ["9" * 5000, "²", "-1", "0x10", ""])
def test_offsets_and_lengths_that_are_not_byte_counts_get_a_400(client, offset):
    url = create(client, 500).headers["Location"]
    response = client.patch(url, data=b"x", headers={**TUS, "Upload-Offset": offset}, content_type=BYTES)
    assert response.status_code == 400
    assert create(client, 0, **{"Upload-Length": offset or "x"}).status_code == 400


def test_patch_needs_the_tus_content_type(client):
    url = create(client, 1000).headers["Location"]
    assert patch(client, url, 0, b"x" * 10, content_type="text/plain").status_code == 415


def test_bytes_past_the_announced_length_are_refused(client):
    url = create(client, 10).headers["Location"]
    assert patch(client, url, 0, b"x" * 11).status_code == 413
    assert client.head(url, headers=TUS).headers["Upload-Offset"] == "0"


def test_unknown_and_expired_uploads_are_gone(client, settings):
    assert client.head("/uploads/nosuchupload", headers=TUS).status_code == 404
    assert patch(client, "/uploads/..%2Fsecret_key", 0, b"x").status_code == 404
    url = create(client, 1000).headers["Location"]
    upload_id = url.rsplit("/", 1)[1]
    meta = settings.incoming_dir / f"tus-{upload_id}.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "expires": time.time() - 1}))
    assert client.head(url, headers=TUS).status_code == 404
    assert patch(client, url, 0, b"x").status_code == 404
    assert list(settings.incoming_dir.iterdir()) == []


def test_abandoned_uploads_are_swept(client, settings):
    create(client, 1000)
    assert tus.sweep(settings, now=time.time() + tus.EXPIRES_AFTER + 1) == 1
    assert list(settings.incoming_dir.iterdir()) == []


def test_termination_removes_the_upload(client, settings):
    url = create(client, 1000).headers["Location"]
    patch(client, url, 0, b"x" * 10)
    assert client.delete(url, headers=TUS).status_code == 204
    assert client.head(url, headers=TUS).status_code == 404
    assert list(settings.incoming_dir.iterdir()) == []


def test_finished_upload_becomes_a_story_with_the_originals_hash(client, settings, store, queue, speech,
                                                                 tmp_path):
    clip = encode(speech("librivox-0870.wav"), tmp_path / "voice-note.m4a").read_bytes()
    url = send(client, clip, filename="voice-note.m4a")
    response = submit(client, url.rsplit("/", 1)[1], language="en")
    assert response.status_code == 303
    story = store.get(response.headers["Location"].rsplit("/", 1)[1])
    assert story["state"] == State.RECEIVED and story["media_sha256"] == hashlib.sha256(clip).hexdigest()
    assert story["original_filename"] == "voice-note.m4a" and story["media_bytes"] == len(clip)
    assert (settings.media_dir / story["media_path"]).read_bytes() == clip
    assert queue.pending_ids() == {story["id"]}
    assert list(settings.incoming_dir.iterdir()) == []
    # One upload, one story: the same id cannot be sent again.
    assert "did not finish uploading" in submit(client, url.rsplit("/", 1)[1]).get_data(as_text=True)


def test_unfinished_upload_is_refused_clearly(client, store):
    url = create(client, 1000).headers["Location"]
    patch(client, url, 0, b"x" * 500)
    response = submit(client, url.rsplit("/", 1)[1])
    assert response.status_code == 400 and "did not finish uploading" in response.get_data(as_text=True)
    assert store.all() == []


@pytest.mark.parametrize("filename", ["voice-note.mp3", "voice-note.m4a"])
def test_broken_file_is_refused_as_in_the_plain_form(client, settings, store, filename):
    url = send(client, b"this is not a recording\n" * 40, filename=filename)
    response = submit(client, url.rsplit("/", 1)[1])
    assert response.status_code in (400, 415) and "not a recording" in response.get_data(as_text=True)
    assert store.all() == [] and list(settings.incoming_dir.iterdir()) == []
    assert not settings.media_dir.exists() or not any(settings.media_dir.rglob("*.*"))


def test_creating_uploads_is_rate_limited_like_the_form(settings):
    client = create_app({"STORIES": settings.with_(upload_rate="2 per hour"), "TESTING": True}).test_client()
    assert [create(client, 10).status_code for _ in range(3)] == [201, 201, 429]
