"""A written story with a photo: the form keeps it cleaned, moderators see it, withdrawal deletes it."""

from __future__ import annotations

import io

from conftest import csrf_token
from images import GPS_IFD, phone_jpeg
from PIL import Image

from stories.model import Kind
from stories.withdrawal import withdraw


def post(client, photo: bytes | None = None, photo_name: str = "IMG_0042.jpg", **fields):
    data = {"title": "The library closed", "text": "We lost our only warm room.",
            "csrf_token": csrf_token(client), **fields}
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), photo_name)
    return client.post("/", data=data, content_type="multipart/form-data")


def files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def test_the_form_offers_an_optional_photo_and_says_location_is_removed(client):
    page = client.get("/").get_data(as_text=True)
    assert 'id="photo"' in page and 'for="photo"' in page and 'name="photo"' in page
    assert "optional" in page and "remove the location" in page


def test_written_story_keeps_a_cleaned_photo(client, settings, store):
    response = post(client, phone_jpeg())
    assert response.status_code == 303, response.get_data(as_text=True)
    story = store.all()[0]
    assert story["kind"] == Kind.TEXT and story["photo_path"].endswith(".jpg")
    stored = settings.media_dir / story["photo_path"]
    assert story["photo_sha256"] in story["photo_path"]
    with Image.open(stored) as image:
        assert not image.getexif().get_ifd(GPS_IFD) and not image.getexif()
    assert files_under(settings.incoming_dir) == []  # the original, GPS and all, is not kept


def test_a_broken_photo_is_refused_and_nothing_is_kept(client, settings, store):
    response = post(client, b"GIF89a but not really" * 20, "holiday.jpg")
    assert response.status_code == 400
    assert "not a photo we can read" in response.get_data(as_text=True)
    assert store.all() == []
    assert files_under(settings.media_dir) == [] and files_under(settings.incoming_dir) == []


def test_a_photo_with_a_recording_is_refused(client, settings, store, speech):
    data = {"title": "Bus", "csrf_token": csrf_token(client),
            "recording": (io.BytesIO(speech("librivox-0870.wav").read_bytes()), "clip.wav"),
            "photo": (io.BytesIO(phone_jpeg()), "bus.jpg")}
    response = client.post("/", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "written story only" in response.get_data(as_text=True)
    assert store.all() == []
    assert files_under(settings.media_dir) == [] and files_under(settings.incoming_dir) == []


def test_no_photo_chosen_is_fine(client, store):
    data = {"title": "Waiting", "text": "Eight months.", "csrf_token": csrf_token(client),
            "photo": (io.BytesIO(b""), "")}
    assert client.post("/", data=data, content_type="multipart/form-data").status_code == 303
    assert store.all()[0]["photo_path"] is None


def test_moderators_see_the_photo_and_no_one_else_does(signed_in, store, app):
    post(signed_in, phone_jpeg())
    story_id = store.all()[0]["id"]
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert f'src="/moderate/{story_id}/photo"' in page and 'alt="Photo sent with the story"' in page
    photo = signed_in.get(f"/moderate/{story_id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert "no-store" in photo.headers["Cache-Control"]
    anonymous = app.test_client().get(f"/moderate/{story_id}/photo")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_story_without_photo_has_no_photo_route(signed_in, store):
    post(signed_in)
    story_id = store.all()[0]["id"]
    assert signed_in.get(f"/moderate/{story_id}/photo").status_code == 404


def test_withdrawal_deletes_the_photo_unless_another_story_uses_it(client, settings, store):
    post(client, phone_jpeg())
    post(client, phone_jpeg(), title="Same photo again")
    first, second = store.all()
    stored = settings.media_dir / first["photo_path"]
    assert first["photo_path"] == second["photo_path"]
    withdraw(store, first["id"], "teller", settings.media_dir)
    assert stored.exists()  # the other story still shows it
    assert store.get(first["id"])["photo_path"] is None and store.get(first["id"])["photo_sha256"] is None
    withdraw(store, second["id"], "teller", settings.media_dir)
    assert not stored.exists()
    assert files_under(settings.media_dir) == []
