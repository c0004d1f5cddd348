"""Recording a story in the browser, with Chromium's fake microphone (it plays a beep tone)."""

from __future__ import annotations

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


def duration_of(page) -> float:
    """The player's duration; MediaRecorder's WebM has no duration header, so seek to the end to learn it."""
    return page.evaluate("""() => new Promise(done => {
        const a = document.querySelector('audio[data-recorder=player]');
        const measure = () => {
            if (Number.isFinite(a.duration)) { done(a.duration); return; }
            a.addEventListener('durationchange', () => {
                if (Number.isFinite(a.duration)) { a.currentTime = 0; done(a.duration); }
            });
            a.currentTime = 1e9;
        };
        if (a.readyState >= 1) measure(); else a.addEventListener('loadedmetadata', measure, {once: true});
    })""")


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
