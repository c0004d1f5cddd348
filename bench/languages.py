"""Real speech in the story languages through the routed default: the model chosen, WER, speed, memory.

    .venv/bin/python bench/languages.py [--given] [--only es it] [--seconds 300]
    .venv/bin/python bench/transcribe.py --languages      # the same

Per language, in its own process (so its peak memory is its own): the real clips of that language
(tests/data/speech-languages, human speech with published transcripts, see PROVENANCE.md there;
English is the LibriVox clips) joined once with a second of silence, as one story: looping a
short clip would repeat its sentence inside Whisper's 30-second window, which trips Whisper's own
repetition fallback and measures that instead. It goes through ``transcribe.transcribe_file`` as
the worker calls it: no model named, the language detected (or given, with --given), then routed.
After a warm-up pass one pass is timed. WER uses Whisper's basic normaliser (case and
punctuation). A few clips per language: a check of the routing and of Whisper's published
figures, not a measurement to tune on. Speed on a clip of a few seconds is mostly fixed cost
(language detection, VAD, word alignment); the 70-second Spanish reading shows a story's pace.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/audio.py joins the clips
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def clips() -> dict[str, list[Path]]:
    """Language -> its clips, English (the LibriVox clips) first."""
    found = {"en": sorted((ROOT / "tests" / "data" / "speech").glob("librivox-*.wav"))}
    for wav in sorted((ROOT / "tests" / "data" / "speech-languages").glob("*.wav")):
        found.setdefault(wav.name[:2], []).append(wav)
    return found


def run_one(language: str, given: bool, seconds: float = 0.0) -> dict:
    """One language in this process: the routed model, detection, WER, speed and peak memory."""
    import jiwer
    from audio import join_clips
    from whisper_normalizer.basic import BasicTextNormalizer

    from transcribe import TranscribeOptions, transcribe_file

    work = Path(tempfile.mkdtemp(prefix="stories-bench-"))
    wavs = clips()[language]
    audio, passes = join_clips(wavs, work / "story.wav", seconds)
    reference = " ".join([w.with_suffix(".txt").read_text(encoding="utf-8").strip() for w in wavs] * passes)
    options = TranscribeOptions(word_timestamps=True)  # as the worker runs it
    cache = work / "models"
    transcribe_file(wavs[0], language=language, options=options, cache_dir=cache)  # warm-up: loads models
    started = time.perf_counter()
    result = transcribe_file(work / "story.wav", language=None if not given else language, options=options,
                             cache_dir=cache)
    wall = time.perf_counter() - started
    normalise = BasicTextNormalizer()
    hypothesis = normalise(" ".join(s.text for s in result.segments))
    return {"language": language, "clips": len(wavs), "model": result.model, "detected": result.language,
            "audio": audio, "wall": wall, "wer": jiwer.wer(normalise(reference), hypothesis),
            "expected": result.expected_wer,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--given", action="store_true", help="Give the language instead of detecting it.")
    parser.add_argument("--only", nargs="+", metavar="LANGUAGE", help="These languages only.")
    parser.add_argument("--seconds", type=float, default=0.0,
                        help="Repeat each language's clips to this length (a long story: batched decoding).")
    parser.add_argument("--one", metavar="LANGUAGE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.given, args.seconds)))
        return
    joined = f"to {args.seconds:.0f} s" if args.seconds else "once"
    print(f"Real speech per language, its clips joined {joined}; routed default "
          f"({'language given' if args.given else 'language detected'}); beam 5, VAD and word timestamps "
          f"on; {os.cpu_count()} cores; one pass after a warm-up")
    print("| language | clips | seconds | model | detected | WER | published | x real time | peak RSS (MB) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for language in args.only or clips():
        given = ["--given"] if args.given else []
        child = subprocess.run([sys.executable, __file__, "--one", language, *given, "--seconds",
                                str(args.seconds)], capture_output=True, text=True)
        if child.returncode:
            print(f"{language} failed:\n{child.stderr[-1500:]}", file=sys.stderr)
            continue
        r = json.loads(child.stdout.strip().splitlines()[-1])
        expected = f"{r['expected']:.1f}%" if r["expected"] is not None else "-"
        print(f"| {language} | {r['clips']} | {r['audio']:.0f} | {r['model']} | {r['detected']} | "
              f"{100 * r['wer']:.1f}% | "
              f"{expected} | {r['audio'] / r['wall']:.1f}x | {r['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
