"""Transcription engines on the same real speech: speed, memory and accuracy, in one run.

    .venv/bin/python bench/transcribe.py [--models tiny.en base] [--repeat 3]
    .venv/bin/python bench/transcribe.py --long [300 1200] [FILE]   # 5 and 20 minutes looped, real recordings
    .venv/bin/python bench/transcribe.py --languages   # per story language, routed (bench/languages.py)

For each model, three ways to transcribe the same recording (the LibriVox
clips in ../shared/speech, or the project's test copies, joined with a second
of silence and repeated to --seconds, as a story of a minute or more), each in
its own process so its peak memory is its own:
  raw:      faster_whisper.WhisperModel(int8) with the pipeline's options
  pipeline: what `stories add` does, then the worker (transcribe, guard, analyse), with the
            default settings: recordings of 2 minutes or more are decoded in batches
  single:   the same, one 30-second window at a time (STORIES_BATCH_SIZE=1)
  openai:   openai-whisper on the checkpoint converted from the same weights (never batched)
After a warm-up on one clip, each pass is timed; medians are printed, with WER against the joined
reference transcripts (Whisper's English normaliser). --long adds the real recordings in ../shared/long
(each with its reference transcript beside it, see PROVENANCE.md there), or times the files it is given.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/audio.py makes the recordings
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ENGINES = ("raw", "pipeline", "single", "openai")
#: --long: the recordings (seconds) and the engines timed on them.
LONG = (300.0, 1200.0)
LONG_ENGINES = ("pipeline", "single", "openai")
#: --long: real recordings of 10 minutes or more, each with its reference transcript (.txt) beside it.
REAL = ROOT.parent / "shared" / "long"


def clips() -> list[tuple[Path, str]]:
    shared = ROOT.parent / "shared" / "speech"
    folder = shared if shared.exists() else ROOT / "tests" / "data" / "speech"
    return [(wav, wav.with_suffix(".txt").read_text().strip())
            for wav in sorted(folder.glob("librivox-*.wav"))]


def recording(target: Path, seconds: float) -> tuple[Path, str, float]:
    """The clips joined with a second of silence, repeated to ``seconds``; with its reference text."""
    from audio import join_clips

    data = clips()
    length, passes = join_clips([wav for wav, _ in data], target, seconds)
    return target, " ".join([text for _, text in data] * passes), length


def real_recording(path: Path) -> tuple[Path, str, float]:
    """A real recording as it is, with the reference transcript beside it."""
    import av

    with av.open(str(path)) as container:  # its length without decoding it here (peak memory)
        seconds = container.duration / av.time_base
    return path, path.with_suffix(".txt").read_text(), seconds


def normaliser():
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()


def run_one(model: str, engine: str, repeat: int, seconds: float, file: Path | None = None) -> dict:
    """One configuration in this process: timings, WER and peak memory."""
    import jiwer

    from stories.settings import load_settings
    from transcribe import resolve_model
    from wiring.steps import transcribe_options

    work = Path(tempfile.mkdtemp(prefix="stories-bench-"))
    os.environ["STORIES_HOME"] = str(work / "home")
    os.environ["STORIES_MODEL"] = model
    if engine == "single":
        os.environ["STORIES_BATCH_SIZE"] = "1"
    settings = load_settings()
    options = transcribe_options(settings)
    model_path = resolve_model(model, settings.cache_dir)
    started = time.perf_counter()
    transcribe_clip = _engine(engine, model, model_path, settings, options)
    load_seconds = time.perf_counter() - started
    path, reference, audio_seconds = real_recording(file) if file else recording(work / "story.wav", seconds)
    transcribe_clip(clips()[0][0])  # warm-up
    walls = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        text = transcribe_clip(path)
        walls.append(time.perf_counter() - t0)
    norm = normaliser()
    wer = jiwer.wer(norm(reference), norm(text))
    shutil.rmtree(work, ignore_errors=True)
    return {"model": model, "engine": engine, "wall": statistics.median(walls), "audio": audio_seconds,
            "wer": wer, "load": load_seconds,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _engine(engine, model, model_path, settings, options):
    if engine == "raw":
        from faster_whisper import WhisperModel

        whisper = WhisperModel(str(model_path), device="cpu", compute_type=options.compute_type)

        def raw(path):
            segments, _ = whisper.transcribe(str(path), language="en", beam_size=options.beam_size,
                                             vad_filter=options.vad_filter,
                                             word_timestamps=options.word_timestamps,
                                             initial_prompt=options.initial_prompt,
                                             condition_on_previous_text=options.condition_on_previous_text)
            return " ".join(s.text.strip() for s in segments)

        return raw
    if engine == "openai":
        from transcribe import get_engine

        runner = get_engine("openai-whisper", model_path)
        return lambda path: " ".join(s.text for s in runner.transcribe(path, "en", options, None).segments)
    from stories.intake import Submission, receive_path
    from stories.store import Store
    from wiring.tasks import wire

    store = Store(settings.db_path)
    store.init()
    queue = wire(settings)

    def pipeline(path):
        receipt = receive_path(store, queue, settings, path, Submission(title="bench", language="en"))
        queue.run_burst()
        assert store.get(receipt.story_id)["state"] == "in_review", store.get(receipt.story_id)
        return " ".join(s.text for s in store.segments(receipt.story_id))

    return pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["tiny.en", "base"])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--long", nargs="*", type=long_source, metavar="SECONDS|FILE",
                        help=f"Instead: long recordings ({', '.join(f'{x:.0f}' for x in LONG)} s of the "
                             f"clips looped and the real recordings in ../shared/long unless "
                             f"given), engines {', '.join(LONG_ENGINES)}, one pass each unless --repeat.")
    parser.add_argument("--one", nargs=2, metavar=("MODEL", "ENGINE"), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--languages", action="store_true",
                        help="Instead: real speech per story language through the routed default "
                             "(bench/languages.py).")
    args = parser.parse_args()
    if args.languages:
        sys.exit(subprocess.run([sys.executable, str(Path(__file__).with_name("languages.py"))]).returncode)
    if args.one:
        print(json.dumps(run_one(*args.one, args.repeat, args.seconds, args.file)))
        return
    if args.long is not None and "--repeat" not in sys.argv:
        args.repeat = 1
    if args.long is not None:
        chosen = args.engines != list(ENGINES)
        engines = [e for e in args.engines if e in LONG_ENGINES] if chosen else LONG_ENGINES
        for source in args.long or [*LONG, *real_recordings()]:
            report(measure(args.models, engines, args.repeat, source), args.models, args.repeat, source)
        return
    report(measure(args.models, args.engines, args.repeat, args.seconds), args.models, args.repeat)


def real_recordings() -> list[Path]:
    return sorted(path for path in REAL.glob("*.*") if path.suffix not in (".txt", ".md"))


def long_source(value: str) -> float | Path:
    """--long takes seconds of looped clips, or a real recording's path."""
    if Path(value).with_suffix(".txt").is_file():
        return Path(value).resolve()
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value}: not seconds, nor audio with a .txt beside it") from None


def measure(models: list[str], engines, repeat: int, source: float | Path) -> list[dict]:
    """Each (model, engine) in its own process, so its peak memory is its own."""
    results = []
    what = ["--file", str(source)] if isinstance(source, Path) else ["--seconds", str(source)]
    for model in models:
        for engine in engines:
            child = subprocess.run([sys.executable, __file__, "--one", model, engine, "--repeat",
                                    str(repeat), *what],
                                   capture_output=True, text=True)
            if child.returncode:
                print(f"{model} {engine} failed:\n{child.stderr[-1500:]}", file=sys.stderr)
                continue
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    return results


def report(results: list[dict], models: list[str], repeat: int, source: float | Path | None = None) -> None:
    """The table, then each model's ratios against raw faster-whisper and openai-whisper."""
    audio = results[0]["audio"] if results else 0
    what = (f"real recording {source.name}" if isinstance(source, Path)
            else f"recording of {len(clips())} LibriVox clips")
    print(f"\n{audio:.1f} s {what}; beam 5, VAD and word timestamps on; "
          f"{os.cpu_count()} cores; median of {repeat} passes after a warm-up")
    print("| model | engine | wall (s) | x real time | WER | peak RSS (MB) | model load (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['model']} | {r['engine']} | {r['wall']:.2f} | {r['audio'] / r['wall']:.1f}x | "
              f"{100 * r['wer']:.1f}% | {r['peak_rss_mb']:.0f} | {r['load']:.2f} |")
    by = {(r["model"], r["engine"]): r for r in results}
    for model in models:
        raw, pipe, single, oai = (by.get((model, e)) for e in ENGINES)
        if raw and pipe:
            print(f"{model}: pipeline speed is {raw['wall'] / pipe['wall']:.2f}x raw faster-whisper "
                  f"(target at least 0.9x)")
        if pipe and single:
            print(f"{model}: pipeline is {single['wall'] / pipe['wall']:.2f}x one window at a time, "
                  f"WER {100 * pipe['wer']:.1f}% vs {100 * single['wer']:.1f}% (at most 0.5 points worse)")
        if pipe and oai:
            print(f"{model}: pipeline is {oai['wall'] / pipe['wall']:.1f}x faster than openai-whisper "
                  f"(target at least 4x), WER {100 * pipe['wer']:.1f}% vs {100 * oai['wer']:.1f}%")

if __name__ == "__main__":
    main()
