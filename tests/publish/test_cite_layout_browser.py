"""The story page's citation tabs are drawn as tabs in the first layout: nothing shifts when cite.js
takes over (Lighthouse counted a layout shift of 0.198 when all four formats were drawn first and then
folded away), with the reader's last format first. Without JavaScript every format stays readable:
test_cite_tabs_browser.py."""

import time

import httpx
import pytest

#: Which citation panels the reader can see, by format.
SHOWN = """root => [...root.querySelectorAll('.cite-panel')].filter(p => p.checkVisibility())
    .map(p => p.dataset.format)"""

#: Every layout shift from the first paint on, as Lighthouse counts them (the shifts a reader did not
#: cause by a tap).
WATCH_SHIFTS = """window.shifts = [];
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput)
        window.shifts.push([e.value, e.sources.map(s => s.node ? s.node.className || s.node.nodeName : '?')]);
    }).observe({type: "layout-shift", buffered: true});"""


def slowly(route) -> None:
    time.sleep(0.8)
    route.continue_()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("chosen", [None, "bibtex"])
def test_the_first_layout_is_the_final_one(browser, archive_url, width, chosen):
    # Tall enough that the citations and all below them are in view, where a shift counts.
    context = browser.new_context(viewport={"width": width, "height": 2400})
    page = context.new_page()
    page.add_init_script(WATCH_SHIFTS)
    # cite.js arrives late, as on a phone's network: the page is drawn before it runs.
    page.route("**/assets/cite.js", slowly)
    if chosen:
        page.add_init_script(f"localStorage.setItem('cite-format', '{chosen}')")
    try:
        story = httpx.get(archive_url + "/archive/stories.json?_shape=array&_col=id&title=Waiting+for+a+home")
        page.goto(f"{archive_url}/stories/{story.json()[0]['id']}")
        page.wait_for_load_state("load")
        page.wait_for_function("document.querySelector('[data-cite-tabs]').dataset.enhanced")
        page.wait_for_timeout(300)
        assert page.locator("section.cite").evaluate(SHOWN) == [chosen or "apa"]
        shifts = page.evaluate("window.shifts")
        assert sum(value for value, _ in shifts) < 0.01, shifts
    finally:
        context.close()

