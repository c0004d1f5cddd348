"""The archive in real Chromium: search, open a story, play from a segment, cite it, open a theme."""


def test_search_open_play_from_a_segment_cite_and_open_a_theme(browser, archive_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(archive_url + "/search")
        page.fill("#q", "social housing")
        page.click("button[type=submit]")
        page.wait_for_selector("ol.results mark")
        page.click("a.story-link")
        page.wait_for_selector("#player")
        assert page.title().startswith("Waiting for a home")

        page.click("#seg-2 .seg-text")  # clicking a segment plays from its start
        page.wait_for_function("() => document.getElementById('player').currentTime >= 5.0")
        assert page.evaluate("document.getElementById('player').currentTime") < 7.1
        page.wait_for_selector("#seg-2.current")
        assert page.url.endswith("#t=5")

        page.click("button.copy[data-copy=cite-apa]")
        page.wait_for_selector(".cite .copy-status:has-text('Copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.inner_text("#cite-apa") and "Sam. (" in copied

        page.click("a[href='/themes/housing']")
        page.wait_for_selector("h1")
        assert "Housing" in page.inner_text("h1")
    finally:
        context.close()


def test_a_permalink_with_a_timecode_opens_the_story_playing_from_there(browser, archive_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(archive_url + "/search?q=neighbour")
        story = page.eval_on_selector("ol.results a.story-link", "a => a.getAttribute('href')")
        # A link opened from elsewhere cannot autoplay, but it must start from the moment it names.
        page.goto(archive_url + story + "#t=3")
        page.wait_for_function("() => document.getElementById('player').currentTime >= 3")
        page.wait_for_selector("#seg-1.current")
        page.keyboard.press("Tab")  # the page can be used from the keyboard: first stop is the skip link
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    finally:
        context.close()


A11Y_PROBLEMS = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (!el.labels?.length && !el.getAttribute("aria-label")) problems.push("unlabelled " + el.outerHTML);
  }
  for (const el of document.querySelectorAll("button, a[href]")) {
    const name = (el.getAttribute("aria-label") || el.textContent || el.title || "").trim();
    if (!name) problems.push("nameless " + el.outerHTML.slice(0, 80));
  }
  if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push("scrolls sideways");
  return problems;
}"""


def test_pages_are_labelled_and_fit_a_phone(browser, archive_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(archive_url + "/search?q=housing")
        story = page.eval_on_selector("ol.results a.story-link", "a => a.getAttribute('href')")
        for path in ("/", "/search?q=housing", story, "/themes", "/themes/housing", "/map", "/about"):
            page.goto(archive_url + path)
            assert page.evaluate(A11Y_PROBLEMS) == [], path
    finally:
        context.close()


#: Words cut across two lines ("Employme/nt") in table cells and theme pills; a line may still
#: end at a hyphen ("risk-/aversion"), so the parts between hyphens are the words checked.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("td, th, .chips li")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_words_stay_whole_and_the_dates_stay_together(browser, archive_url):
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        try:
            page.goto(archive_url + "/search?q=housing")
            story = page.eval_on_selector("ol.results a.story-link", "a => a.getAttribute('href')")
            for path in ("/", "/themes", "/themes/housing", "/search?q=housing", story):
                page.goto(archive_url + path)
                assert page.evaluate(BROKEN_WORDS) == [], (width, path)
            page.goto(archive_url + "/search")
            since, until = (page.locator(f"#{name}").bounding_box() for name in ("since", "until"))
            assert abs(since["y"] - until["y"]) < 2, width  # "To" never wraps alone
            pills = page.locator("ol.results .chips li")
            if pills.count():
                assert pills.first.evaluate("li => li.getClientRects().length") == 1
        finally:
            context.close()
