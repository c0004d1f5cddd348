"""WCAG 2.1 AA on every public page of the form, checked by axe-core in real Chromium, in two languages.

Each walk goes the way a teller does: the form, a refusal, the status page with the private code,
the withdraw page (and its refusal), the withdrawn page, and a page that does not exist.
"""

import pytest
from axe import horizontal_overflow, report, scan
from browser import serving

pytestmark = pytest.mark.slow

# label text by language, to drive the form the way a teller reads it
FIELDS = {"en": {"title": "Title of your story", "text": "Or write your story here",
                 "send": "Send my story", "sure": "Yes, withdraw my story.", "withdraw": "Withdraw my story"},
          "es": {"title": "Título de tu historia", "text": "O escribe tu historia aquí",
                 "send": "Enviar mi historia", "sure": "Sí, retirar mi historia.",
                 "withdraw": "Retirar mi historia"}}


def walk(page, url: str, lang: str) -> tuple[list[dict], dict[str, int]]:
    """Visit every public page; return the blocking violations and any sideways overflow per page."""
    words = FIELDS[lang]
    found, overflow = [], {}

    def check(where: str) -> None:
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == lang, where
        found.extend(scan(page, f"{lang} {where}"))
        overflow[where] = horizontal_overflow(page)

    page.goto(f"{url}/?lang={lang}")
    check("upload form")
    page.get_by_label(words["title"]).fill("   ")  # passes the browser's check, refused by ours
    page.get_by_label(words["text"]).fill("The clinic moved.")
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_selector("#error")
    assert page.locator("#title").get_attribute("aria-invalid") == "true"
    check("upload form with an error")

    page.get_by_label(words["title"]).fill("The clinic")
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url("**/stories/*")
    code = page.locator("#withdrawal-code").inner_text()
    check("status page with the withdrawal code")
    page.reload()
    check("status page")

    page.goto(f"{url}/withdraw/{code}")
    check("withdraw page")
    page.get_by_role("button", name=words["withdraw"]).click()  # the box is not ticked
    page.wait_for_selector("#error")
    check("withdraw page with an error")
    page.get_by_label(words["sure"]).check()
    page.get_by_role("button", name=words["withdraw"]).click()
    page.wait_for_selector("h1")
    check("withdrawn page")

    page.goto(f"{url}/no/such/page")
    check("404 page")
    return found, overflow


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("width", [1280, 320])
def test_public_pages_have_no_serious_accessibility_problems(app, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        with serving(app) as url:
            found, overflow = walk(context.new_page(), url, lang)
    finally:
        context.close()
    assert found == [], report(found)
    assert {where: px for where, px in overflow.items() if px} == {}, "pages scroll sideways at this width"
