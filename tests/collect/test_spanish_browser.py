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
        assert page.locator("#state").inner_text() == "recibida"
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
