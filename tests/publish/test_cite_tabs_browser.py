"""Citations as tabs, in real Chromium at a phone's width and a desktop's: one format at a time,
from the mouse and the keyboard, copied with feedback beside the button, the same component in the
"Cite these words" dialog, which fits the screen, and every format readable without JavaScript."""

import httpx
from axe import report, scan

WIDTHS = (390, 1280)
FORMATS = ("apa", "chicago", "bibtex", "csl_json")

#: Which panels of the component under ``root`` are shown, by format.
SHOWN = """root => [...root.querySelectorAll('.cite-panel')].filter(p => p.checkVisibility())
    .map(p => p.id.replace(/^[a-z]+-/, '').replace(/-panel$/, ''))"""
#: The component's shape with its id prefix taken out: tags, classes and roles, in document order.
SHAPE = """root => [...root.querySelectorAll('[data-cite-tabs], [data-cite-tabs] *')].map(e =>
    [e.tagName, e.className, e.getAttribute('role'), (e.id || '').replace(/^[a-z]+-/, '')].join(' '))"""
#: Pixels by which the element's content is wider than its box (0: nothing sticks out to the side).
WIDER = "e => Math.max(0, e.scrollWidth - e.clientWidth)"
#: Makes the clipboard refuse, as a browser without permission or on plain http does.
REFUSE_CLIPBOARD = ("navigator.clipboard.writeText = "
                    "() => Promise.reject(new DOMException('refused', 'NotAllowedError'));")


def story_path(archive_url: str) -> str:
    query = "/archive/stories.json?_shape=array&_col=id&title=Waiting+for+a+home"
    return "/stories/" + httpx.get(archive_url + query).json()[0]["id"]


#: Whether the element can be seen: the point at its middle is it, not something covering or clipping it.
SEEN = """e => { const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return r.width > 0 && (hit === e || e.contains(hit)); }"""
#: The rows the tabs take.
TAB_ROWS = "root => new Set([...root.querySelectorAll('[role=tab]')].map(t => Math.round(t.offsetTop))).size"


def beside(page, button: str, status: str) -> bool:
    """Whether the status shows on the button's line, both in sight."""
    b, s = page.locator(button).bounding_box(), page.locator(status).bounding_box()
    same_line = s is not None and s["y"] < b["y"] + b["height"] and s["y"] + s["height"] > b["y"]
    return same_line and page.locator(button).evaluate(SEEN) and page.locator(status).evaluate(SEEN)


def test_the_story_page_shows_one_format_at_a_time_and_copies_it(browser, archive_url):
    story = story_path(archive_url)
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        try:
            page.goto(archive_url + story)
            cite = page.locator("section.cite")
            assert cite.evaluate(SHOWN) == ["apa"], width
            assert page.locator("#cite-apa-tab").get_attribute("aria-selected") == "true"
            assert cite.evaluate(TAB_ROWS) == 1, width

            page.click("#cite-chicago-tab")
            assert cite.evaluate(SHOWN) == ["chicago"], width
            assert page.get_attribute("#cite-chicago-panel", "aria-labelledby") == "cite-chicago-tab"
            # The keyboard: arrows move along the tabs (and wrap), Home and End go to either end.
            for key, shown in (("ArrowRight", "bibtex"), ("ArrowRight", "csl_json"), ("ArrowRight", "apa"),
                               ("ArrowLeft", "csl_json"), ("Home", "apa"), ("End", "csl_json")):
                page.keyboard.press(key)
                assert cite.evaluate(SHOWN) == [shown], (width, key)
                assert page.evaluate("document.activeElement.id") == f"cite-{shown}-tab"
                assert page.get_attribute(f"#cite-{shown}-tab", "aria-selected") == "true"
            assert page.evaluate("[...document.querySelectorAll('.cite [role=tab]')].map(t => t.tabIndex)") \
                == [-1, -1, -1, 0]
            # The 30-line CSL-JSON wraps inside the page, and the page does not scroll sideways.
            assert page.locator("#cite-csl_json").evaluate(WIDER) == 0, width
            assert page.evaluate("document.documentElement.scrollWidth") <= width

            page.click("button.copy[data-copy=cite-csl_json]")
            status = "#cite-csl_json-panel .copy-status"
            page.wait_for_selector(f"{status}:has-text('Copied')")
            assert beside(page, "button.copy[data-copy=cite-csl_json]", status), width
            assert page.evaluate("navigator.clipboard.readText()") == page.inner_text("#cite-csl_json")
            assert '"literal": "Sam"' in page.inner_text("#cite-csl_json")
        finally:
            context.close()


def test_a_refused_clipboard_selects_the_text_and_says_how_to_copy_it(browser, archive_url):
    story = story_path(archive_url)
    context = browser.new_context(viewport={"width": 390, "height": 800})
    context.add_init_script(REFUSE_CLIPBOARD)
    page = context.new_page()
    try:
        page.goto(archive_url + story)
        page.click("button.copy[data-copy=cite-apa]")
        page.wait_for_selector("#cite-apa-panel .copy-status:has-text('Press Ctrl+C to copy')")
        assert beside(page, "button.copy[data-copy=cite-apa]", "#cite-apa-panel .copy-status")
        assert page.evaluate("String(window.getSelection())") == page.inner_text("#cite-apa")
        # The longest case: the last format, in the dialog, on a phone.
        page.click("#seg-2 button.cite-moment")
        page.locator("#cite-dialog [data-cite-tabs][data-enhanced]").wait_for()
        page.click("#moment-csl_json-tab")
        page.click("#cite-dialog button.copy[data-copy=moment-csl_json]")
        status = "#moment-csl_json-panel .copy-status"
        page.wait_for_selector(f"{status}:has-text('Press Ctrl+C to copy')")
        assert beside(page, "#cite-dialog button.copy[data-copy=moment-csl_json]", status)
        assert page.evaluate("String(window.getSelection())") == page.inner_text("#moment-csl_json")
    finally:
        context.close()


def test_the_dialog_shows_the_same_tabs_and_fits_the_screen(browser, archive_url):
    story = story_path(archive_url)
    found = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        try:
            page.goto(archive_url + story)
            page.click("#seg-2 button.cite-moment")
            dialog = page.locator("#cite-dialog")
            dialog.locator("[data-cite-tabs][data-enhanced]").wait_for()
            assert "neighbour finally helped" in page.inner_text("#cite-dialog-quote")
            # One component: the dialog's tabs have the page's shape, ids apart.
            assert dialog.evaluate(SHAPE) == page.locator("section.cite").evaluate(SHAPE)
            assert dialog.evaluate(SHOWN) == ["apa"], width
            assert dialog.evaluate(TAB_ROWS) == 1, width
            assert "0:05" in page.inner_text("#moment-apa")

            page.click("#moment-bibtex-tab")
            assert dialog.evaluate(SHOWN) == ["bibtex"], width
            page.keyboard.press("ArrowRight")
            assert dialog.evaluate(SHOWN) == ["csl_json"], width

            # It fits: nothing in it is wider than it, it is no wider than the screen, Close is on it.
            box = dialog.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
            assert box["width"] <= 40 * 16 + 1 and box["width"] <= width - 32 + 1, (width, box)
            assert dialog.evaluate(WIDER) == 0 and dialog.locator(".dialog-body").evaluate(WIDER) == 0
            assert page.locator("#moment-csl_json").evaluate(WIDER) == 0, width
            close = dialog.get_by_role("button", name="Close").bounding_box()
            assert 0 <= close["y"] and close["y"] + close["height"] <= 800, (width, close)
            assert 0 <= close["x"] and close["x"] + close["width"] <= width, (width, close)
            assert page.evaluate("document.documentElement.scrollWidth") <= width

            page.click("#cite-dialog button.copy[data-copy=moment-csl_json]")
            status = "#moment-csl_json-panel .copy-status"
            page.wait_for_selector(f"{status}:has-text('Copied')")
            assert beside(page, "#cite-dialog button.copy[data-copy=moment-csl_json]", status), width
            assert '"note": "at 0:05"' in page.evaluate("navigator.clipboard.readText()")
            found.extend(scan(page, f"dialog at {width}px"))

            dialog.get_by_role("button", name="Close").click()
            assert not page.evaluate("document.getElementById('cite-dialog').open")
        finally:
            context.close()
    assert found == [], report(found)


def test_without_javascript_every_format_is_readable(browser, archive_url):
    story = story_path(archive_url)
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(archive_url + story)
        cite = page.locator("section.cite")
        assert cite.evaluate(SHOWN) == list(FORMATS)
        assert not page.locator(".cite [role=tablist]").is_visible()
        assert [page.locator(f"#cite-{key}-h").is_visible() for key in FORMATS] == [True] * 4
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_the_dialog_speaks_the_language_of_the_page(browser, archive_url):
    story = story_path(archive_url)
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        page.goto(archive_url + story + "?lang=es")
        context.clear_cookies()  # the page's own language decides, not a remembered choice
        page.click("#seg-2 button.cite-moment")
        page.locator("#cite-dialog [data-cite-tabs][data-enhanced]").wait_for()
        for where in ("section.cite", "#cite-dialog"):
            assert page.get_attribute(f"{where} [role=tablist]", "aria-label") == "Formato de la referencia"
            assert page.locator(f"{where} button.copy").first.inner_text().startswith("Copiar")
    finally:
        context.close()
