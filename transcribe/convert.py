"""Turn a CTranslate2 Whisper model folder into an openai-whisper checkpoint.

Both engines run the same network: CTranslate2 only fuses some projections and
stores the weights in its own ``model.bin`` format, which it cannot export back.
So we read that format (see ``ct2_reader``), then rename, split and check every
tensor. The result is a ``.pt`` file ``whisper.load_model(path)`` accepts, so no
model is downloaded.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch
from whisper.model import AudioEncoder, ModelDimensions, TextDecoder

from stories.errors import ConfigError

from .ct2_reader import read_ct2_model


def _dims(var: dict[str, np.ndarray]) -> ModelDimensions:
    def layers(side: str) -> int:
        return len({m[1] for n in var if (m := re.match(rf"{side}/layer_(\d+)/", n))})

    return ModelDimensions(
        n_mels=var["encoder/conv1/weight"].shape[1],
        n_audio_ctx=var["encoder/position_encodings/encodings"].shape[0],
        n_audio_state=var["encoder/position_encodings/encodings"].shape[1],
        n_audio_head=int(var["encoder/num_heads"]),
        n_audio_layer=layers("encoder"),
        n_vocab=var["decoder/embeddings/weight"].shape[0],
        n_text_ctx=var["decoder/position_encodings/encodings"].shape[0],
        n_text_state=var["decoder/position_encodings/encodings"].shape[1],
        n_text_head=int(var["decoder/num_heads"]),
        n_text_layer=layers("decoder"),
    )


def _weight(var: dict[str, np.ndarray], src: str) -> np.ndarray:
    """A float weight; int8/int16 ones are stored with a per-row (or one) scale."""
    weight, scale = var[f"{src}/weight"], var.get(f"{src}/weight_scale")
    if scale is None:
        return weight
    return weight.astype(np.float32) / scale.astype(np.float32).reshape(-1, *[1] * (weight.ndim - 1))


def _state_dict(var: dict[str, np.ndarray], dims: ModelDimensions) -> dict[str, torch.Tensor]:
    state: dict[str, torch.Tensor] = {}

    def put(dst: str, array: np.ndarray) -> None:
        state[dst] = torch.from_numpy(np.ascontiguousarray(array))

    def norm(dst: str, src: str) -> None:
        put(f"{dst}.weight", var[f"{src}/gamma"])
        put(f"{dst}.bias", var[f"{src}/beta"])

    def linear(dsts: list[str], src: str) -> None:
        # CTranslate2 fuses projections along the output rows (q|k|v, or k|v).
        weight = _weight(var, src)
        bias = var.get(f"{src}/bias")
        if bias is None:  # the bias is optional in CTranslate2's spec
            bias = np.zeros(weight.shape[0], weight.dtype)
        for dst, w, b in zip(dsts, np.split(weight, len(dsts)), np.split(bias, len(dsts)), strict=True):
            put(f"{dst}.weight", w)
            # openai-whisper's key projections have no bias. Dropping it is exact even if
            # nonzero: q.(k+b) adds the same q.b to every key, which softmax ignores.
            if not dst.endswith(".key"):
                put(f"{dst}.bias", b)

    def block(dst: str, src: str, cross: bool) -> None:
        attn = f"{src}/self_attention"
        linear([f"{dst}.attn.query", f"{dst}.attn.key", f"{dst}.attn.value"], f"{attn}/linear_0")
        linear([f"{dst}.attn.out"], f"{attn}/linear_1")
        norm(f"{dst}.attn_ln", f"{attn}/layer_norm")
        if cross:
            linear([f"{dst}.cross_attn.query"], f"{src}/attention/linear_0")
            linear([f"{dst}.cross_attn.key", f"{dst}.cross_attn.value"], f"{src}/attention/linear_1")
            linear([f"{dst}.cross_attn.out"], f"{src}/attention/linear_2")
            norm(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
        linear([f"{dst}.mlp.0"], f"{src}/ffn/linear_0")
        linear([f"{dst}.mlp.2"], f"{src}/ffn/linear_1")
        norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")

    for conv in ("conv1", "conv2"):
        put(f"encoder.{conv}.weight", _weight(var, f"encoder/{conv}"))
        put(f"encoder.{conv}.bias", var[f"encoder/{conv}/bias"])
    # The encoder's fixed sinusoids: CTranslate2 stores them, openai-whisper keeps them as a buffer.
    put("encoder.positional_embedding", var["encoder/position_encodings/encodings"])
    for i in range(dims.n_audio_layer):
        block(f"encoder.blocks.{i}", f"encoder/layer_{i}", cross=False)
    norm("encoder.ln_post", "encoder/layer_norm")
    embedding = _weight(var, "decoder/embeddings")
    put("decoder.token_embedding.weight", embedding)
    put("decoder.positional_embedding", var["decoder/position_encodings/encodings"])
    for i in range(dims.n_text_layer):
        block(f"decoder.blocks.{i}", f"decoder/layer_{i}", cross=True)
    norm("decoder.ln", "decoder/layer_norm")
    # openai-whisper always computes logits with the token embedding. CTranslate2 usually
    # stores the projection as an alias of it (then the very same array).
    projection = var.get("decoder/projection/weight")
    if projection is not None and projection is not var["decoder/embeddings/weight"] and not (
        np.array_equal(_weight(var, "decoder/projection"), embedding)
    ):
        raise ConfigError("The model's output projection is not its token embedding: not supported")
    return state


def _alignment_heads(config_file: Path, dims: ModelDimensions) -> bytes | None:
    """config.json's word-timing heads, encoded as ``Whisper.set_alignment_heads`` wants."""
    if not config_file.is_file():
        return None
    try:
        heads = json.loads(config_file.read_text()).get("alignment_heads") or []
        mask = np.zeros((dims.n_text_layer, dims.n_text_head), dtype=bool)
        for layer, head in heads:
            mask[layer, head] = True
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        raise ConfigError(f"Cannot read alignment_heads from {config_file}: {exc}") from exc
    return base64.b85encode(gzip.compress(mask.tobytes(), mtime=0)) if heads else None


def _check_shapes(state: dict[str, torch.Tensor], dims: ModelDimensions) -> None:
    """Compare every name and shape with openai-whisper's own modules, built on "meta" (no memory)."""
    with torch.device("meta"):
        encoder = AudioEncoder(dims.n_mels, dims.n_audio_ctx, dims.n_audio_state, dims.n_audio_head,
                               dims.n_audio_layer)
        decoder = TextDecoder(dims.n_vocab, dims.n_text_ctx, dims.n_text_state, dims.n_text_head,
                              dims.n_text_layer)
    # Whisper's persistent state is exactly its encoder's and decoder's.
    expected = {f"{side}.{name}": tuple(value.shape) for side, module in
                (("encoder", encoder), ("decoder", decoder)) for name, value in module.state_dict().items()}
    got = {name: tuple(value.shape) for name, value in state.items()}
    if got != expected:
        wrong = sorted(n for n in expected.keys() | got.keys() if expected.get(n) != got.get(n))
        raise ConfigError(f"The model does not map onto openai-whisper's: {', '.join(wrong[:5])} differ")


def _check_vocabulary(ct2_dir: Path, n_vocab: int) -> None:
    """openai-whisper brings its own tokenizer: only a model with Whisper's vocabulary fits it."""
    # Older CTranslate2 wrote vocabulary.txt (a token a line), newer writes vocabulary.json.
    try:
        if (file := ct2_dir / "vocabulary.json").is_file():
            size = len(json.loads(file.read_text(encoding="utf-8")))
        elif (file := ct2_dir / "vocabulary.txt").is_file():
            size = len(file.read_text(encoding="utf-8").splitlines())
        else:
            return
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"Cannot read the vocabulary {file}: {exc}") from exc
    if size != n_vocab:
        raise ConfigError(f"{file} has {size} tokens, the model {n_vocab}: not a Whisper vocabulary")


def convert_to_openai(ct2_dir: Path, target: Path) -> Path:
    """Write the CTranslate2 Whisper model in ``ct2_dir`` as an openai-whisper checkpoint.

    The checkpoint keeps the model's float16 (or float32) weights; int8/int16 ones are
    dequantized to float32. Besides "dims" and "model_state_dict" it may hold
    "alignment_heads" for ``Whisper.set_alignment_heads``. ``target`` is replaced
    atomically, so a reader never sees half a file. Returns ``target``.

    Raises ConfigError when the folder holds no Whisper model we can convert.
    """
    ct2_dir, target = Path(ct2_dir), Path(target)
    if not (ct2_dir / "model.bin").is_file():
        raise ConfigError(f"{ct2_dir} is not a CTranslate2 model folder: it has no model.bin")
    var = read_ct2_model(ct2_dir / "model.bin")
    try:
        dims = _dims(var)
        state = _state_dict(var, dims)
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"{ct2_dir / 'model.bin'} is not a complete Whisper model: {exc}") from exc
    _check_vocabulary(ct2_dir, dims.n_vocab)
    _check_shapes(state, dims)
    checkpoint = {"dims": asdict(dims), "model_state_dict": state}
    heads = _alignment_heads(ct2_dir / "config.json", dims)
    if heads is not None:
        checkpoint["alignment_heads"] = heads
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            torch.save(checkpoint, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
