"""The Flask app: the public upload form, status and withdrawal pages, and moderation."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from flask import Blueprint, Flask, Request, current_app, g
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect

from stories import design
from stories.media import IncomingFile, sweep_incoming
from stories.queue import JobQueue
from stories.settings import MB, Settings, load_settings
from stories.store import Store

csrf = CSRFProtect()


class StreamingRequest(Request):
    """Writes uploaded files straight into the data folder, hashing as they arrive."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        incoming = IncomingFile(current_app.config["STORIES"].incoming_dir)
        self.__dict__.setdefault("_incoming_files", []).append(incoming)
        return incoming

    def close(self) -> None:
        """Flask closes every request: one refused before its view ran (CSRF, rate limit) leaves no file."""
        super().close()
        for incoming in self.__dict__.get("_incoming_files", ()):
            incoming.discard()  # a kept upload was already moved into media/: nothing to remove


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory, as in Flask's tutorial."""
    app = Flask(__name__)
    test_config = dict(test_config or {})
    settings: Settings = test_config.pop("STORIES", None) or load_settings(
        home=test_config.pop("STORIES_HOME", None)
    )
    settings.home.mkdir(parents=True, exist_ok=True)
    with Store(settings.db_path) as store:
        store.init()
    sweep_incoming(settings.incoming_dir)  # left by a server killed mid-upload; tus uploads stay
    app.config.from_mapping(
        STORIES=settings,
        SECRET_KEY=_secret_key(settings.home),
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        # A written story typed into the form is a form field, not a file.
        MAX_FORM_MEMORY_SIZE=5 * MB,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        # A moderator's form may sit open while they listen to a long recording.
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        # Resumable uploads: bytes per PATCH (tus-js-client's chunkSize); a retry resends at most this.
        TUS_CHUNK_BYTES=5 * MB,
    )
    app.config.from_prefixed_env("STORIES_FLASK")
    app.config.update(test_config)
    app.request_class = StreamingRequest
    csrf.init_app(app)

    from collect import api, auth, headers, i18n, moderate, status, tus, upload, withdraw

    i18n.init_app(app)
    headers.init_app(app)

    for blueprint in (upload.bp, status.bp, withdraw.bp, auth.bp, moderate.bp, tus.bp, api.bp):
        app.register_blueprint(blueprint)
    # The stylesheet the archive shares lives in the core, so that both apps serve the one file.
    shared = Blueprint("design", __name__, static_folder=design.STATIC, static_url_path="/design")
    app.register_blueprint(shared)
    # Resumable uploads send raw bytes, not a form: they carry the form's signed token instead.
    csrf.exempt(tus.bp)
    # Workers authenticate with a token in a header, never a cookie: there is no session to forge.
    csrf.exempt(api.bp)
    _rate_limit(app, settings)
    app.jinja_env.filters["fromjson"] = lambda text: json.loads(text) if text else []
    app.context_processor(lambda: {"archive_url": settings.archive_url})
    app.teardown_appcontext(_close_store)
    for error in (404, CSRFError, 429):
        app.register_error_handler(error, i18n.error_page)
    return app


def _rate_limit(app: Flask, settings: Settings) -> None:
    """One limiter per app, so each app (and each test) counts on its own."""
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://", default_limits=[])
    for endpoint, rate in (("upload.submit", settings.upload_rate), ("tus.create", settings.upload_rate),
                           ("upload.interview_submit", settings.upload_rate),
                           ("auth.login", settings.login_rate),
                           ("withdraw.confirm", settings.login_rate)):
        app.view_functions[endpoint] = limiter.limit(rate, methods=["POST"])(app.view_functions[endpoint])
    # A private link is a secret in the address: guessing at it, by any of its pages, is held to the
    # login's pace (one count shared by all of them).
    private_links = limiter.shared_limit(settings.login_rate, scope="private-links", methods=["GET"])
    for endpoint in ("status.mine", "status.mine_json", "withdraw.form"):
        app.view_functions[endpoint] = private_links(app.view_functions[endpoint])
    # Workers' tokens too: only refusals count, so a busy worker is never slowed by its own results.
    guesses = limiter.shared_limit(settings.login_rate, scope="worker-tokens",
                                   deduct_when=lambda response: response.status_code == 401)
    for endpoint in ("api.claim", "api.renew", "api.result", "api.media"):
        app.view_functions[endpoint] = guesses(app.view_functions[endpoint])


def get_store() -> Store:
    """The working store for this request, opened once."""
    if "store" not in g:
        g.store = Store(current_app.config["STORIES"].db_path)
    return g.store


def get_queue() -> JobQueue:
    """The job queue, shared by all requests of this app."""
    queue = current_app.extensions.get("stories_queue")
    if queue is None:
        queue = current_app.extensions["stories_queue"] = JobQueue(current_app.config["STORIES"])
    return queue


def _close_store(exc=None) -> None:
    store = g.pop("store", None)
    if store is not None:
        store.close()


def _secret_key(home: Path) -> str:
    """From the environment, else generated once into the data folder."""
    if key := os.environ.get("STORIES_SECRET_KEY"):
        return key
    path = home / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
