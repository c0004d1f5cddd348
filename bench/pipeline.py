"""Pipeline against raw faster-whisper on the same clip, in one process.

    .venv/bin/python bench/pipeline.py [--repeat 3] [--seconds 60]

Builds a clip of real speech (the LibriVox test clips and the espeak clip,
repeated to about --seconds), then alternates:
  raw:      faster_whisper.WhisperModel(tiny.en, int8).transcribe(clip), same options
  pipeline: what `stories add` does (probe, hash, store) and then the worker
            (transcribe, analyse with spaCy, publish archive.db)
Both are warmed up first (model loads are reported apart). Prints medians.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEECH = ROOT / "tests" / "data" / "speech"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/audio.py makes the recordings
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_clip(target: Path, seconds: float) -> float:
    """The test clips (16 kHz mono) with half a second between them, repeated to about ``seconds``."""
    from audio import join_clips

    names = ("librivox-0870.wav", "librivox-0920.wav", "espeak-housing.wav")
    return join_clips([SPEECH / name for name in names], target, seconds, gap=0.5)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="stories-bench-"))
    os.environ["STORIES_HOME"] = str(work / "home")
    clip = work / "clip.wav"
    audio_seconds = build_clip(clip, args.seconds)

    from faster_whisper import WhisperModel

    from stories.intake import Submission, receive_path
    from stories.queue import JobQueue
    from stories.settings import load_settings
    from stories.store import Store
    from transcribe import resolve_model
    from wiring.steps import transcribe_options
    from wiring.tasks import wire

    options = transcribe_options(load_settings())  # the raw baseline decodes as the pipeline does
    started = time.perf_counter()
    model = WhisperModel(str(resolve_model("tiny.en")), device="cpu", compute_type=options.compute_type)
    raw_load = time.perf_counter() - started

    def run_raw() -> float:
        t0 = time.perf_counter()
        segments, _ = model.transcribe(str(clip), language="en", beam_size=options.beam_size,
                                       vad_filter=options.vad_filter,
                                       word_timestamps=options.word_timestamps,
                                       condition_on_previous_text=options.condition_on_previous_text)
        list(segments)
        return time.perf_counter() - t0

    settings = load_settings()
    store = Store(settings.db_path)
    store.init()
    queue = wire(settings, JobQueue(settings))

    steps: dict[str, list[float]] = {}

    def run_pipeline() -> float:
        t0 = time.perf_counter()
        story_id = receive_path(store, queue, settings, clip,
                                Submission(title="bench", language="en", consents={"publish": True})).story_id
        intake = time.perf_counter() - t0
        queue.run_burst()
        elapsed = time.perf_counter() - t0
        assert store.get(story_id)["state"] == "in_review", store.get(story_id)
        timed = {e["action"]: e["seconds"] for e in store.events(story_id) if e["seconds"] is not None}
        timed["intake (probe, hash, store)"] = intake
        timed["queue, publish and the rest"] = elapsed - sum(timed.values())
        for name, seconds in timed.items():
            steps.setdefault(name, []).append(seconds)
        return elapsed

    started = time.perf_counter()
    run_pipeline()  # warm-up: loads the pipeline's Whisper and spaCy models
    pipeline_cold = time.perf_counter() - started
    steps.clear()
    run_raw()
    raw, pipe = [], []
    for _ in range(args.repeat):
        raw.append(run_raw())
        pipe.append(run_pipeline())
    raw_s, pipe_s = statistics.median(raw), statistics.median(pipe)

    print(f"clip: {audio_seconds:.1f} s of speech, tiny.en int8, beam {options.beam_size}, "
          f"VAD {'on' if options.vad_filter else 'off'}, word timestamps "
          f"{'on' if options.word_timestamps else 'off'}, {os.cpu_count()} cores, median of {args.repeat}")
    print("| run | wall (s) | real-time factor | x real time |")
    print("| --- | --- | --- | --- |")
    for name, seconds in (("raw faster-whisper", raw_s), ("pipeline (add + worker)", pipe_s)):
        print(f"| {name} | {seconds:.2f} | {seconds / audio_seconds:.3f} | {audio_seconds / seconds:.1f}x |")
    print(f"pipeline / raw: {pipe_s / raw_s:.3f} (overhead {100 * (pipe_s / raw_s - 1):+.1f}%)")
    print("pipeline steps (median s): " + ", ".join(
        f"{name} {statistics.median(values):.3f}" for name, values in steps.items()))
    print(f"model load (raw): {raw_load:.2f} s; first pipeline run incl. model loads: {pipeline_cold:.2f} s")
    print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")
    store.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
