from pathlib import Path

import pytest

from stories.errors import ConfigError
from transcribe import resolve_model
from transcribe.models import model_label


def test_tiny_en_resolves_to_a_ctranslate2_folder():
    path = resolve_model("tiny.en")
    assert path.is_dir()
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        assert (path / name).is_file(), name


def test_model_folder_resolves_to_itself(tmp_path: Path):
    (tmp_path / "model.bin").write_bytes(b"")
    assert resolve_model(str(tmp_path)) == tmp_path.resolve()


def test_real_model_folder_given_as_path_resolves_to_itself():
    folder = resolve_model("tiny.en")
    assert resolve_model(str(folder)) == folder.resolve()


@pytest.mark.parametrize("name", ["huge-v9", "tiny", ""])
def test_unknown_name_raises_config_error(name: str):
    with pytest.raises(ConfigError, match="Unknown Whisper model"):
        resolve_model(name)


def test_folder_without_model_bin_raises_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="CTranslate2 model folder"):
        resolve_model(str(tmp_path))


def test_model_label_names_known_models_and_folders(tmp_path: Path):
    assert model_label(resolve_model("tiny.en")) == "tiny.en"
    assert model_label(tmp_path) == tmp_path.name
