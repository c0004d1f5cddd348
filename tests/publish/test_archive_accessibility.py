"""WCAG 2.1 AA on the public archive's pages, checked by axe-core in real Chromium (also at 320 px)."""

import pytest
from axe import horizontal_overflow, report, scan

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("width", [1280, 320])
def test_archive_pages_have_no_serious_accessibility_problems(browser, archive_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    found, overflow = [], {}
    try:
        page.goto(archive_url + "/search?q=social+housing")
        story = page.eval_on_selector("ol.results a.story-link", "a => a.getAttribute('href')")
        for path in ("/", "/search?q=social+housing", story, "/themes", "/themes/housing", "/map", "/about"):
            page.goto(archive_url + path)
            page.wait_for_load_state("load")
            found.extend(scan(page, path))
            overflow[path] = horizontal_overflow(page)
    finally:
        context.close()
    assert found == [], report(found)
    assert {path: px for path, px in overflow.items() if px} == {}, "pages scroll sideways at this width"
