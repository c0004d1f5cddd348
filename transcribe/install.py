"""Add a Whisper model to the model cache, so routing can choose it: from a folder, or by name online.

A model is copied whole into ``cache_dir/NAME`` through a temporary folder and a rename, so a half
copy is never seen. The sha256 of each file and the model's size ("small") are recorded beside it
(``models.RECORD``), because the name alone cannot say how good a folder is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from stories.backup import sha256_of
from stories.errors import ConfigError

from . import quality
from .models import KNOWN_MODELS, RECORD, ModelInfo, folder_info, model_languages

#: Sizes faster-whisper can fetch by name (Systran's conversions on the Hugging Face hub).
DOWNLOADABLE = ("tiny", "base.en", "small.en", "small", "medium.en", "medium", "large-v2", "large-v3",
                "large-v3-turbo", "turbo")
#: Seconds to wait for the hub before saying the machine is offline.
DOWNLOAD_TIMEOUT = 30


def _check_name(name: str, cache_dir: Path) -> None:
    if not name or name[0] == "." or "/" in name or name in KNOWN_MODELS:
        raise ConfigError(f"{name!r} cannot name an added model: pick another with --name")
    if (cache_dir / name).exists():
        raise ConfigError(f"A model named {name!r} is already in {cache_dir}: remove that folder first, "
                          f"or pick another name with --name")


def _size(name: str, source: str, size: str | None) -> str:
    """The Whisper size the model is: as given, or as its name says; before anything is copied."""
    size = size or quality.family(name) or quality.family(Path(source).name)
    if size not in quality.FAMILIES:
        raise ConfigError(f"Cannot tell which Whisper size {source} is: give --size, one of "
                          f"{', '.join(quality.FAMILIES)}")
    return size


def _install(staged: Path, cache_dir: Path, name: str, size: str, source: str) -> ModelInfo:
    """Record hashes and size in ``staged`` (a folder in ``cache_dir``), then rename it into place."""
    if not (staged / "model.bin").is_file() or not model_languages(staged):
        raise ConfigError(f"{source} is not a CTranslate2 Whisper model folder (model.bin, config.json "
                          f"and vocabulary.txt or vocabulary.json)")
    files = sorted(f for f in staged.iterdir() if f.is_file() and not f.name.startswith("."))
    record = {"family": size, "source": source, "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "sha256": {f.name: sha256_of(f) for f in files}}
    (staged / RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    staged.chmod(0o755)  # mkdtemp makes it owner-only; workers running as another user must read it.
    os.replace(staged, cache_dir / name)
    return folder_info(name, cache_dir / name)


def add_folder(source: Path, cache_dir: Path, name: str | None = None, size: str | None = None) -> ModelInfo:
    """Copy a local CTranslate2 Whisper folder into the cache as ``name`` (default: its folder's name)."""
    source = Path(source).expanduser().resolve()
    name = name or source.name
    size = _size(name, str(source), size)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _check_name(name, cache_dir)
    staged = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=cache_dir))
    try:
        for item in source.iterdir():
            if item.is_file() and not item.name.startswith("."):
                shutil.copy2(item, staged / item.name)
        return _install(staged, cache_dir, name, size, str(source))
    finally:
        shutil.rmtree(staged, ignore_errors=True)  # only left if something above failed


def download(size: str, cache_dir: Path, name: str | None = None) -> ModelInfo:
    """Fetch a named size from the Hugging Face hub into the cache (needs the internet)."""
    if size not in DOWNLOADABLE:
        raise ConfigError(f"Unknown Whisper model {size!r}: give a model folder, or one of "
                          f"{', '.join(DOWNLOADABLE)}")
    name = name or size
    cache_dir.mkdir(parents=True, exist_ok=True)
    _check_name(name, cache_dir)
    staged = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=cache_dir))
    # In a child process: this one is offline on purpose (HF_HUB_OFFLINE=1, read when the hub
    # library is imported), and a download should not change that for the rest of it.
    env = {**os.environ, "HF_HUB_OFFLINE": "0", "HF_HUB_ETAG_TIMEOUT": str(DOWNLOAD_TIMEOUT),
           "HF_HUB_DOWNLOAD_TIMEOUT": str(DOWNLOAD_TIMEOUT)}
    fetch = ("import sys; from faster_whisper.utils import download_model; "
             "download_model(sys.argv[1], output_dir=sys.argv[2], cache_dir=sys.argv[3])")
    try:
        done = subprocess.run([sys.executable, "-c", fetch, size, str(staged), str(staged / ".hub")],  # noqa: S603 - our own interpreter and arguments
                              env=env, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT * 100)
        if done.returncode:
            last = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
            raise ConfigError(f"Could not download Whisper {size!r} (is this machine online?): {last}")
        shutil.rmtree(staged / ".hub", ignore_errors=True)
        return _install(staged, cache_dir, name, _size(size, size, None), f"huggingface:{size}")
    except subprocess.TimeoutExpired as exc:
        raise ConfigError(f"Downloading Whisper {size!r} took too long; try again") from exc
    finally:
        shutil.rmtree(staged, ignore_errors=True)
