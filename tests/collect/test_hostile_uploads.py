"""Every hostile file of tests/hostile.py, through the real form and through ``stories add``.

Each gets a clear 4xx with a message for a person, or a story whose processing
(the real worker: probe, Whisper, spaCy) ends ``failed`` with a readable reason,
or is processed normally. Nothing is written outside the data folder, no
partial file is left, and no path is ever built from the uploaded name.
"""

from __future__ import annotations

import io
import tempfile

import pytest
from conftest import csrf_token
from hostile import BY_NAME, CASES, FAILED, OVER_LIMIT_MB, REFUSED, build

from collect import create_app
from stories.model import State
from stories.store import Store
from wiring import tasks
from wiring.cli import cli

LEAKS = ("Traceback", "Exception", "File \"/")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Each case's bytes, built once for the module in a folder of its own."""
    scratch, built = tmp_path_factory.mktemp("hostile-corpus"), {}

    def get(case):
        if case.name not in built:
            built[case.name] = build(case, scratch / case.name)
        return built[case.name]
    return get


@pytest.fixture
def sandbox(tmp_path, monkeypatch, settings):
    """Temporary files and the working directory point into the test's folder, which is checked after."""
    tmp, cwd, user = tmp_path / "tmpdir", tmp_path / "cwd" / "a" / "b", tmp_path / "user-home"
    for folder in (tmp, cwd, user):
        folder.mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(tmp))
    # A library that caches in the user's home (~/.cache) would be writing outside the data folder too.
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("XDG_CACHE_HOME", str(user / ".cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.chdir(cwd)
    yield tmp_path
    assert {p.name for p in tmp_path.iterdir()} <= {"cwd", "home", "source", "tmpdir", "user-home"}
    assert list(tmp.iterdir()) == [], "a temporary file was left outside the data folder"
    assert list(user.rglob("*")) == [], "something was written to the user's home"
    assert [p for p in (tmp_path / "cwd").rglob("*") if p.is_file()] == [], "a file was written in the cwd"
    incoming = settings.incoming_dir
    assert not incoming.exists() or list(incoming.iterdir()) == [], "a partial upload was left behind"


def media_files(settings):
    media = settings.media_dir
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def assert_readable(text: str, words) -> None:
    assert not any(leak in text for leak in LEAKS), text[:2000]
    assert any(word.lower() in text.lower() for word in words), (words, text[:2000])


def assert_processed_as_expected(settings, story_id: str, case) -> dict:
    """Run the real worker; the story ends in review, or failed with a readable reason."""
    tasks.wire(settings).run_burst()
    story = Store(settings.db_path).get(story_id)
    if case.expect == FAILED:
        assert story["state"] == State.FAILED, story
        assert_readable(story["error"], case.words)
    else:
        assert story["state"] == State.IN_REVIEW, story.get("error")
    return story


def assert_stored_by_hash(settings, story: dict, filename: str) -> None:
    """Only content hashes name stored files: nothing in the data folder is named after the upload."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    assert name not in {p.name for p in settings.home.rglob("*")}
    if story["kind"] == "text":
        assert media_files(settings) == []
        return
    stored = settings.media_dir / story["media_path"]
    assert media_files(settings) == [stored]
    assert stored.name == f"{story['media_sha256']}.{story['media_format']}"
    assert stored.resolve().is_relative_to(settings.media_dir.resolve())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_upload_through_the_form(settings, sandbox, corpus, case):
    app = create_app({"STORIES": settings.with_(max_upload_mb=OVER_LIMIT_MB), "TESTING": True})
    client = app.test_client()
    data = {"title": "My story", "consent_publish": "yes", "csrf_token": csrf_token(client),
            "recording": (io.BytesIO(corpus(case)), case.filename, case.content_type)}
    response = client.post("/", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    store = Store(settings.db_path)
    if (case.form_expect or case.expect) == REFUSED:
        assert response.status_code in (400, 413, 415), (response.status_code, page[:2000])
        assert_readable(page, case.words)
        assert store.all() == [] and media_files(settings) == []
    else:
        assert response.status_code == 303, page[:2000]
        story_id = response.headers["Location"].rsplit("/", 1)[1]
        status = client.get(response.headers["Location"])
        assert status.status_code == 200 and "<script>alert" not in status.get_data(as_text=True)
        story = store.get(story_id)
        assert len(story["original_filename"]) <= 255
        if case.pipeline:
            story = assert_processed_as_expected(settings, story_id, case)
        assert_stored_by_hash(settings, story, case.filename)
    assert client.get("/").status_code == 200  # the app is still up


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_upload_through_the_cli(runner, settings, queue, sandbox, corpus, case):
    source = sandbox / "source" / (case.cli_filename or case.filename)
    source.parent.mkdir()
    source.write_bytes(corpus(case))
    result = runner.invoke(cli, ["add", str(source), "--consent", "publish"])
    expect = case.cli_expect or case.expect
    if expect == REFUSED:
        assert result.exit_code in (1, 2), result.output
        assert isinstance(result.exception, SystemExit), result.exception  # a ClickException, not a crash
        assert result.output.startswith("Error:") or "\nError:" in result.output
        assert "Traceback" not in result.output
        assert any(word.lower() in result.output.lower() for word in case.words), result.output
        assert Store(settings.db_path).all() == [] and media_files(settings) == []
    else:
        assert result.exit_code == 0, result.output
        story_id = result.stdout.strip()
        story = Store(settings.db_path).get(story_id)
        # The same intake as the form's: the worker's run of these bytes is checked there, once.
        assert story["state"] == State.RECEIVED and queue.pending_ids() == {story_id}
        assert_stored_by_hash(settings, story, source.name)
    assert source.read_bytes() == corpus(case)  # the CLI copies, never moves or changes, the original


@pytest.mark.parametrize("token", [True, False], ids=["with-csrf", "without-csrf"])
def test_extra_and_refused_file_parts_leave_nothing(client, settings, sandbox, corpus, token):
    """Werkzeug streams every file part to incoming/, even ones the view never reads, or never runs for."""
    wav = corpus(BY_NAME["wav-named-mp3"])
    data = {"title": "Two files",
            "recording": [(io.BytesIO(wav), "a.wav"), (io.BytesIO(b"x" * 999), "b.wav")],
            "unexpected": (io.BytesIO(b"not a field we read"), "evil.sh")}
    if token:
        data["csrf_token"] = csrf_token(client)
    response = client.post("/", data=data, content_type="multipart/form-data")
    assert response.status_code == (303 if token else 400)
    assert len(Store(settings.db_path).all()) == (1 if token else 0)
    assert len(media_files(settings)) == (1 if token else 0)
    # The sandbox checks, after the test, that incoming/ and $TMPDIR are empty.
