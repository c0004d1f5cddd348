"""``stories export``: the format from --format or the file's suffix; library errors as messages."""

import json
import zipfile

import pytest
from steps import save_analysis, save_transcript

from publish import build_archive
from stories import review
from stories.model import Analysis, Segment, Theme, ThemeTag, Transcript
from wiring.cli import cli

CANARY = "canary-qdpx@example.org"
TEXT = "The bus to the clinic stopped running."


@pytest.fixture
def archive(store, settings, monkeypatch):
    monkeypatch.setenv("STORIES_PUBLIC_URL", "https://archive.example.org")
    story_id = store.create_story({"title": "No bus", "kind": "text", "language": "en", "pseudonym": "Robin"},
                                  {"publish": True, "research": True}, contact=CANARY)
    save_transcript(store, story_id, Transcript([Segment(0, TEXT)], "en", 0.9, 0.0, "", ""), "w", 1.0)
    save_analysis(store, story_id, Analysis([ThemeTag("transport", 0, "bus", TEXT)], [],
                                           [Theme("transport", "Transport", "Getting about", "service-area")],
                                           "2026.11.1"), "w", 0.1)
    review.approve(store, story_id, "mod")
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    return story_id


@pytest.mark.parametrize("name", ["stories.qdpx", "stories.csv", "stories.json"])
def test_format_from_suffix(runner, archive, tmp_path, name):
    out = tmp_path / name
    result = runner.invoke(cli, ["export", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(("Wrote 1 story to", "Wrote 1 story, 2 codes"))
    assert str(out) in result.output
    raw = b"".join(zipfile.ZipFile(out).read(n) for n in zipfile.ZipFile(out).namelist()) \
        if name.endswith(".qdpx") else out.read_bytes()
    assert archive.encode() in raw and CANARY.encode() not in raw


def test_format_option_wins_and_base_url_comes_from_settings(runner, archive, tmp_path):
    out = tmp_path / "stories.txt"
    result = runner.invoke(cli, ["export", "--format", "json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())[0]["permalink"] == f"https://archive.example.org/stories/{archive}"
    qdpx = tmp_path / "project.zip"
    assert runner.invoke(cli, ["export", "--format", "qdpx", str(qdpx)]).exit_code == 0
    assert b"Matched: bus" in zipfile.ZipFile(qdpx).read("project.qde")


def test_errors(runner, settings, store, tmp_path):
    missing = runner.invoke(cli, ["export", str(tmp_path / "a.csv")])
    assert missing.exit_code == 1 and "run `stories publish` first" in missing.output
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    unknown = runner.invoke(cli, ["export", str(tmp_path / "stories.xlsx")])
    assert unknown.exit_code == 1 and "name it .qdpx, .csv or .json" in unknown.output
    bad = runner.invoke(cli, ["export", "--format", "xml", str(tmp_path / "a.xml")])
    assert bad.exit_code == 2 and "'xml' is not one of" in bad.output
    assert not list(tmp_path.glob("*.*"))


def test_listed_in_help_beside_the_transcript_export(runner):
    commands = runner.invoke(cli, ["--help"]).output
    assert "  export " in commands and "  transcript " in commands


def test_no_command_shadows_another():
    """A second ``export`` once silently replaced the transcript export; names must be unique."""
    import importlib
    from pathlib import Path

    import stories

    modules = sorted(p.stem for p in Path(stories.__file__).parent.glob("cli_*.py"))
    listed = [getattr(importlib.import_module(f"stories.{m}"), "COMMANDS", []) for m in modules]
    names = [c.name for commands in listed for c in commands]
    names += [name for name, c in cli.commands.items() if c.callback.__module__ == "wiring.cli"]
    assert len(names) == len(set(names)), sorted(names)
