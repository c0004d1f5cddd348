"""The moderation pages on a phone, in real Chromium: nothing scrolls sideways, nothing blocks axe."""

from __future__ import annotations

import pytest
from axe import horizontal_overflow, report, scan
from browser import serving
from steps import save_analysis, save_transcript

from stories.model import Analysis, Redaction, Segment, Theme, ThemeTag, Transcript
from stories.users import add_user

pytestmark = pytest.mark.slow

LONG = ("The housing officer at Leeds City Council, Ms Catherine Fairweather-Lindqvist, emailed me at "
        "catherine.fairweather-lindqvist@leeds.example.gov.uk about my application HX-2026-0042-B.")


def reviewed_story(store) -> str:
    story_id = store.create_story({"title": "Waiting for a flat in Leeds", "kind": "text", "body": LONG},
                                  {"publish": True, "quote": True})
    segments = [Segment(0, LONG, 0.0, 9.5), Segment(1, "It took two years.", 9.5, 11.0)]
    save_transcript(store, story_id, Transcript(segments, "en", 0.99, 11.0, "w", "tiny.en"), "w", 0)
    save_analysis(store, story_id, Analysis(
        [ThemeTag("housing", 0, "housing officer", LONG, 0.0, 9.5)], [],
        [Theme("housing", "Housing", group="service-area")], "v1",
        redactions=[Redaction(0, 44, 75, "Ms Catherine Fairweather-Lindqvist", "name")]), "w", 0)
    return story_id


@pytest.mark.parametrize("width", [360, 390])
def test_the_review_page_fits_a_phone(app, store, browser, width):
    story_id = reviewed_story(store)
    add_user(store, "mo", "correct horse battery", "moderator")
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        with serving(app) as url:
            page.goto(url + "/login")
            page.fill("#name", "mo")
            page.fill("#password", "correct horse battery")
            page.locator("form button[type=submit]").first.click()
            page.wait_for_url(url + "/moderate/")
            overflow, found = {}, []
            for path in ("/moderate/", f"/moderate/{story_id}"):
                page.goto(url + path)
                page.wait_for_load_state("load")
                overflow[path] = horizontal_overflow(page)
                found.extend(scan(page, path))
    finally:
        context.close()
    assert {path: px for path, px in overflow.items() if px} == {}, "the moderation pages scroll sideways"
    assert found == [], report(found)


def test_after_approval_the_public_page_is_a_link_that_fits_a_phone(app, store, browser):
    story_id = reviewed_story(store)
    add_user(store, "mo", "correct horse battery", "moderator")
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        with serving(app) as url:
            page.goto(url + "/login")
            page.fill("#name", "mo")
            page.fill("#password", "correct horse battery")
            page.locator("form button[type=submit]").first.click()
            page.goto(f"{url}/moderate/{story_id}")
            page.get_by_role("button", name="Approve and publish").click()
            page.wait_for_url(url + "/moderate/")
            link = page.get_by_role("status").get_by_role("link")
            assert link.get_attribute("href").endswith(f"/stories/{story_id}")
            box, notice = link.bounding_box(), page.get_by_role("status").bounding_box()
            assert box["x"] + box["width"] <= notice["x"] + notice["width"]  # wrapped inside its notice
            assert horizontal_overflow(page) == 0
    finally:
        context.close()


def sign_in(page, url: str) -> None:
    page.goto(url + "/login")
    page.fill("#name", "mo")
    page.fill("#password", "correct horse battery")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(url + "/moderate/")


#: Whether the element is wholly inside the window.
IN_VIEW = "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"


@pytest.mark.parametrize("width", [360, 1280])
def test_saved_shows_where_the_moderator_saved_and_a_segment_reads_whole(app, store, browser, width):
    story_id = reviewed_story(store)
    add_user(store, "mo", "correct horse battery", "moderator")
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        with serving(app) as url:
            sign_in(page, url)
            page.goto(f"{url}/moderate/{story_id}")
            segment = page.locator("#seg-0")
            # The whole paragraph shows, with no scrolling inside its box.
            assert segment.evaluate("t => t.scrollHeight <= t.clientHeight + 2"), width
            segment.fill(LONG.replace("my application", "my housing application"))
            page.locator("#seg-0 ~ button").click()
            page.wait_for_url(f"**/moderate/{story_id}#seg-0")
            saved = page.get_by_role("status")
            assert saved.inner_text() == "Saved." and saved.evaluate(IN_VIEW), width
            assert saved.evaluate("(s, t) => t.closest('li').contains(s)", segment.element_handle())
            # A field of the story's details: "Saved." under that section's heading, in sight.
            page.locator("#fields ~ form input[name=value]").first.fill("Waiting for a flat")
            page.locator("#fields ~ form button[type=submit]").first.click()
            page.wait_for_url(f"**/moderate/{story_id}#fields")
            assert page.get_by_role("status").evaluate(IN_VIEW), width
            assert page.locator("#fields + [role=status]").inner_text() == "Saved."
    finally:
        context.close()
