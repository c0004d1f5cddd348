"""CTranslate2 Whisper folder -> openai-whisper checkpoint."""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest
from ctranslate2.specs import whisper_spec

from stories.errors import ConfigError
from transcribe import resolve_model
from transcribe.ct2_reader import read_ct2_model

# The openai-whisper extra (torch and openai-whisper) is optional; `make test` installs it.
torch = pytest.importorskip("torch")
whisper = pytest.importorskip("whisper")
from transcribe.convert import convert_to_openai  # noqa: E402 - needs the extra

TINY_EN_DIMS = {
    "n_mels": 80,
    "n_audio_ctx": 1500,
    "n_audio_state": 384,
    "n_audio_head": 6,
    "n_audio_layer": 4,
    "n_vocab": 51864,
    "n_text_ctx": 448,
    "n_text_state": 384,
    "n_text_head": 6,
    "n_text_layer": 4,
}


@pytest.fixture(scope="session")
def tiny_dir() -> Path:
    return resolve_model("tiny.en")


@pytest.fixture(scope="session")
def tiny_variables(tiny_dir: Path) -> dict[str, np.ndarray]:
    return read_ct2_model(tiny_dir / "model.bin")


@pytest.fixture(scope="session")
def checkpoint_file(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert_to_openai(tiny_dir, tmp_path_factory.mktemp("convert") / "tiny.en.pt")


@pytest.fixture(scope="session")
def checkpoint(checkpoint_file: Path) -> dict:
    return torch.load(checkpoint_file, map_location="cpu", weights_only=True)


def test_dims_are_tiny_en(checkpoint):
    assert checkpoint["dims"] == TINY_EN_DIMS


def test_every_parameter_is_present_with_its_shape(checkpoint):
    model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
    state = checkpoint["model_state_dict"]
    expected = model.state_dict()
    assert set(state) == set(expected)
    for name, value in expected.items():
        assert state[name].shape == value.shape, name
    model.load_state_dict(state, strict=True)


def test_whisper_load_model_accepts_it(checkpoint_file: Path):
    model = whisper.load_model(str(checkpoint_file), device="cpu")
    assert not model.is_multilingual
    assert model.dims.n_text_layer == 4


def test_fused_projections_are_split_and_the_key_has_no_bias(checkpoint, tiny_variables):
    state = checkpoint["model_state_dict"]
    qkv = tiny_variables["encoder/layer_2/self_attention/linear_0/weight"]
    for i, part in enumerate(("query", "key", "value")):
        got = state[f"encoder.blocks.2.attn.{part}.weight"].numpy()
        np.testing.assert_array_equal(got, qkv[i * 384 : (i + 1) * 384])
    kv_bias = tiny_variables["decoder/layer_1/attention/linear_1/bias"]
    np.testing.assert_array_equal(state["decoder.blocks.1.cross_attn.value.bias"].numpy(), kv_bias[384:])
    assert "decoder.blocks.1.cross_attn.key.bias" not in state
    np.testing.assert_array_equal(
        state["decoder.blocks.3.mlp.2.weight"].numpy(), tiny_variables["decoder/layer_3/ffn/linear_1/weight"]
    )


def test_encoder_positions_are_whisper_sinusoids(checkpoint):
    stored = checkpoint["model_state_dict"]["encoder.positional_embedding"].float()
    torch.testing.assert_close(stored, whisper.model.sinusoids(1500, 384), atol=1e-3, rtol=0)


def _heads_mask(dump: bytes) -> np.ndarray:
    return np.frombuffer(gzip.decompress(base64.b85decode(dump)), dtype=bool)


def test_alignment_heads_come_from_config_and_match_openais_tiny_en(checkpoint):
    assert np.array_equal(
        _heads_mask(checkpoint["alignment_heads"]), _heads_mask(whisper._ALIGNMENT_HEADS["tiny.en"])
    )


def test_written_atomically_with_no_temp_file_left(checkpoint_file: Path):
    assert [p.name for p in checkpoint_file.parent.iterdir()] == [checkpoint_file.name]


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tiny_dir, tmp_path, monkeypatch):
    target = tmp_path / "model.pt"
    target.write_bytes(b"old")

    def broken_save(obj, f):
        f.write(b"half a checkpoint")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        convert_to_openai(tiny_dir, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]


def _copy_model(tiny_dir: Path, dest: Path) -> Path:
    shutil.copytree(tiny_dir, dest)
    return dest


@pytest.mark.parametrize(
    "breakage, message",
    [
        ("missing folder", "no model.bin"),
        ("no model.bin", "no model.bin"),
        ("empty model.bin", "not a CTranslate2 model file"),
        ("truncated model.bin", "truncated|not a CTranslate2 model file"),
        ("another spec", "TransformerSpec, not a WhisperSpec"),
        ("old binary version", "binary version 5"),
    ],
)
def test_bad_folder_is_a_config_error(tiny_dir: Path, tmp_path: Path, breakage: str, message: str):
    folder = tmp_path / "model"
    if breakage != "missing folder":
        folder.mkdir()
    if breakage == "empty model.bin":
        (folder / "model.bin").write_bytes(b"")
    elif breakage == "truncated model.bin":
        (folder / "model.bin").write_bytes((tiny_dir / "model.bin").read_bytes()[:100_000])
    elif breakage == "another spec":
        name = b"TransformerSpec\0"
        header = struct.pack("<IH", 6, len(name)) + name + struct.pack("<III", 1, 0, 0)
        (folder / "model.bin").write_bytes(header)
    elif breakage == "old binary version":
        raw = (tiny_dir / "model.bin").read_bytes()[:4096]
        (folder / "model.bin").write_bytes(struct.pack("<I", 5) + raw[4:])
    target = tmp_path / "out" / "model.pt"
    with pytest.raises(ConfigError, match=message):
        convert_to_openai(folder, target)
    assert not target.exists()


def test_vocabulary_of_another_size_is_a_config_error(tiny_dir: Path, tmp_path: Path):
    folder = _copy_model(tiny_dir, tmp_path / "model")
    (folder / "vocabulary.txt").write_text("a\nb\nc\n")
    with pytest.raises(ConfigError, match="not a Whisper vocabulary"):
        convert_to_openai(folder, tmp_path / "model.pt")


def _save_with_ctranslate2(variables: dict[str, np.ndarray], folder: Path, quantization: str) -> Path:
    """Write ``variables`` back through CTranslate2's own spec, quantizer and writer."""
    spec = whisper_spec.WhisperSpec(4, 6, 4, 6)
    for name, value in variables.items():
        if value.ndim == 0 or name == "decoder/projection/weight":
            continue  # scalars are set by the spec; the projection is set below
        *scopes, attr = name.split("/")
        obj = spec
        for scope in scopes:
            m = re.fullmatch(r"(\w+?)_(\d+)", scope)
            if m and isinstance(getattr(obj, m[1], None), list):
                obj = getattr(obj, m[1])[int(m[2])]
            else:
                obj = getattr(obj, scope)
        setattr(obj, attr, value)
    spec.decoder.projection.weight = variables["decoder/embeddings/weight"]
    spec.register_vocabulary([f"t{i}" for i in range(variables["decoder/embeddings/weight"].shape[0])])
    spec.validate()
    spec.optimize(quantization=quantization)
    folder.mkdir()
    spec.save(str(folder))
    return folder


def test_int8_model_is_dequantized(tiny_variables, checkpoint, tmp_path: Path):
    # Many CTranslate2 models are int8: written here by CTranslate2 itself from tiny.en.
    folder = _save_with_ctranslate2(tiny_variables, tmp_path / "int8", "int8")
    assert json.loads((folder / "vocabulary.json").read_text())  # the newer vocabulary file
    converted = torch.load(convert_to_openai(folder, tmp_path / "int8.pt"), weights_only=True)
    assert converted["dims"] == TINY_EN_DIMS
    for name in ("decoder.token_embedding.weight", "encoder.blocks.0.attn.key.weight",
                 "decoder.blocks.2.cross_attn.value.weight", "encoder.conv2.weight"):
        original = checkpoint["model_state_dict"][name].float()
        got = converted["model_state_dict"][name].float()
        assert got.dtype == torch.float32
        # int8 keeps each row to within half a step of its largest value.
        step = original.abs().flatten(1).amax(dim=1) / 127
        assert ((got - original).abs().flatten(1).amax(dim=1) <= step * 0.5 + 1e-6).all(), name
