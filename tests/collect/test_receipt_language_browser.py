"""The confirmation page's language switcher, in real Chromium: the one-time withdrawal code survives a
switch of language (never in an address), and is gone once its few minutes are up or another story is sent."""

import pytest
from browser import serving

from collect import receipts

pytestmark = pytest.mark.slow


def send(page, url: str, title: str) -> str:
    """Send a written story through the English form; the confirmation page's story id."""
    page.goto(f"{url}/?lang=en")
    page.get_by_label("Title of your story").fill(title)
    page.get_by_label("Or write your story here").fill("Eight months on the housing list, and no answer.")
    page.get_by_role("button", name="Send my story").click()
    page.wait_for_url("**/stories/*")
    return page.url.rsplit("/", 1)[1]


def test_switching_language_keeps_the_code_until_it_expires_or_another_story_is_sent(app, page, store,
                                                                                    monkeypatch):
    with serving(app) as url:
        page.set_viewport_size({"width": 360, "height": 800})
        first = send(page, url, "Waiting list")
        code = page.locator("#withdrawal-code").inner_text()
        switcher = page.get_by_role("navigation", name="Language")
        switcher.get_by_role("link", name="Español").click()
        page.wait_for_url("**?lang=es")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("#withdrawal-code").inner_text() == code
        assert page.get_by_role("heading", name="Tu código privado de retirada").is_visible()
        assert code not in page.url and code.replace("-", "") not in page.url
        private = page.locator("#private-link")
        assert private.inner_text().endswith(f"/stories/mine/{code}")

        # Another switch a moment later still shows it; once the time is up, it is gone.
        page.get_by_role("navigation", name="Idioma").get_by_role("link", name="Italiano").click()
        page.wait_for_url("**?lang=it")
        assert page.locator("#withdrawal-code").inner_text() == code
        later = receipts.now() + receipts.AGAIN_SECONDS + 1
        monkeypatch.setattr(receipts, "now", lambda: later)
        page.get_by_role("navigation", name="Lingua").get_by_role("link", name="Suomi").click()
        page.wait_for_url("**?lang=fi")
        assert page.locator("#withdrawal-code").count() == 0
        assert first in page.content()  # the public status page, without the teller's code
        monkeypatch.undo()

        # A reload without switching forgets it at once.
        second = send(page, url, "Bus pass")
        assert page.locator("#withdrawal-code").is_visible()
        page.reload()
        assert page.locator("#withdrawal-code").count() == 0
        page.goto(f"{url}/stories/{second}?lang=en")
        assert page.locator("#withdrawal-code").count() == 0

        # Sending another story replaces the code: the first story's page no longer has it.
        third = send(page, url, "Clinic")
        page.goto(f"{url}/stories/{second}?lang=es")
        assert page.locator("#withdrawal-code").count() == 0
        page.goto(f"{url}/stories/{third}?lang=es")
        assert page.locator("#withdrawal-code").is_visible()
    assert len(store.all()) == 3
