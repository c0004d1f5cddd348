import io

import pytest
from audio import encode, truncate
from conftest import csrf_token

from collect import create_app
from stories.model import State

CLIP = "librivox-0870.wav"


def post(client, filename=None, content=b"", **fields):
    data = {"title": "My story", "consent_publish": "yes", "csrf_token": csrf_token(client), **fields}
    if filename is not None:
        data["recording"] = (io.BytesIO(content), filename)
    return client.post("/", data=data, content_type="multipart/form-data")


def files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def assert_nothing_stored(settings, store):
    assert store.all() == []
    assert files_under(settings.media_dir) == []
    assert files_under(settings.incoming_dir) == []


def test_form_is_open_and_labelled(client):
    page = client.get("/").get_data(as_text=True)
    for field in ("title", "recording", "text", "language", "place", "contact"):
        assert f'for="{field}"' in page and f'id="{field}"' in page
    assert 'name="consent_publish"' in page


@pytest.mark.parametrize("ext", ["m4a", "mp3", "ogg", "webm", "wav", "mp4"])
def test_recording_is_stored_by_hash_and_queued(client, settings, store, queue, speech, tmp_path, ext):
    clip = encode(speech(CLIP), tmp_path / f"clip.{ext}", with_video=ext == "mp4")
    response = post(client, "../../Evil Name.bin", clip.read_bytes(), language="en", place="Leeds")
    assert response.status_code == 303
    story_id = response.headers["Location"].rsplit("/", 1)[1]
    story = store.get(story_id)
    assert story["state"] == State.RECEIVED and story["kind"] == ("video" if ext == "mp4" else "audio")
    stored = settings.media_dir / story["media_path"]
    assert stored.read_bytes() == clip.read_bytes()
    assert stored.stem == story["media_sha256"] and "Evil" not in str(stored)
    assert store.consents(story_id) == {"publish": True, "quote": False, "research": False, "name": False}
    assert queue.pending_ids() == {story_id}
    assert files_under(settings.incoming_dir) == []


def test_written_story_from_the_form(client, store):
    response = post(client, text="I waited six months for a housing officer.\n\nThen it got better.")
    story = store.get(response.headers["Location"].rsplit("/", 1)[1])
    assert story["kind"] == "text" and story["body"].startswith("I waited")


def test_written_story_as_txt_file(client, store):
    response = post(client, "story.txt", b"Mein Jobcenter hat geholfen.")
    assert response.status_code == 303
    assert store.all()[0]["body"] == "Mein Jobcenter hat geholfen."


def test_contact_is_kept_privately(client, store):
    post(client, text="A story.", contact="07700 900123")
    story_id = store.all()[0]["id"]
    assert store.rows("contacts", story_id)[0]["contact"] == "07700 900123"


@pytest.mark.parametrize("filename, content, status, message", [
    ("empty.mp3", b"", 400, "empty"),
    ("notes.mp3", b"these are my notes, not a recording\n" * 50, 415, "not a recording"),
    ("picture.m4a", b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, 415, "not a recording"),
    ("story.txt", b"\x00\x01\x02binary", 415, "not plain text"),
])
def test_bad_files_get_a_clear_4xx_and_leave_nothing(client, settings, store, filename, content, status,
                                                     message):
    response = post(client, filename, content)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert_nothing_stored(settings, store)


@pytest.mark.parametrize("ext", ["mp3", "wav", "m4a", "webm"])
def test_truncated_recording_is_refused(client, settings, store, speech, tmp_path, ext):
    cut = truncate(encode(speech(CLIP), tmp_path / f"a.{ext}"), tmp_path / f"cut.{ext}")
    response = post(client, f"cut.{ext}", cut.read_bytes())
    assert response.status_code in (400, 415)
    assert "cut off" in response.get_data(as_text=True) or "damaged" in response.get_data(as_text=True)
    assert_nothing_stored(settings, store)


def test_over_limit_upload_is_413_and_leaves_nothing(settings, store, speech):
    client = create_app({"STORIES": settings.with_(max_upload_mb=1), "TESTING": True}).test_client()
    response = post(client, "big.wav", b"\x00" * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True) and "1 MB" in response.get_data(as_text=True)
    assert_nothing_stored(settings, store)


@pytest.mark.parametrize("fields, message", [
    ({"title": "  "}, "title"),
    ({"language": "english!"}, "language"),
])
def test_bad_fields_are_explained(client, settings, store, speech, fields, message):
    response = post(client, "a.wav", speech(CLIP).read_bytes(), **fields)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert_nothing_stored(settings, store)


def test_nothing_chosen(client, store):
    response = post(client, "", b"")
    assert response.status_code == 400
    assert "choose a recording or write" in response.get_data(as_text=True)


def test_the_withdrawal_code_is_never_readable_in_the_session_cookie(client, app):
    import re

    response = post(client, text="I waited six months for a housing officer.")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    session = app.session_interface.get_signing_serializer(app).loads(cookie.split(";")[0][len("session="):])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r'id="withdrawal-code">([^<]+)<', page).group(1)
    compact = code.replace("-", "")
    assert code not in str(session) and compact not in str(session) and code not in cookie
    assert client.get(response.headers["Location"]).get_data(as_text=True).count(code) == 0  # shown once


def test_a_language_no_installed_model_can_transcribe_is_refused_before_anything_is_kept(settings, store,
                                                                                          speech):
    app = create_app({"STORIES": settings, "TESTING": True, "STORY_LANGUAGES": ["en"]})
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert 'value="en"' in page and 'value="es"' not in page
    response = post(client, CLIP, speech(CLIP).read_bytes(), language="es")
    assert response.status_code == 400
    assert "cannot be transcribed here yet" in response.get_data(as_text=True)
    assert_nothing_stored(settings, store)
    assert post(client, CLIP, speech(CLIP).read_bytes(), language="en").status_code == 303


def test_serve_tells_the_form_which_languages_the_installed_models_can_do(settings, monkeypatch):
    from transcribe import models
    from wiring import serve

    assert serve.transcribable(settings) == ["en", "es", "it", "fi", "sv", "nl", "hu", "pl", "et"]
    monkeypatch.setattr(models.assemble, "PACKAGES", ("no_such_part1", "no_such_part2"))  # no base
    assert serve.transcribable(settings) == ["en"]


def test_pages_have_the_projects_icon(client):
    page = client.get("/").get_data(as_text=True)
    href = page.split('<link rel="icon" href="')[1].split('"')[0]
    icon = client.get(href)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data


def test_every_page_has_the_shared_header(client, settings):
    for path in ("/", "/withdraw/", "/login", "/?lang=es"):
        page = client.get(path).get_data(as_text=True)
        header = page.split('<header class="site">')[1].split("</header>")[0]
        archive = settings.archive_url
        assert f'href="{archive}/"' in header and f'href="{archive}/about"' in header
        assert 'href="/withdraw/"' in header, path
    assert "Compartir una historia" in client.get("/?lang=es").get_data(as_text=True)
