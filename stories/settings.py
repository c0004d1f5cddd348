"""Settings: environment first, then `$STORIES_HOME/stories.toml`, then defaults.

Secrets never come from the toml file, only from the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from stories.errors import ConfigError

MB = 1024 * 1024

#: setting name -> environment variable; every setting may also be a toml key.
ENVIRONMENT = {
    "max_upload_mb": "STORIES_MAX_UPLOAD_MB",
    "model": "STORIES_MODEL",
    "models": "STORIES_MODELS",
    "max_expected_wer": "STORIES_MAX_EXPECTED_WER",
    "engine": "STORIES_ENGINE",
    "codebook": "STORIES_CODEBOOK",
    "queue": "STORIES_QUEUE",
    "beam_size": "STORIES_BEAM_SIZE",
    "vad": "STORIES_VAD",
    "word_timestamps": "STORIES_WORD_TIMESTAMPS",
    "batch_size": "STORIES_BATCH_SIZE",
    "batch_from": "STORIES_BATCH_FROM",
    "vocabulary": "STORIES_VOCABULARY",
    "min_language_probability": "STORIES_MIN_LANGUAGE_PROBABILITY",
    "secure_cookies": "STORIES_SECURE_COOKIES",
    "upload_rate": "STORIES_UPLOAD_RATE",
    "login_rate": "STORIES_LOGIN_RATE",
    "web_port": "STORIES_WEB_PORT",
    "archive_port": "STORIES_ARCHIVE_PORT",
    "public_url": "STORIES_PUBLIC_URL",
    "form_url": "STORIES_FORM_URL",
    "archive_sql": "STORIES_ARCHIVE_SQL",
    "archive_immutable": "STORIES_ARCHIVE_IMMUTABLE",
    "lease_seconds": "STORIES_LEASE_SECONDS",
    "media": "STORIES_MEDIA",
}


@dataclass(frozen=True)
class Settings:
    """Everything a stage or entry point needs to know about this installation."""

    home: Path
    max_upload_mb: int = 500
    # Empty: each story gets the model its language calls for (transcribe.routing); a name or folder
    # forces one model, wherever it can do the language.
    model: str = ""
    # Language code -> model name or folder, for that language only: the `[models]` table of
    # stories.toml, or STORIES_MODELS="fi=small sv=small".
    models: Mapping[str, str] = field(default_factory=dict)
    # A story whose model is expected to get more than this percentage of its words wrong in its
    # language is flagged, so the moderator checks its transcript against the recording.
    max_expected_wer: float = 30.0
    engine: str = "faster-whisper"
    beam_size: int = 5
    vad: bool = True  # skip silence before decoding
    # Needed to silence redacted words in published audio; costs a little time.
    word_timestamps: bool = True
    # Recordings at least batch_from seconds long decode batch_size chunks at a time (1: never).
    batch_size: int = 4
    batch_from: float = 120.0
    # Local names Whisper should spell right ("Jobcentre Plus, Kirkgate"): its initial prompt.
    vocabulary: str = ""
    # Below this, a detected language is a guess: the story is flagged for review.
    min_language_probability: float = 0.7
    codebook: str = ""  # empty: the analyse stage's default codebook
    queue: str = ""  # empty: SqliteHuey in the data folder
    # Session cookies only over HTTPS; off by default because `make run` serves plain HTTP locally.
    secure_cookies: bool = False
    upload_rate: str = "60 per hour"
    login_rate: str = "10 per minute"
    web_port: int = 5000
    archive_port: int = 8001
    # Where the public reaches the archive: the base of permalinks in citations and evidence packs.
    # Empty: the local archive, http://127.0.0.1:<archive_port>.
    public_url: str = ""
    # Where the public reaches the form (the archive's "Share a story" and "Withdraw a story" links).
    # Empty: `stories serve` gives the archive the form's local address, http://127.0.0.1:<web_port>.
    form_url: str = ""
    # Arbitrary SQL in the archive (Datasette's execute-sql, `?sql=` and `_where=`): off unless the owner
    # turns it on. The canned search queries work either way.
    archive_sql: bool = False
    # Serve archive.db immutable (`datasette -i`): only for a deployment serving a copy of the file,
    # because publish updates the live archive in place.
    archive_immutable: bool = False
    # How long a worker holds a story it works on without renewing; after that another may take it.
    lease_seconds: int = 120
    # Where the coordinator keeps recordings; workers on other machines fetch them over HTTP(S).
    # Empty: $STORIES_HOME/media. A relative path is taken from the data folder. s3://bucket/prefix:
    # objects in an S3-compatible store (stories.media_store), and workers get presigned links.
    media: str = ""

    @property
    def archive_url(self) -> str:
        return (self.public_url or f"http://127.0.0.1:{self.archive_port}").rstrip("/")

    @property
    def db_path(self) -> Path:
        return self.home / "stories.db"

    @property
    def archive_path(self) -> Path:
        return self.home / "archive.db"

    @property
    def media_in_bucket(self) -> bool:
        """Media are objects in an S3-compatible store (``stories.media_store``), not files here."""
        return self.media.startswith("s3://")

    @property
    def media_dir(self) -> Path:
        """The media folder; there is none when media are kept in a bucket (use ``media_store``)."""
        if self.media_in_bucket:
            raise ConfigError(f"STORIES_MEDIA={self.media}: media are kept in a bucket, not a folder")
        return self.home / (self.media or "media")

    @property
    def incoming_dir(self) -> Path:
        return self.home / "incoming"

    @property
    def published_dir(self) -> Path:
        """Redacted copies of published recordings, served with the archive."""
        return self.home / "published"

    @property
    def queue_path(self) -> Path:
        return self.home / "queue.db"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * MB

    def with_(self, **changes) -> Settings:
        """A copy with some settings changed (tests and CLI flags use this)."""
        return replace(self, **changes)


def load_settings(environ: Mapping[str, str] | None = None, **overrides) -> Settings:
    """Read settings for the data folder named by ``STORIES_HOME`` (default ./instance)."""
    environ = os.environ if environ is None else environ
    home = Path(overrides.pop("home", None) or environ.get("STORIES_HOME") or "instance")
    values: dict[str, object] = {}
    toml_path = home / "stories.toml"
    if toml_path.exists():
        try:
            values.update(tomllib.loads(toml_path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{toml_path}: {exc}") from exc
    for name, variable in ENVIRONMENT.items():
        if variable in environ:
            values[name] = environ[variable]
    values.update(overrides)
    return Settings(home=home.resolve(), **_coerce(values, toml_path))


def _coerce(values: dict[str, object], source: Path) -> dict[str, object]:
    known = {f.name: f for f in fields(Settings) if f.name != "home"}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"Unknown setting(s) {', '.join(unknown)} (from {source} or environment)")
    coerced: dict[str, object] = {}
    for name, value in values.items():
        if name == "models":
            coerced[name] = _per_language(value, source)
            continue
        kind = type(known[name].default)
        try:
            if kind is bool and isinstance(value, str):
                coerced[name] = value.strip().lower() in ("1", "true", "yes", "on")
            else:
                coerced[name] = kind(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"Setting {name}={value!r} is not a valid {kind.__name__}") from exc
    media = str(coerced.get("media", ""))
    if "://" in media and not (media.startswith("s3://") and media[len("s3://"):].split("/", 1)[0]):
        raise ConfigError(f"Setting media={media!r}: a folder, or an S3 bucket as s3://bucket/prefix")
    if coerced.get("batch_size", 1) < 1:
        raise ConfigError(f"Setting batch_size={coerced['batch_size']!r}: at least 1 (1 turns batching off)")
    return coerced


def _per_language(value: object, source: Path) -> dict[str, str]:
    """``{"fi": "small"}`` from the toml table, or from "fi=small sv=small" in the environment."""
    if isinstance(value, str):
        pairs = [item.partition("=") for item in value.replace(",", " ").split()]
        if any(not sep or not code or not model for code, sep, model in pairs):
            raise ConfigError(f"STORIES_MODELS={value!r}: write it as language=model pairs, "
                              f"e.g. \"fi=small\"")
        value = {code: model for code, _, model in pairs}
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(f"[models] in {source}: each language names a model, e.g. fi = \"small\"")
    return {code.strip().lower(): model.strip() for code, model in value.items()}
