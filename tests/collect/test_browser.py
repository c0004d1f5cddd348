"""The upload form in a real browser: what a teller on a phone actually does."""

import pytest
from audio import encode
from browser import serving

from stories.model import State

pytestmark = pytest.mark.slow


def test_teller_uploads_a_recording_and_sees_its_state(app, page, store, queue, speech, tmp_path):
    recording = encode(speech("librivox-0870.wav"), tmp_path / "voice-note.m4a")
    with serving(app) as url:
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        page.goto(url)
        page.get_by_label("Title of your story").fill("The bus to the clinic")
        page.get_by_label("Your recording").set_input_files(str(recording))
        page.get_by_label("Language of the story").select_option("en")
        page.get_by_label("Publish it in the public archive").check()
        page.get_by_label("How can we reach you?").fill("07700 900456")
        page.get_by_role("button", name="Send my story").click()
        page.wait_for_url("**/stories/*")
        assert page.locator("#state").inner_text() == "Received"
        code = page.locator("#withdrawal-code").inner_text()
        page.reload()  # the code is shown once only
        assert page.locator("#withdrawal-code").count() == 0
        page.screenshot(path=str(tmp_path / "status.png"))
    story = store.all()[0]
    assert story["title"] == "The bus to the clinic" and story["state"] == State.RECEIVED
    assert story["id"] in page.content()
    assert store.consents(story["id"]) == {"publish": True, "quote": False, "research": False, "name": False}
    assert queue.pending_ids() == {story["id"]}
    from stories.withdrawal import find_by_code

    assert find_by_code(store, code)["id"] == story["id"]


def test_teller_sees_why_a_file_was_refused_and_keeps_what_they_typed(app, page, store, tmp_path):
    fake = tmp_path / "voice-note.mp3"
    fake.write_text("this is not a recording\n" * 40)
    with serving(app) as url:
        page.goto(url)
        page.get_by_label("Title of your story").fill("Jobcentre")
        page.get_by_label("Your recording").set_input_files(str(fake))
        page.get_by_role("button", name="Send my story").click()
        alert = page.get_by_role("alert")
        assert "not a recording" in alert.inner_text()
        assert page.get_by_label("Title of your story").input_value() == "Jobcentre"
    assert store.all() == []


def test_written_story_in_the_browser(app, page, store):
    with serving(app) as url:
        page.goto(url)
        page.get_by_label("Title of your story").fill("Waiting list")
        page.get_by_label("Or write your story here").fill("Eight months on the housing list.")
        page.get_by_role("button", name="Send my story").click()
        page.wait_for_url("**/stories/*")
    assert store.all()[0]["body"] == "Eight months on the housing list."
