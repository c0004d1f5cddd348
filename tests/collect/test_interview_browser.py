"""A reporter on a phone, in Spanish: signs in, opens a campaign's interview form, hands over the phone."""

import pytest
from axe import horizontal_overflow, report, scan
from browser import serving

from stories.campaigns import add_campaign
from stories.users import add_user

pytestmark = pytest.mark.slow


def test_a_reporter_records_an_interview_for_a_campaign_on_a_phone(app, browser, store):
    add_campaign(store, "trabajo-valencia", "Buscar trabajo, Valencia 2027",
                 prompts=["¿Qué pasó cuando buscabas trabajo?"], places=["Valencia", "Xàtiva"])
    add_user(store, "rey", "correct horse battery", "reporter")
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="es-ES")
    page, found = context.new_page(), []
    try:
        with serving(app) as url:
            page.goto(f"{url}/c/trabajo-valencia/interview")
            assert "/login" in page.url  # interviews need the reporter's account
            found += scan(page, "sign-in page")
            page.get_by_label("Nombre de usuario").fill("rey")
            page.get_by_label("Contraseña").fill("correct horse battery")
            page.get_by_role("button", name="Iniciar sesión").click()
            page.wait_for_url("**/c/trabajo-valencia/interview")
            assert page.locator("html").get_attribute("lang") == "es"
            assert "¿Qué pasó cuando buscabas trabajo?" in page.locator("#prompts").inner_text()
            assert "rey" in page.locator("#interview-notice").inner_text()
            found += scan(page, "interview form")

            page.get_by_label("Título de tu historia").fill("La oficina de empleo")
            page.get_by_label("O escribe tu historia aquí").fill("La oficina de empleo cerró en agosto.")
            page.get_by_label("¿De dónde es esta historia?").select_option("Xàtiva")
            page.get_by_label("Publicarla en el archivo público", exact=False).check()
            words = page.get_by_label("Para quien cuenta la historia", exact=False)
            words.fill("Sí")  # the teller's own words are needed, not a word or two
            page.get_by_role("button", name="Enviar mi historia").click()
            page.wait_for_selector("#error")
            assert words.get_attribute("aria-invalid") == "true"
            found += scan(page, "interview form with an error")
            words.fill("Acepto que se publique mi historia sin mi nombre.")
            page.get_by_role("button", name="Enviar mi historia").click()
            page.wait_for_url("**/stories/*")
            assert page.locator("#withdrawal-code").inner_text()
            overflow = horizontal_overflow(page)
    finally:
        context.close()
    assert found == [], report(found)
    assert overflow == 0
    (story,) = store.all()
    assert (story["campaign"], story["collected_by"], story["place"]) == ("trabajo-valencia", "rey", "Xàtiva")
    (statement,) = store.rows("consent_statements", story["id"])
    assert statement["words"] == "Acepto que se publique mi historia sin mi nombre."
