"""The archive takes the same design as the form, in real Chromium: one stylesheet, the same tokens."""

from __future__ import annotations

import httpx
import pytest
from axe import horizontal_overflow

from stories.design import STYLESHEET

pytestmark = pytest.mark.slow

#: The stylesheets the page loaded from files (Datasette's own pages have inline ones too).
STYLESHEETS = "() => Array.from(document.styleSheets).filter(s => s.href).map(s => new URL(s.href).pathname)"


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def computed(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')")


def test_the_archive_serves_the_cores_stylesheet(archive_url):
    response = httpx.get(archive_url + "/assets/design.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert response.content == STYLESHEET.read_bytes()  # the one file, not a copy that could drift


def test_archive_pages_take_the_design_tokens(browser, archive_url):
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(archive_url + "/search?q=housing")
        assert page.evaluate(STYLESHEETS) == ["/assets/design.css", "/assets/archive.css"]
        root = "getComputedStyle(document.documentElement)"
        accent = page.evaluate(f"{root}.getPropertyValue('--colour-accent')").strip()
        assert accent == "#0b5394"
        assert computed(page, ".search-form button[type=submit]", "background-color") == rgb(accent)
        assert computed(page, "ul.chips > li", "border-top-left-radius") == "999px"  # a pill
        assert horizontal_overflow(page) == 0
        story = page.eval_on_selector("ol.results a.story-link", "a => a.getAttribute('href')")
        page.goto(archive_url + story)
        assert computed(page, "button.cite-moment", "color") == rgb(accent)
        page.goto(archive_url + "/archive/stories")  # Datasette's own pages share the tokens too
        assert page.evaluate(STYLESHEETS)[-2:] == ["/assets/design.css", "/assets/archive.css"]
    finally:
        context.close()
