import pytest
from audio import encode, truncate

from stories.store import Store
from wiring.cli import cli


def test_init_is_safe_to_run_twice(runner, settings):
    first = runner.invoke(cli, ["init"])
    assert first.exit_code == 0 and "applied m001_initial" in first.output
    second = runner.invoke(cli, ["init"])
    assert second.exit_code == 0 and "schema up to date" in second.output
    assert settings.db_path.exists() and settings.archive_path.exists()


def test_add_prints_id_and_queues(runner, settings, speech, queue):
    result = runner.invoke(cli, ["add", str(speech("librivox-0870.wav")), "--title", "Austen",
                                 "--language", "en", "--consent", "publish"])
    assert result.exit_code == 0, result.output
    story_id = result.stdout.strip()
    assert "Withdrawal code" in result.stderr
    story = Store(settings.db_path).get(story_id)
    assert story["title"] == "Austen" and story["kind"] == "audio"
    assert queue.pending_ids() == {story_id}


def test_add_written_story_defaults_title_to_file_name(runner, settings, tmp_path):
    path = tmp_path / "waiting-list.md"
    path.write_text("# Waiting\n\nEight months on the housing list.")
    result = runner.invoke(cli, ["add", str(path)])
    assert result.exit_code == 0
    story = Store(settings.db_path).get(result.stdout.strip())
    assert story["kind"] == "text" and story["title"] == "waiting-list"


def written(path, content):
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("make, message", [
    (lambda d, s: written(d / "empty.mp3", b""), "empty"),
    (lambda d, s: written(d / "notes.mp3", b"not audio " * 40), "not a recording"),
    (lambda d, s: truncate(encode(s("librivox-0870.wav"), d / "a.mp3"), d / "cut.mp3"), "cut off"),
])
def test_add_refuses_bad_files_and_stores_nothing(runner, settings, speech, tmp_path, make, message):
    result = runner.invoke(cli, ["add", str(make(tmp_path, speech))])
    assert result.exit_code == 1
    assert message in result.output
    assert Store(settings.db_path).all() == []
    assert not list(settings.media_dir.rglob("*.*")) and not list(settings.incoming_dir.glob("*"))


def test_status_lists_and_shows(runner, settings, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("A story.")
    story_id = runner.invoke(cli, ["add", str(path), "--contact", "x@example.org"]).stdout.strip()
    listing = runner.invoke(cli, ["status"]).output
    assert story_id in listing and "received" in listing
    shown = runner.invoke(cli, ["status", story_id]).output
    assert "state:     received" in shown and "consent:   none (private)" in shown
    assert "x@example.org" not in shown
    missing = runner.invoke(cli, ["status", "nothere"])
    assert missing.exit_code == 1 and "No story with id" in missing.output


def test_a_short_password_is_refused_before_it_is_asked_again(runner, settings):
    typed = "short\ncorrect horse battery\ncorrect horse battery\n"
    result = runner.invoke(cli, ["user", "add", "mo"], input=typed)
    assert result.exit_code == 0 and "mo: moderator" in result.output
    assert result.output.count("at least 10 characters") == 1
    assert result.output.index("at least 10 characters") < result.output.index("Repeat for confirmation")


def test_user_add_and_review_commands(runner, settings, tmp_path):
    result = runner.invoke(cli, ["user", "add", "Mo", "--role", "admin"],
                           input="correct horse battery\ncorrect horse battery\n")
    assert result.exit_code == 0 and "mo: admin" in result.output
    path = tmp_path / "s.txt"
    path.write_text("The jobcentre was kind.")
    story_id = runner.invoke(cli, ["add", str(path), "--consent", "publish"]).stdout.strip()
    early = runner.invoke(cli, ["approve", story_id])
    assert early.exit_code == 1 and "cannot be changed" in early.output
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    missing = runner.invoke(cli, ["reject", story_id])
    assert missing.exit_code == 2 and "--reason" in missing.output
    assert f"{story_id}: published" in runner.invoke(cli, ["approve", story_id]).output
    assert f"{story_id}: rejected" in runner.invoke(cli, ["reject", story_id, "--reason", "duplicate"]).output
    assert f"{story_id}: in_review" in runner.invoke(cli, ["reopen", story_id]).output
    assert f"{story_id}: withdrawn" in runner.invoke(cli, ["withdraw", story_id]).output
