"""The form, the moderation area and the workers' API with media in a bucket (moto's real S3 server)."""

from __future__ import annotations

import io

import httpx
import pytest
from browser import free_port
from conftest import csrf_token
from images import phone_jpeg
from s3_server import bucket_of, in_bucket

from stories.model import State

CLIP = "librivox-0920.wav"


@pytest.fixture
def settings(settings, s3_server, monkeypatch):
    """Every fixture built on the settings (store, app, client) keeps media in a new bucket."""
    return in_bucket(settings, s3_server, monkeypatch)


def send(client, **fields):
    data = {"title": "The bus", "language": "en", "consent_publish": "yes", "csrf_token": csrf_token(client),
            **fields}
    return client.post("/", data=data, content_type="multipart/form-data")


def files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def test_an_upload_through_the_form_lands_in_the_bucket_not_on_disk(client, settings, store, s3_server,
                                                                    speech):
    response = send(client, recording=(io.BytesIO(speech(CLIP).read_bytes()), "bus.wav"))
    assert response.status_code == 303
    story = store.get(response.headers["Location"].rsplit("/", 1)[1])
    assert story["state"] == State.RECEIVED and story["media_path"].endswith(f"{story['media_sha256']}.wav")
    assert s3_server.keys(bucket_of(settings)) == [f"media/{story['media_path']}"]
    assert files_under(settings.home / "media") == [] and files_under(settings.incoming_dir) == []


def test_a_store_that_cannot_be_reached_gets_the_teller_a_503_and_keeps_nothing(client, settings, store,
                                                                               speech, monkeypatch):
    page = client.get("/")  # the form first, as a teller would open it
    assert page.status_code == 200
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    response = send(client, recording=(io.BytesIO(speech(CLIP).read_bytes()), "bus.wav"))
    text = response.get_data(as_text=True)
    assert response.status_code == 503 and "Our storage cannot be reached just now" in text
    assert 'value="The bus"' in text  # the form keeps what was typed, to send again
    assert store.all() == [] and files_under(settings.incoming_dir) == []


def test_moderators_get_the_recording_and_photo_streamed_through_with_ranges(signed_in, app, store, speech):
    send(signed_in, recording=(io.BytesIO(speech(CLIP).read_bytes()), "bus.wav"))
    send(signed_in, text="Eight months for a flat.", photo=(io.BytesIO(phone_jpeg()), "bus.jpg"))
    recorded, written = sorted(store.all(), key=lambda s: s["kind"])  # audio, then text
    whole = signed_in.get(f"/moderate/{recorded['id']}/media")
    assert whole.status_code == 200 and whole.data == speech(CLIP).read_bytes()
    assert whole.mimetype == "audio/x-wav" and whole.headers["Accept-Ranges"] == "bytes"
    part = signed_in.get(f"/moderate/{recorded['id']}/media", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.data == whole.data[:100]
    assert part.headers["Content-Range"] == f"bytes 0-99/{len(whole.data)}"
    past = signed_in.get(f"/moderate/{recorded['id']}/media", headers={"Range": f"bytes={10**9}-"})
    assert past.status_code == 416
    photo = signed_in.get(f"/moderate/{written['id']}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg" and photo.data[:2] == b"\xff\xd8"
    assert "no-store" in photo.headers["Cache-Control"]
    anonymous = app.test_client().get(f"/moderate/{recorded['id']}/media")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_worker_claiming_the_transcription_gets_a_presigned_link_and_no_one_else_does(client, store, speech,
                                                                                        app):
    from collect.api import _signer

    send(client, recording=(io.BytesIO(speech(CLIP).read_bytes()), "bus.wav"))
    story_id = store.all()[0]["id"]
    token = store.tokens.add("w1")

    def claim():
        return client.post("/api/v1/jobs", json={"story_id": story_id},
                           headers={"Authorization": f"Bearer {token}"})

    assert client.post("/api/v1/jobs", json={"story_id": story_id}).status_code == 401
    job = claim().get_json()["job"]
    assert job["media_url"].startswith("http://127.0.0.1:") and "X-Amz-Expires=120" in job["media_url"]
    fetched = httpx.get(job["media_url"])  # no token, no credentials: the link is the key
    assert fetched.status_code == 200 and fetched.content == speech(CLIP).read_bytes()
    assert claim().get_json()["job"] is None  # held: a second claim gets no link
    with app.test_request_context():  # the coordinator's own link, from before: sent on to the bucket
        signed = _signer().dumps({"s": story_id, "o": job["owner"]})
    moved = client.get(f"/api/v1/media/{signed}")
    assert moved.status_code == 302 and "X-Amz-Signature=" in moved.headers["Location"]
