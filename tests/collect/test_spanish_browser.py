"""A teller who reads Spanish: the form, the refusal messages and the status page are in Spanish,
and the story's language (which the transcription follows) is Spanish without being chosen."""

import pytest
from browser import serving

from stories.model import State

pytestmark = pytest.mark.slow


def test_spanish_teller_sends_a_written_story(app, page, store, queue):
    with serving(app) as url:
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        page.goto(f"{url}/?lang=es")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.get_by_role("heading", level=1).inner_text() == "Comparte tu historia"
        assert page.get_by_label("Idioma de la historia").input_value() == "es"  # preselected
        page.get_by_label("Título de tu historia").fill("El autobús al centro de salud")
        page.get_by_label("O escribe tu historia aquí").fill("Esperé dos horas el autobús para ir al médico.")
        page.get_by_label("¿De dónde es esta historia?").fill("Valencia")
        page.get_by_label("Publicarla en el archivo público").check()
        page.get_by_label("Permitir que personas investigadoras la estudien").check()
        page.get_by_label("¿Cómo podemos contactarte?").fill("ana@example.org")
        page.get_by_role("button", name="Enviar mi historia").click()
        page.wait_for_url("**/stories/*")

        assert page.locator("html").get_attribute("lang") == "es"
        assert page.get_by_role("heading", name="Tu código privado de retirada").is_visible()
        assert page.locator("#state").inner_text() == "Recibida"
        assert "Hemos recibido tu historia" in page.locator("#explained").inner_text()
        assert "Gracias. La referencia de tu historia es" in page.content()
    story = store.all()[0]
    assert story["title"] == "El autobús al centro de salud" and story["state"] == State.RECEIVED
    assert story["language"] == "es" and story["kind"] == "text"
    assert store.consents(story["id"]) == {"publish": True, "quote": False, "research": True, "name": False}
    assert queue.pending_ids() == {story["id"]}


def test_spanish_teller_reads_why_the_story_was_refused(app, page, store):
    with serving(app) as url:
        page.goto(f"{url}/?lang=es")
        page.get_by_label("Título de tu historia").fill("Sin historia")
        page.get_by_role("button", name="Enviar mi historia").click()
        alert = page.get_by_role("alert")
        assert alert.inner_text() == "Elige una grabación o escribe tu historia, por favor."
        assert page.get_by_label("Tu grabación").get_attribute("aria-invalid") == "true"
        assert page.get_by_label("Título de tu historia").input_value() == "Sin historia"
    assert store.all() == []


@pytest.mark.usefixtures("routed")  # a fresh install's default settings, with base assembled once
def test_real_spanish_and_italian_speech_through_the_spanish_form(app, page, store, settings):
    """Real human speech (tests/data/speech-languages), sent in real Chromium, transcribed by default."""
    from pathlib import Path

    import jiwer
    from whisper_normalizer.basic import BasicTextNormalizer

    from wiring.tasks import advance

    clips = Path(__file__).resolve().parents[1] / "data" / "speech-languages"
    sent = {}
    with serving(app) as url:
        for clip, language in (("es-css10-1", None), ("it-css10-1", "it")):
            page.goto(f"{url}/?lang=es")
            page.get_by_label("Título de tu historia").fill(f"Grabación {clip}")
            page.get_by_label("Tu grabación").set_input_files(str(clips / f"{clip}.wav"))
            if language:  # the Spanish interface preselects Spanish; an Italian story says so
                page.get_by_label("Idioma de la historia").select_option(language)
            page.get_by_label("Publicarla en el archivo público").check()
            page.get_by_role("button", name="Enviar mi historia").click()
            page.wait_for_url("**/stories/*")
            sent[clip] = page.url.rstrip("/").rsplit("/", 1)[-1]
    normalise = BasicTextNormalizer()
    for clip, worst in (("es-css10-1", 0.35), ("it-css10-1", 0.6)):
        story_id = sent[clip]
        assert advance(settings, story_id) == State.IN_REVIEW, store.get(story_id)["error"]
        story = store.get(story_id)
        assert (story["language"], story["model"]) == (clip[:2], "base")
        reference = normalise((clips / f"{clip}.txt").read_text(encoding="utf-8"))
        heard = normalise(" ".join(s.text for s in store.segments(story_id)))
        assert jiwer.wer(reference, heard) <= worst, heard


def test_the_form_offers_only_languages_a_model_can_transcribe(settings, page):
    """Only tiny.en installed (as `stories serve` would tell the form): English, or detection."""
    from collect import create_app

    app = create_app({"STORIES": settings, "TESTING": True, "STORY_LANGUAGES": ["en"]})
    with serving(app) as url:
        page.goto(f"{url}/?lang=es")
        options = page.get_by_label("Idioma de la historia").locator("option")
        assert [options.nth(i).get_attribute("value") for i in range(options.count())] == ["", "en"]
