"""The shared design on the form and moderation pages, and the form's file drop zones, in real Chromium."""

from __future__ import annotations

import base64

import pytest
from axe import horizontal_overflow, report, scan
from browser import serving
from steps import save_analysis, save_transcript

from stories.model import Analysis, Kind, Segment, Transcript
from stories.users import add_user

pytestmark = pytest.mark.slow

#: Drops a file, built in the page from base64, on the zone around ``selector``: what a drag from the
#: desktop does, as far as the page can tell. Returns whether the zone showed the drag over it.
DROP = """([selector, name, type, data]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type}));
  const zone = document.querySelector(selector).closest("[data-dropzone]");
  const fire = kind => zone.dispatchEvent(new DragEvent(kind, {dataTransfer: transfer, bubbles: true,
                                                               cancelable: true}));
  fire("dragenter");
  fire("dragover");
  const shown = zone.classList.contains("is-dragover");
  const taken = !fire("drop");  // the zone took it (preventDefault): the browser does not open the file
  return {shown, taken, left: zone.classList.contains("is-dragover")};
}"""
STYLESHEETS = "() => Array.from(document.styleSheets, s => new URL(s.href).pathname)"


def rgb(hex_colour: str) -> str:
    """'#0b5394' as getComputedStyle says it: 'rgb(11, 83, 148)'."""
    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def token(page, name: str) -> str:
    return page.evaluate(f"getComputedStyle(document.documentElement).getPropertyValue('{name}').trim()")


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')")


def test_the_form_and_the_review_page_take_the_design_tokens(app, store, browser):
    story_id = store.create_story({"title": "Bus pass", "kind": "text", "body": "I waited."},
                                  {"publish": True})
    save_transcript(store, story_id, Transcript([Segment(0, "I waited.", None, None)], "en", 0.99, None, "w",
                                                "tiny.en"), "w", 0)
    save_analysis(store, story_id, Analysis([], [], [], "v1"), "w", 0)  # now waiting for review
    add_user(store, "mo", "correct horse battery", "moderator")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        with serving(app) as url:
            page.goto(url + "/")
            # The design first, then the form's own small stylesheet, which may build on it.
            assert page.evaluate(STYLESHEETS) == ["/design/design.css", "/static/style.css"]
            accent = token(page, "--colour-accent")
            assert accent == "#0b5394"
            assert style(page, "button[type=submit]", "background-color") == rgb(accent)
            assert style(page, "body", "background-color") == rgb(token(page, "--colour-paper"))
            assert style(page, "#recording", "opacity") == "0"  # drawn as a zone, not the browser's button
            assert style(page, ".dropzone", "border-top-style") == "dashed"

            page.goto(url + "/login")
            page.fill("#name", "mo")
            page.fill("#password", "correct horse battery")
            assert style(page, "#password", "border-top-color") == rgb(token(page, "--colour-edge"))
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(url + "/moderate/")
            page.goto(f"{url}/moderate/{story_id}")
            assert page.evaluate(STYLESHEETS) == ["/design/design.css", "/static/style.css"]
            secondary = "main button.secondary"
            assert style(page, secondary, "color") == rgb(token(page, "--colour-accent"))
            assert style(page, secondary, "border-top-color") == rgb(token(page, "--colour-accent"))
            assert style(page, "header.site", "background-color") == rgb(token(page, "--colour-surface"))
    finally:
        context.close()


def test_a_recording_dropped_on_its_zone_is_sent_with_the_story(app, store, browser, speech):
    wav = base64.b64encode(speech("librivox-0870.wav").read_bytes()).decode()
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        with serving(app) as url:
            page.goto(url + "/")
            zone = page.locator(".dropzone", has=page.locator("#recording"))
            assert zone.locator("[data-dropzone-file]").inner_text() == "No file chosen"
            dropped = page.evaluate(DROP, ["#recording", "voice-note.wav", "audio/wav", wav])
            assert dropped == {"shown": True, "taken": True, "left": False}
            chosen = page.eval_on_selector("#recording", "i => Array.from(i.files, f => f.name)")
            assert chosen == ["voice-note.wav"]
            assert zone.locator("[data-dropzone-file]").inner_text() == "Chosen: voice-note.wav (227 kB)"
            assert "has-file" in zone.get_attribute("class")
            assert horizontal_overflow(page) == 0
            found = scan(page, "the form with a dropped recording")
            page.get_by_label("Title of your story").fill("The bus to the clinic")
            page.get_by_role("button", name="Send my story").click()
            page.wait_for_url("**/stories/*")
    finally:
        context.close()
    assert found == [], report(found)
    story = store.all()[0]
    assert story["kind"] == Kind.AUDIO and story["original_filename"] == "voice-note.wav"


def test_a_photo_dropped_on_its_zone_is_named_in_the_tellers_language(app, browser):
    long_name = "IMG_" + "2026" * 30 + ".jpg"  # no space to wrap at: it must not widen the page
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        with serving(app) as url:
            page.goto(url + "/?lang=es")
            assert page.get_by_text("Suelta aquí una foto o elige un archivo").is_visible()
            jpeg = base64.b64encode(b"\xff\xd8" * 1500).decode()
            page.evaluate(DROP, ["#photo", long_name, "image/jpeg", jpeg])
            shown = page.locator(".dropzone", has=page.locator("#photo")).locator("[data-dropzone-file]")
            assert shown.inner_text() == f"Elegido: {long_name} (3 kB)"
            assert horizontal_overflow(page) == 0
    finally:
        context.close()


def test_the_zone_works_by_keyboard(app, browser, tmp_path, speech):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    # Intercept file choosers from the start: Playwright turns interception on without waiting for it,
    # so a chooser opened just after the first expect_file_chooser could still go to the (headless) OS.
    page.on("filechooser", lambda chooser: None)
    try:
        with serving(app) as url:
            page.goto(url + "/")
            page.focus("#title")
            for _ in range(6):  # past the recorder's buttons, to the recording
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.id") == "recording":
                    break
            assert page.evaluate("document.activeElement.id") == "recording"
            # The invisible input has the focus; its zone shows it, with the design's focus ring.
            zone = ".dropzone:has(#recording)"
            assert style(page, zone, "outline-style") == "solid"
            assert style(page, zone, "outline-color") == rgb(token(page, "--colour-focus"))
            with page.expect_file_chooser() as chooser:
                page.keyboard.press("Enter")
            assert chooser.value.element.get_attribute("id") == "recording"
            chooser.value.set_files(str(speech("librivox-0870.wav")))
            assert page.inner_text(f"{zone} [data-dropzone-file]") == "Chosen: librivox-0870.wav (227 kB)"
            with page.expect_file_chooser() as chooser:
                page.keyboard.press(" ")
            assert chooser.value.element.get_attribute("id") == "recording"
    finally:
        context.close()


def test_without_javascript_the_browsers_own_file_input_shows_in_the_zone(app, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        with serving(app) as url:
            page.goto(url + "/")
            assert style(page, "#recording", "opacity") == "1" and page.is_visible("#recording")
            # The browser names the chosen file itself.
            assert not page.is_visible(".dropzone:has(#recording) [data-dropzone-file]")
            assert page.is_visible("text=Drop a recording here or choose a file")
    finally:
        context.close()
