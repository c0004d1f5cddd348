"""The archive's header links back to the form (share a story, withdraw a story), at the address
`stories serve` gives it, in the page's language; an archive that does not know the form's address
leaves them out rather than link to a guess."""

from datasette_client import datasette_get
from published import build, publish_story

from stories.settings import load_settings
from wiring import serve

FORM = "https://stories.example.org/share"


def test_serve_tells_the_archive_where_the_form_is(settings, monkeypatch):
    assert serve.child_environment(settings)["STORIES_FORM_URL"] == f"http://127.0.0.1:{settings.web_port}"
    monkeypatch.setenv("STORIES_FORM_URL", FORM + "/")
    configured = load_settings()
    assert configured.form_url == FORM + "/"
    assert serve.child_environment(configured)["STORIES_FORM_URL"] == FORM


def test_an_archive_served_alone_has_no_links_to_a_form_it_does_not_know(store, settings, monkeypatch):
    monkeypatch.delenv("STORIES_FORM_URL", raising=False)
    publish_story(store, "Waiting for a home", [(None, None, "We waited two years.")])
    build(store, settings)
    header = datasette_get(settings, "/search").text.split("</header>")[0]
    assert "Share a story" not in header and "Withdraw a story" not in header and "/withdraw" not in header


def test_the_archive_header_links_to_the_form_in_the_pages_language(browser, monkeypatch, request):
    monkeypatch.setenv("STORIES_FORM_URL", FORM)
    archive = request.getfixturevalue("archive_url")  # started after the setting, as `stories serve` does
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        try:
            for path, lang, share, withdraw in (("/", "en", "Share a story", "Withdraw a story"),
                                                ("/search?lang=es", "es", "Compartir una historia",
                                                 "Retirar una historia"),
                                                ("/themes?lang=fi", "fi", "Jaa tarina", "Peru tarina")):
                page.goto(archive + path)
                header = page.locator("header.site")
                assert header.get_by_role("link", name=share).get_attribute("href") == f"{FORM}/?lang={lang}"
                assert header.get_by_role("link", name=withdraw).get_attribute("href") == \
                    f"{FORM}/withdraw?lang={lang}"
                assert header.get_by_role("link", name=share).is_visible()
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, path)
        finally:
            context.close()
