"""A story in any offered language transcribes on a fresh install, and a moderator can fix its language.

Through the real parts: `stories add`, the worker with the default settings (no model named), the
real tiny.en and multilingual base weights, and the moderation page.
"""

import pytest
from conftest import csrf_token

from stories import review
from stories.errors import StoriesError
from wiring.cli import cli

# Runs Whisper base on a Spanish clip (about 10 s on 2 cores), from a cache assembled once.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("routed")]


def _add(runner, clip, *options) -> str:
    result = runner.invoke(cli, ["add", str(clip), "--consent", "publish", *options])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def _work(runner) -> None:
    result = runner.invoke(cli, ["worker", "--burst"])
    assert result.exit_code == 0, result.output


def test_spanish_story_transcribes_with_no_model_configured(runner, store, speech):
    story_id = _add(runner, speech("espeak-spanish.wav"), "--language", "es")
    _work(runner)
    story = store.get(story_id)
    assert story["state"] == "in_review", story["error"]
    assert (story["model"], story["detected_language"]) == ("base", "es")
    assert story["expected_wer"] == pytest.approx(9.9)
    assert "weak_language" not in (story["flags"] or "")


def test_a_story_with_no_language_is_detected_then_routed(runner, store, speech):
    spanish = _add(runner, speech("espeak-spanish.wav"))
    english = _add(runner, speech("librivox-0870.wav"))
    _work(runner)
    assert (store.get(spanish)["detected_language"], store.get(spanish)["model"]) == ("es", "base")
    assert (store.get(english)["detected_language"], store.get(english)["model"]) == ("en", "tiny.en")


def test_moderator_changes_the_language_and_a_weak_one_is_flagged(runner, store, speech, signed_in, queue):
    story_id = _add(runner, speech("espeak-spanish.wav"), "--language", "es")
    _work(runner)
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert 'id="retry-language"' in page and 'value="fi"' in page
    token = csrf_token(signed_in, f"/moderate/{story_id}")
    response = signed_in.post(f"/moderate/{story_id}/retry", data={"csrf_token": token, "language": "fi"})
    assert response.status_code == 303
    story = store.get(story_id)
    assert (story["state"], story["language"]) == ("received", "fi") and story_id in queue.pending_ids()
    assert "language fi (was es)" in store.events(story_id)[-1]["detail"]
    _work(runner)
    story = store.get(story_id)
    assert story["state"] == "in_review" and story["detected_language"] == "fi"
    # base is expected to get 43% of Finnish words wrong (Whisper's FLEURS figure): said, not hidden.
    assert "weak_language" in story["flags"] and story["expected_wer"] == pytest.approx(43.1)
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert 'id="weak-language"' in page and "43%" in page and "Finnish" in page


def test_cli_retry_with_a_language_and_its_refusals(runner, store):
    story_id = store.create_story({"title": "t", "kind": "text", "body": "Hola.", "language": "en"}, {})
    refused = runner.invoke(cli, ["retry", story_id, "--language", "es"])
    assert refused.exit_code == 1 and "only a failed story or one in review" in refused.output
    review_state = store.db["stories"]
    review_state.update(story_id, {"state": "in_review"})
    assert runner.invoke(cli, ["retry", story_id, "--language", "es"]).exit_code == 0
    assert (store.get(story_id)["state"], store.get(story_id)["language"]) == ("received", "es")
    review_state.update(story_id, {"state": "in_review"})
    with pytest.raises(StoriesError, match="not a language code"):
        review.retry(store, story_id, "mo", "Finnish!")


def test_a_failed_story_is_given_its_language_and_transcribed(runner, store, speech):
    story_id = _add(runner, speech("espeak-spanish.wav"), "--language", "xx")
    _work(runner)
    story = store.get(story_id)
    assert story["state"] == "failed"
    assert "No installed Whisper model can transcribe language 'xx'" in story["error"]
    result = runner.invoke(cli, ["retry", story_id, "--language", "es"])
    assert result.exit_code == 0, result.output
    _work(runner)
    story = store.get(story_id)
    assert (story["state"], story["language"], story["model"]) == ("in_review", "es", "base")
