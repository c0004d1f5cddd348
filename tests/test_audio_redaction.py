"""Published audio is silenced word by word, through the real pipeline."""

from __future__ import annotations

import av
import numpy as np
import pytest
import sqlite_utils

from stories.cli import cli

pytestmark = pytest.mark.slow


def rms(pcm: np.ndarray, rate: int, start: float, end: float) -> float:
    part = pcm[int(start * rate):int(end * rate)]
    return float(np.sqrt(np.mean(part ** 2)))


def test_only_the_redacted_words_are_silenced(runner, settings, store, speech):
    story_id = runner.invoke(cli, ["add", str(speech("espeak-social-worker.wav")), "--language", "en",
                                   "--consent", "publish"]).stdout.strip()
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    assert runner.invoke(cli, ["approve", story_id]).exit_code == 0
    words = [w for w in store.rows("words", story_id) if w["segment_idx"] == 0]
    name = [w for w in words if w["text"].strip() in ("Sarah", "Jones")]
    after = [w for w in words if w["text"].strip().rstrip(".") in ("flat", "evicted")]
    assert len(name) == 2 and after

    audio = sqlite_utils.Database(settings.archive_path)["stories"].get(story_id)["audio"]
    with av.open(str(settings.published_dir / audio.rsplit("/", 1)[1])) as container:
        rate = container.streams.audio[0].rate
        pcm = np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)[0]
    assert rms(pcm, rate, name[0]["start"] + 0.05, name[-1]["end"] - 0.05) < 1e-3
    assert rms(pcm, rate, after[0]["start"], after[-1]["end"]) > 1e-2  # same segment, still heard
