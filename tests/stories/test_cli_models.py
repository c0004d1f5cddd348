import pytest
from steps import save_transcript

from stories.cli import cli
from stories.model import Segment, Transcript
from stories.report import progress_bar
from stories.settings import load_settings
from stories.tasks import transcribe_options


def test_models_list_shows_size_and_languages(runner, settings):
    lines = runner.invoke(cli, ["models", "list"]).output.splitlines()
    tiny = next(line for line in lines if line.startswith("tiny.en"))
    base = next(line for line in lines if line.startswith("base"))
    assert " MB" in tiny and " en " in tiny and "multilingual" in base


def test_transcript_formats(runner, store):
    story_id = store.create_story({"title": "t", "kind": "audio"}, {})
    save_transcript(store, story_id, Transcript([Segment(0, "First part.", 0.0, 2.5),
                                                Segment(1, "Second part.", 3661.5, 3663.0)],
                                               "en", 1.0, 3663.0, "fw", "tiny.en"), "w", 1.0)
    vtt = runner.invoke(cli, ["transcript", story_id, "--format", "vtt"]).output
    assert vtt.startswith("WEBVTT") and "01:01:01.500 --> 01:01:03.000" in vtt
    srt = runner.invoke(cli, ["transcript", story_id, "--format", "srt"]).output
    assert srt.startswith("1\n00:00:00,000 --> 00:00:02,500\nFirst part.")
    assert "Second part." in runner.invoke(cli, ["transcript", story_id, "--format", "txt"]).output
    written = store.create_story({"title": "w", "kind": "text", "body": "x"}, {})
    save_transcript(store, written, Transcript([Segment(0, "No times.")], "en", None, 0.0, "written", ""),
                          "w", 0.0)
    refused = runner.invoke(cli, ["transcript", written, "--format", "srt"])
    assert refused.exit_code == 1 and "no timings" in refused.output


def test_settings_reach_whisper(tmp_path):
    settings = load_settings(environ={"STORIES_HOME": str(tmp_path), "STORIES_BEAM_SIZE": "2",
                                      "STORIES_VOCABULARY": "Kirkgate, Chapeltown", "STORIES_VAD": "off"})
    options = transcribe_options(settings)
    assert options.initial_prompt == "Kirkgate, Chapeltown" and options.beam_size == 2
    assert options.vad_filter is False and options.word_timestamps is True


def test_terminal_progress_bar():
    assert progress_bar("abc", 150, 300) == f"abc [{'#' * 15}{'.' * 15}]  50%  150/300 s"


@pytest.mark.slow
def test_convert_then_openai_whisper_worker(runner, settings, store, speech):
    pytest.importorskip("torch")  # the optional openai-whisper extra; `make test` installs it
    pytest.importorskip("whisper")
    converted = runner.invoke(cli, ["models", "convert", "tiny.en"])
    assert converted.exit_code == 0, converted.output
    checkpoint = converted.output.strip()
    assert checkpoint.endswith("tiny.en.pt") and str(settings.cache_dir) in checkpoint
    clip = str(speech("librivox-0870.wav"))
    story_id = runner.invoke(cli, ["add", clip, "--language", "en"]).stdout.strip()
    result = runner.invoke(cli, ["worker", "--burst", "--engine", "openai-whisper", "--model", checkpoint])
    assert result.exit_code == 0, result.output
    story = store.get(story_id)
    assert story["state"] == "in_review" and story["engine"] == "openai-whisper"
    assert "dashwood" in " ".join(s.text for s in store.segments(story_id)).lower()
