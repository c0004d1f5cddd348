"""Interface languages: how the locale is chosen, what gets translated, and that the catalogues are whole."""

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from catalogues import check_catalogue
from conftest import csrf_token

import collect
import stories
from collect.i18n import LOCALES, translated
from stories.errors import StoriesError

TRANSLATIONS = Path(collect.__file__).parent / "translations"
LANGUAGES = [code for code in LOCALES if code != "en"]


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_english_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert html_lang(page) == "en" and "Share your story" in page


def test_lang_parameter_switches_and_is_remembered(client):
    page = client.get("/?lang=es").get_data(as_text=True)
    assert html_lang(page) == "es" and "Comparte tu historia" in page
    page = client.get("/withdraw/").get_data(as_text=True)  # no ?lang= now: the session remembers
    assert html_lang(page) == "es" and "Retira tu historia" in page


def test_browser_language_is_the_fallback(client):
    page = client.get("/", headers={"Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert html_lang(page) == "fi" and "Jaa tarinasi" in page
    page = client.get("/", headers={"Accept-Language": "de-DE,de"}).get_data(as_text=True)
    assert html_lang(page) == "en"


def test_unknown_lang_parameter_is_ignored(client):
    assert html_lang(client.get("/?lang=xx").get_data(as_text=True)) == "en"


def test_switcher_names_each_language_in_itself(client):
    page = client.get("/withdraw/?code=ABCD&lang=it").get_data(as_text=True)
    nav = re.search(r'<nav aria-label="Lingua" class="languages">(.*?)</nav>', page, re.S).group(1)
    for code, name in LOCALES.items():
        assert f'lang="{code}" hreflang="{code}"' in nav and name in nav
    assert "code=ABCD" in nav  # switching keeps the rest of the address
    assert re.search(r'hreflang="it"\s+aria-current="true"', nav)


@pytest.mark.parametrize("locale", ["es", "it", "fi"])
def test_story_language_defaults_to_the_interface_language(client, locale):
    page = client.get(f"/?lang={locale}").get_data(as_text=True)
    assert re.search(rf'<option value="{locale}"\s+selected>', page)
    assert '<option value="" >' in page or '<option value="">' in page  # "detect it for me" is still there


@pytest.mark.parametrize(("locale", "housing", "employment"), [
    ("es", "Vivienda", "Empleo"), ("it", "Casa", "Lavoro"), ("fi", "Asuminen", "Työllisyys"),
    ("en", "Housing", "Employment"),
])
def test_service_checkboxes_follow_the_language(client, settings, store, locale, housing, employment):
    """Each service is named as the codebook's labels name it in the form's language."""
    from wiring import tasks

    tasks.sync_themes(settings, store)
    page = client.get(f"/?lang={locale}").get_data(as_text=True)
    fieldset = re.search(r'<fieldset>\s*<legend>[^<]*<span class="hint">.*?</fieldset>', page, re.S).group(0)
    assert re.search(rf'value="housing"\s*>\s*{housing}</label>', fieldset)
    assert re.search(rf'value="employment"\s*>\s*{employment}</label>', fieldset)


def test_refusal_is_translated_and_linked_to_its_field(client, store):
    client.get("/?lang=es")
    response = client.post("/", data={"title": " ", "text": "Hola", "csrf_token": csrf_token(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Ponle un título a tu historia" in page
    assert re.search(r'id="title"[^>]*aria-invalid="true" aria-describedby="error"', page)
    assert store.all() == []


def test_status_page_and_json_follow_the_language(client, store):
    story_id = store.create_story({"title": "Bus", "kind": "text", "body": "x"}, {})
    client.get("/?lang=es")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "Recibida" in page and "Hemos recibido tu historia" in page
    story = client.get(f"/stories/{story_id}.json").get_json()["story"]
    assert story["state"] == "received" and story["label"] == "Recibida"


def test_error_pages_are_translated(client):
    client.get("/?lang=fi")
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Sivua ei löytynyt" in response.get_data(as_text=True)


def test_moderation_area_stays_english_and_sign_in_follows_the_reporter(signed_in):
    signed_in.get("/?lang=es")
    page = signed_in.get("/moderate/").get_data(as_text=True)
    assert html_lang(page) == "en" and 'class="languages"' not in page
    # Community reporters sign in to record interviews, in their own language.
    login = signed_in.get("/login").get_data(as_text=True)
    assert html_lang(login) == "es" and "Nombre de usuario" in login


def test_core_messages_are_translated(app, store, tmp_path):
    from stories.errors import BadUpload
    from stories.probe import MAX_HOURS, TOO_LONG, _cut_off, probe, read_written_story
    from stories.withdrawal import find_by_code

    def raised(action, *args) -> StoriesError:
        with pytest.raises(StoriesError) as caught:
            action(*args)
        return caught.value

    (tmp_path / "empty.mp3").write_bytes(b"")
    (tmp_path / "text.mp3").write_bytes(b"just some text, not audio\n" * 20)
    (tmp_path / "png.mp3").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    (tmp_path / "blank.txt").write_text("  \n")
    core = [raised(probe, tmp_path / "empty.mp3"), raised(read_written_story, tmp_path / "blank.txt"),
            raised(find_by_code, store, "nope-nope-nope"), raised(probe, tmp_path / "text.mp3"),
            raised(probe, tmp_path / "png.mp3"), _cut_off(3.2, 10.0), _cut_off(50, 100, unit="bytes"),
            BadUpload(TOO_LONG, hours=MAX_HOURS)]
    with app.test_request_context("/?lang=it"):
        for error in core:
            assert translated(error) != str(error), str(error)
        assert "3.2" in translated(_cut_off(3.2, 10.0))
    with app.test_request_context("/"):
        assert [translated(error) for error in core] == [str(error) for error in core]


def test_a_core_refusal_reaches_the_spanish_form_in_spanish(client, store, speech, tmp_path):
    """Translated by its message id, with its parameters filled in: no English text is matched."""
    from audio import encode, truncate

    def send(**fields):
        data = {"title": "El autobús", "csrf_token": csrf_token(client), **fields}
        response = client.post("/", data=data, content_type="multipart/form-data")
        return response.status_code, response.get_data(as_text=True)

    client.get("/?lang=es")
    cut = truncate(encode(speech("librivox-0870.wav"), tmp_path / "a.wav"), tmp_path / "cut.wav")
    status, page = send(recording=(io.BytesIO(cut.read_bytes()), "cut.wav"))
    assert status == 400 and "Parece que la grabación está cortada: solo contiene" in page
    status, page = send(text="Cerró.", photo=(io.BytesIO(b"GIF89a but not really" * 20), "foto.jpg"))
    assert status == 400
    assert "Este archivo no es una foto que podamos leer. Elige una imagen JPEG, PNG or WebP" in page
    assert store.all() == []


@pytest.mark.parametrize("locale", LANGUAGES)
def test_catalogue_is_complete_and_compiled(locale):
    check_catalogue(TRANSLATIONS, locale)


def test_template_covers_every_marked_string():
    """A string wrapped in _() but missing from messages.pot would silently stay English."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "N_": None}
    found = set()
    # The core's messages a teller may read are marked N_ there and translated by the form.
    for folder in (TRANSLATIONS.parent, Path(stories.__file__).parent):
        found |= {message for _, _, message, *_ in extract_from_dir(str(folder), method_map,
                                                                    keywords=keywords)}
    assert "Send my story" in found and "The written story is empty." in found
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        pot = {m.id for m in read_po(f) if m.id}
    assert found - pot == set(), "run `make translations` and translate the new entries"
