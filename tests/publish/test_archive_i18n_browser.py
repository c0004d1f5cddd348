"""A Spanish browser gets the archive in Spanish, and the switcher changes it for the next pages too,
in real Chromium against the real `datasette serve`."""

import pytest
from axe import report, walk_archive


def test_a_spanish_browser_reads_the_archive_in_spanish_and_switches_to_finnish(browser, archive_url):
    context = browser.new_context(locale="es-ES")  # Chromium then sends Accept-Language: es-ES
    page = context.new_page()
    try:
        page.goto(archive_url + "/search")
        assert page.get_attribute("html", "lang") == "es"
        assert page.inner_text("h1") == "Buscar en las historias"
        # Theme labels come from the codebook's Spanish labels.
        assert page.locator(".facet-box a", has_text="Vivienda").count() == 1

        page.click("a.story-link:has-text('Waiting for a home')")
        page.wait_for_selector("#player")
        assert page.locator("#themes-h").inner_text() == "Temas"
        assert page.locator("a[data-theme=housing]").inner_text() == "Vivienda"

        switcher = page.locator("nav.languages")
        assert switcher.get_attribute("aria-label") == "Idioma"
        assert switcher.locator("a").all_inner_texts() == ["English", "Español", "Italiano", "Suomi"]
        assert switcher.locator("a[aria-current=true]").inner_text() == "Español"
        switcher.locator("a[hreflang=fi]").click()
        page.wait_for_function("() => document.documentElement.lang === 'fi'")
        assert page.locator("#themes-h").inner_text() == "Teemat"
        assert page.locator("#player").count() == 1  # the same story, now in Finnish

        # The choice is remembered over the browser's Spanish on the next page.
        page.click("header.site a[href='/themes']")
        page.wait_for_selector("h1")
        assert page.get_attribute("html", "lang") == "fi" and page.inner_text("h1") == "Teemat"
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["es-ES", "fi-FI"])
def test_translated_pages_fit_a_phone_with_no_serious_accessibility_problems(browser, archive_url, locale):
    """Longer words (Finnish compounds) and the switcher must not push a 360 px page sideways."""
    found, overflow, languages = walk_archive(browser, archive_url, locale=locale,
                                              viewport={"width": 360, "height": 800})
    assert set(languages.values()) == {locale[:2]}, languages
    assert found == [], report(found)
    assert {path: px for path, px in overflow.items() if px} == {}, "pages scroll sideways at 360 px"
