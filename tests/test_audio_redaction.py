"""Published audio is silenced word by word, through the real pipeline."""

from __future__ import annotations

import av
import numpy as np
import pytest
import sqlite_utils
from audio import normalise

from wiring.cli import cli

pytestmark = pytest.mark.slow


def rms(pcm: np.ndarray, rate: int, start: float, end: float) -> float:
    part = pcm[int(start * rate):int(end * rate)]
    return float(np.sqrt(np.mean(part ** 2)))


def test_only_the_redacted_words_are_silenced(runner, settings, store, speech):
    story_id = runner.invoke(cli, ["add", str(speech("espeak-social-worker.wav")), "--language", "en",
                                   "--consent", "publish"]).stdout.strip()
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    assert runner.invoke(cli, ["approve", story_id]).exit_code == 0
    # Whisper may write " Sarah", " Sarah," or " sarah" ("Sara"), and split the story into segments
    # its own way: the name is found by its words, and the words kept from its segment.
    words = sorted(store.rows("words", story_id), key=lambda w: w["start"])
    name = [w for w in words if normalise(w["text"]) in ("sarah", "sara", "jones")]
    assert len(name) == 2, [w["text"] for w in words]
    rest = [w for w in words if w["segment_idx"] == name[0]["segment_idx"] and w not in name]
    kept = [w for w in rest if w["start"] >= name[-1]["end"]]  # "helped me find a flat ..."
    kept = kept or [w for w in rest if w["end"] <= name[0]["start"]]  # or else "My social worker"
    assert kept, [w["text"] for w in words]

    audio = sqlite_utils.Database(settings.archive_path)["stories"].get(story_id)["audio"]
    with av.open(str(settings.published_dir / audio.rsplit("/", 1)[1])) as container:
        rate = container.streams.audio[0].rate
        pcm = np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)[0]
    assert rms(pcm, rate, name[0]["start"] + 0.05, name[-1]["end"] - 0.05) < 1e-3
    assert rms(pcm, rate, kept[0]["start"], kept[-1]["end"]) > 1e-2  # same segment, still heard
