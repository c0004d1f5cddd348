"""WCAG 2.1 AA on the public archive's pages, checked by axe-core in real Chromium (also at 320 px)."""

import pytest
from axe import horizontal_overflow, report, scan
from browser import archive_server
from published import build, publish_story

from stories import tasks
from stories.media import IncomingFile, keep

pytestmark = pytest.mark.slow


@pytest.fixture
def archive_url(store, settings, speech):
    """An archive with a real audio story on a theme, and a written one."""
    tasks.sync_themes(settings, store)
    incoming = IncomingFile.copy_of(speech("librivox-0870.wav"), settings.incoming_dir)
    path, _ = keep(incoming, settings.media_dir, "wav")
    publish_story(store, "Waiting for a home", [
        (0.0, 2.5, "We waited two years for social housing."),
        (2.5, 5.0, "The council lost our forms twice."),
        (5.0, 7.0, "A neighbour finally helped us apply.")],
        tags=[("housing", 0, "social housing")], media={"path": path, "sha": incoming.sha256},
        pseudonym="Sam")
    publish_story(store, "Another story", [(None, None, "Nothing to see about homes.")])
    build(store, settings)
    with archive_server(settings) as url:
        yield url


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
