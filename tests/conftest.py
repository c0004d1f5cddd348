"""Shared fixtures, after Flask's tutorial: settings, app, client, runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from collect import create_app
from stories.queue import JobQueue
from stories.settings import load_settings
from stories.store import Store

DATA = Path(__file__).parent / "data"
SPEECH = DATA / "speech"


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """A fresh data folder; the environment points at it, as a user's shell would."""
    home = tmp_path / "home"
    monkeypatch.setenv("STORIES_HOME", str(home))
    for variable in ("STORIES_QUEUE", "STORIES_CODEBOOK", "STORIES_MODEL", "STORIES_MODELS",
                     "STORIES_MAX_EXPECTED_WER", "STORIES_MEDIA"):
        monkeypatch.delenv(variable, raising=False)
    return load_settings()


@pytest.fixture(scope="session")
def base_model(tmp_path_factory):
    """The multilingual base model, assembled once for the whole run."""
    from transcribe import assemble_base

    return assemble_base(tmp_path_factory.mktemp("models"))


@pytest.fixture
def routed(settings, base_model):
    """The data folder's model cache holds base already, as it would after the first story routed to it."""
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    (settings.cache_dir / base_model.name).symlink_to(base_model, target_is_directory=True)
    return settings


@pytest.fixture
def store(settings):
    settings.home.mkdir(parents=True, exist_ok=True)
    with Store(settings.db_path) as store:
        store.init()
        yield store


@pytest.fixture
def queue(settings):
    return JobQueue(settings)


@pytest.fixture
def app(settings):
    return create_app({"STORIES": settings, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(settings):
    return CliRunner()


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on a free loopback port, for the STORIES_MEDIA=s3:// tests (tests/s3_server.py)."""
    from s3_server import S3Server

    with S3Server() as server:
        yield server


@pytest.fixture(scope="session")
def speech():
    """Path to a real speech clip by name, e.g. speech('librivox-0870.wav')."""
    return lambda name: SPEECH / name


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Playwright driving Debian's build)."""
    from browser import CHROMIUM_ARGS, chromium_or_skip
    from playwright.sync_api import sync_playwright

    path = chromium_or_skip()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token a browser would find in the form on ``path``."""
    import re

    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def form_post(client):
    """POST a form the way a browser would: with the CSRF token from the page."""
    def post(path: str, data: dict, page: str | None = None, **kwargs):
        data = {"csrf_token": csrf_token(client, page or path), **data}
        return client.post(path, data=data, **kwargs)

    return post


@pytest.fixture
def signed_in(client, store):
    """The test client, signed in as the moderator "mo"."""
    from stories.users import add_user

    add_user(store, "mo", "correct horse battery", "moderator")
    client.post("/login", data={"name": "mo", "password": "correct horse battery",
                                "csrf_token": csrf_token(client, "/login")})
    return client
