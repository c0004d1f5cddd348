"""Recording a story in the browser, with Chromium's fake microphone (it plays a beep tone)."""

from __future__ import annotations

import re

import pytest
from browser import CHROMIUM_ARGS, chromium_or_skip, serving

from stories.model import State
from wiring.tasks import wire

pytestmark = pytest.mark.slow

FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                   "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def recording_browser(browser):
    """Chromium that grants the microphone without asking; other tests keep the normal arguments.

    It is launched from the session's Playwright: a second sync_playwright() in the same thread fails.
    """
    chromium = browser.browser_type.launch(executable_path=chromium_or_skip(),
                                           args=CHROMIUM_ARGS + FAKE_MICROPHONE)
    yield chromium
    chromium.close()


@pytest.fixture
def mic_page(recording_browser):
    context = recording_browser.new_context()
    yield context.new_page()
    context.close()


def record(page, seconds: float) -> None:
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_function("() => document.querySelector('[data-recorder=timer]').textContent >= '00:01'")
    page.wait_for_timeout(seconds * 1000)


def test_record_pause_listen_record_again_and_send(app, mic_page, store, settings):
    page = mic_page
    queue = wire(settings)
    # Keep hold of the streams the page opens, to check that Stop gives the microphone back.
    page.add_init_script("""{
        const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        window.openedStreams = [];
        navigator.mediaDevices.getUserMedia = c => open(c).then(s => { openedStreams.push(s); return s; });
    }""")
    with serving(app) as url:
        page.goto(url)
        recorder = page.get_by_role("group", name="Record your story here")
        assert recorder.is_visible()
        record(page, 2)

        pause = page.get_by_role("button", name="Pause")
        assert pause.evaluate("b => b === document.activeElement")  # focus moves to the next control
        page.keyboard.press("Enter")  # the controls work from the keyboard
        resume = page.get_by_role("button", name="Resume")
        assert resume.get_attribute("aria-pressed") == "true"
        assert page.get_by_role("status").inner_text() == "Paused."
        paused_at = page.locator("[data-recorder=timer]").inner_text()
        page.wait_for_timeout(1200)
        assert page.locator("[data-recorder=timer]").inner_text() == paused_at  # the clock stops too
        resume.click()
        page.wait_for_timeout(1500)
        level = float(page.locator("[data-recorder=level]").evaluate("m => m.value"))
        assert level > 0  # the analyser hears the fake device's tone
        page.get_by_role("button", name="Stop").click()

        player = page.locator("audio[data-recorder=player]")
        player.wait_for(state="visible")
        assert page.evaluate("openedStreams.flatMap(s => s.getTracks()).every(t => t.readyState === 'ended')")
        files = page.eval_on_selector("#recording", "i => Array.from(i.files, f => [f.name, f.size])")
        assert len(files) == 1 and files[0][0].startswith("recording-") and files[0][1] > 1000
        assert duration_of(page) > 2
        player.evaluate("a => a.play()")
        page.wait_for_function("() => document.querySelector('[data-recorder=player]').currentTime > 0.3")

        # A second take replaces the first.
        page.get_by_role("button", name="Record again").click()
        page.wait_for_function("() => document.querySelector('#recording').files.length === 0")
        page.wait_for_function("() => document.querySelector('[data-recorder=timer]').textContent >= '00:03'")
        page.get_by_role("button", name="Stop").click()
        player.wait_for(state="visible")
        assert duration_of(page) > 2

        page.get_by_label("Title of your story").fill("Recorded on my phone")
        page.get_by_label("Language of the story").select_option("en")
        page.get_by_label("Publish it in the public archive").check()
        page.get_by_role("button", name="Send my story").click()
        page.wait_for_url("**/stories/*")
        story_id = page.url.rsplit("/", 1)[1]
    story = store.get(story_id)
    assert story["media_format"] == "webm" and story["original_filename"].startswith("recording-")
    queue.run_burst()  # the worker transcribes and analyses; a beep may have no words, which fails saying so
    story = store.get(story_id)
    heard_nothing = story["state"] == State.FAILED and "No speech was heard" in story["error"]
    assert story["state"] in (State.TRANSCRIBED, State.IN_REVIEW) or heard_nothing, story["error"]
    assert story["duration"] > 2


PLAYER = "document.querySelector('audio[data-recorder=player]')"
#: Where Chromium's player controls show the length ("/ 0:03").
LENGTH_SHOWN = "-webkit-media-controls-time-remaining-display"


def duration_of(page) -> float:
    """The player's duration, once the page has learnt it (MediaRecorder's WebM has no duration header)."""
    page.wait_for_function(f"() => Number.isFinite({PLAYER}.duration)")
    return page.evaluate(f"{PLAYER}.duration")


def shown_length(page) -> str:
    """The length Chromium's own player controls show: they sit in a closed shadow root,
    which only the DevTools protocol reads."""
    def texts(node: dict, pseudo: str = "") -> list[tuple[str, str]]:
        attributes = node.get("attributes", [])
        if "pseudo" in attributes:
            pseudo = attributes[attributes.index("pseudo") + 1]
        found = [(pseudo, node["nodeValue"].strip())] if node.get("nodeType") == 3 else []
        for child in node.get("children", []) + node.get("shadowRoots", []):
            found += texts(child, pseudo)
        return found

    session = page.context.new_cdp_session(page)
    try:
        element = session.send("Runtime.evaluate", {"expression": PLAYER})["result"]["objectId"]
        player = session.send("DOM.describeNode", {"objectId": element, "depth": -1, "pierce": True})["node"]
    finally:
        session.detach()
    return " ".join(text for pseudo, text in texts(player) if pseudo == LENGTH_SHOWN)


def test_the_listen_back_player_shows_the_recording_length_not_0_00(app, mic_page):
    page = mic_page
    with serving(app) as url:
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(url)
        record(page, 3)
        page.get_by_role("button", name="Stop").click()
        page.locator("audio[data-recorder=player]").wait_for(state="visible")
        length = duration_of(page)
        assert 3 < length < 10
        timer = page.locator("[data-recorder=timer]").inner_text()
        page.wait_for_function(f"() => {PLAYER}.currentTime === 0")
        for _ in range(20):  # the controls redraw their time a moment after the duration changes
            shown = shown_length(page)
            if shown not in ("", "/ 0:00"):
                break
            page.wait_for_timeout(250)
        minutes, seconds = re.fullmatch(r"/ (\d+):(\d\d)", shown).groups()
        shown_seconds = int(minutes) * 60 + int(seconds)
        assert shown_seconds > 0 and abs(shown_seconds - length) < 1, shown
        assert abs(int(timer[-2:]) - length) <= 2, (timer, length)  # the player agrees with the clock


def test_without_media_recorder_only_the_file_input_shows(app, mic_page):
    mic_page.add_init_script("delete window.MediaRecorder")
    with serving(app) as url:
        mic_page.goto(url)
        mic_page.wait_for_load_state("load")
        assert mic_page.locator("#recorder").is_hidden()
        assert mic_page.get_by_label("Your recording").is_visible()


def test_the_recorder_is_in_the_first_layout_so_nothing_shifts(app, recording_browser):
    context = recording_browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    # Every layout shift from the first paint on, as Lighthouse counts them.
    page.add_init_script("""window.shifts = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) window.shifts += e.value; })
            .observe({type: "layout-shift", buffered: true});""")
    try:
        with serving(app) as url:
            page.goto(url)
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)
            assert page.locator("#recorder").is_visible()
            assert page.evaluate("window.shifts") < 0.01
    finally:
        context.close()
