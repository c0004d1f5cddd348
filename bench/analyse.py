"""How well, and how fast, the analyse stage tags themes with a codebook.

    .venv/bin/python bench/analyse.py [--split dev|holdout|all] [--set written|real]
                                      [--codebook PATH] [--errors] [--no-speed] [--minutes 5]

Quality: runs `analyse.analyse_segments` on each passage of the labelled
evaluation set (tests/data/analyse/eval.jsonl, see its README), one Segment
per passage in the passage's own language, and compares the themes tagged
with the themes a human coder assigned. A passage counts as tagged with a
theme when at least one tag for it was found. Prints per-theme precision,
recall, F1 and support, macro F1 for the service-area group and overall
(macro over the themes with support > 0 in the split), and a summary per
language.

Speed: words per second of analysis alone (after a warm-up), and analysis as
a share of the pipeline on a long story: a recording of about --minutes made
of the English speech clips in tests/data/speech (1 s of silence between
them) is transcribed with `transcribe.transcribe_file` and its transcript
analysed with `analyse.analyse_segments`; both are timed after a warm-up.

Tune patterns on --split dev only; holdout is for reporting.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "tests" / "data" / "analyse" / "eval.jsonl"
#: Real published testimonies, coded by rule (tests/data/analyse/real/README.md): scored on the
#: three groups coded there, against the issue's targets.
REAL_SET = ROOT / "tests" / "data" / "analyse" / "real" / "testimonies.jsonl"
REAL_TARGETS = {"service-area": 0.80, "service-area non-en": 0.75, "experience": 0.60, "framing": 0.55}
SPEECH = ROOT / "tests" / "data" / "speech"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/audio.py joins the clips
os.environ.setdefault("HF_HUB_OFFLINE", "1")

#: Targets printed against (see tests/analyse/test_default_codebook.py).
TARGET_SERVICE_AREA_F1 = 0.75
TARGET_OVERALL_F1 = 0.6
TARGET_SHARE = 0.05
#: Clips in another language than tiny.en's would be transcribed as noise.
NON_ENGLISH_CLIPS = ("espeak-spanish.wav",)


def load_eval_set(split: str = "all", path: Path = EVAL_SET) -> list[dict]:
    """The labelled passages in `split` ("dev", "holdout" or "all")."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if split == "all" or r["split"] == split]


def predict(records: list[dict], codebook: Path | None = None) -> list[set[str]]:
    """The themes each passage would be published with, one Segment per passage."""
    from analyse import analyse_segments
    from stories.model import Segment

    return [
        # What the archive publishes: a low-confidence tag waits for a moderator.
        {t.theme_id for t in analyse_segments([Segment(0, r["text"])], language=r["language"],
                                               codebook_path=codebook).tags
         if getattr(t, "confidence", "high") != "low"}
        for r in records
    ]


@dataclass
class Scores:
    """Passage-level counts per theme, and the F1s made from them."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, gold: set[str], predicted: set[str]) -> None:
        for theme in gold & predicted:
            self.tp[theme] += 1
        for theme in predicted - gold:
            self.fp[theme] += 1
        for theme in gold - predicted:
            self.fn[theme] += 1

    def support(self, theme: str) -> int:
        return self.tp[theme] + self.fn[theme]

    def prf(self, theme: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[theme], self.fp[theme], self.fn[theme]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def macro_f1(self, themes: list[str]) -> float | None:
        """Mean F1 over those of `themes` with support > 0 (None when there are none)."""
        scored = [self.prf(t)[2] for t in themes if self.support(t) > 0]
        return statistics.fmean(scored) if scored else None

    def micro_f1(self, themes: list[str]) -> float:
        tp = sum(self.tp[t] for t in themes)
        fp = sum(self.fp[t] for t in themes)
        fn = sum(self.fn[t] for t in themes)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(records: list[dict], predictions: list[set[str]]) -> Scores:
    scores = Scores()
    for record, predicted in zip(records, predictions, strict=True):
        scores.add(set(record["themes"]), predicted)
    return scores


def evaluate(split: str = "holdout", codebook: Path | None = None) -> dict[str, float | None]:
    """Service-area and overall macro F1 on `split`, for tests: {"service-area": f1, "overall": f1}."""
    from analyse import load_codebook

    book = load_codebook(codebook)
    records = load_eval_set(split)
    scores = score(records, predict(records, codebook))
    themes = [t.id for t in book.themes]
    service = [t.id for t in book.themes if t.group == "service-area"]
    return {"service-area": scores.macro_f1(service), "overall": scores.macro_f1(themes)}


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "no support"
    return f"target >= {target:.2f}: {'met' if value >= target else 'NOT met'}"


def print_quality(records: list[dict], predictions: list[set[str]], codebook, errors: bool,
                  groups: tuple[str, ...] | None = None) -> None:
    """Per-theme and per-group scores; with ``groups``, only those groups' themes count."""
    themes = [t.id for t in codebook.themes if groups is None or t.group in groups]
    predictions = [p & set(themes) for p in predictions]
    scores = score(records, predictions)
    group_of = {t.id: t.group for t in codebook.themes}
    print("| theme | group | precision | recall | F1 | support | false + |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for theme in themes:
        p, r, f = scores.prf(theme)
        support = scores.support(theme)
        shown = (fmt(p), fmt(r), fmt(f)) if support else ("  -  ",) * 3
        print(f"| {theme} | {group_of[theme]} | {' | '.join(shown)} | {support} | {scores.fp[theme]} |")
    print()
    for group in (g for g in codebook.groups if groups is None or g.id in groups):
        members = [t for t in themes if group_of[t] == group.id]
        print(f"macro F1 {group.id}: {fmt(scores.macro_f1(members))}")
    service = [t for t in themes if group_of[t] == "service-area"]
    service_f1, overall_f1 = scores.macro_f1(service), scores.macro_f1(themes)
    print(f"\nMACRO F1 service-area: {fmt(service_f1)}  ({verdict(service_f1, TARGET_SERVICE_AREA_F1)})")
    print(f"MACRO F1 overall:      {fmt(overall_f1)}  ({verdict(overall_f1, TARGET_OVERALL_F1)})")
    print(f"micro F1 overall:      {fmt(scores.micro_f1(themes))}")

    print("\n| language | passages | service-area macro F1 | overall macro F1 | micro F1 |")
    print("| --- | --- | --- | --- | --- |")
    subsets = [(lang, lambda r, lang=lang: r["language"] == lang)
               for lang in sorted({r["language"] for r in records})]
    subsets.append(("non-en", lambda r: r["language"] != "en"))
    subsets.append(("mixed", lambda r: r.get("mixed", False)))
    for name, keep in subsets:
        pairs = [(r, p) for r, p in zip(records, predictions, strict=True) if keep(r)]
        if not pairs:
            continue
        sub = score([r for r, _ in pairs], [p for _, p in pairs])
        print(f"| {name} | {len(pairs)} | {fmt(sub.macro_f1(service))} | {fmt(sub.macro_f1(themes))} "
              f"| {fmt(sub.micro_f1(themes))} |")

    if errors:
        print("\nErrors per passage (missed: -, extra: +):")
        for record, predicted in zip(records, predictions, strict=True):
            gold = set(record["themes"])
            if gold != predicted:
                diff = [f"-{t}" for t in sorted(gold - predicted)]
                diff += [f"+{t}" for t in sorted(predicted - gold)]
                print(f"  {record['id']} [{record['split']}] {' '.join(diff)}\n      {record['text']}")


def print_real_targets(records: list[dict], predictions: list[set[str]], codebook) -> None:
    """Macro F1 per coded group and language on the real testimonies, against the targets."""
    group_of = {t.id: t.group for t in codebook.themes}
    languages = sorted({r["language"] for r in records})
    print("\n| group | " + " | ".join(languages) + " | non-en | all | target |")
    print("|---" * (len(languages) + 4) + "|")
    for group in ("service-area", "experience", "framing"):
        members = [t for t, g in group_of.items() if g == group]
        cells = []
        for keep in [*(lambda r, lang=lang: r["language"] == lang for lang in languages),
                     lambda r: r["language"] != "en", lambda r: True]:
            pairs = [(r, p) for r, p in zip(records, predictions, strict=True) if keep(r)]
            cells.append(fmt(score([r for r, _ in pairs], [p for _, p in pairs]).macro_f1(members)))
        target = REAL_TARGETS[group]
        extra = f", non-en {REAL_TARGETS['service-area non-en']:.2f}" if group == "service-area" else ""
        print(f"| {group} | {' | '.join(cells)} | {target:.2f}{extra} |")


def words_per_second(records: list[dict], codebook: Path | None, repeat: int) -> None:
    from analyse import analyse_segments
    from stories.model import Segment

    print("\n| language | passages | words | words/s (analysis only) |")
    print("| --- | --- | --- | --- |")
    for lang in sorted({r["language"] for r in records}):
        texts = [r["text"] for r in records if r["language"] == lang]
        words = sum(len(t.split()) for t in texts)
        analyse_segments([Segment(0, texts[0])], language=lang, codebook_path=codebook)  # warm-up
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            for text in texts:
                analyse_segments([Segment(0, text)], language=lang, codebook_path=codebook)
            runs.append(time.perf_counter() - started)
        print(f"| {lang} | {len(texts)} | {words} | {words / statistics.median(runs):,.0f} |")


def long_story_share(minutes: float, codebook: Path | None, repeat: int) -> None:
    from audio import join_clips

    from analyse import analyse_segments
    from transcribe import transcribe_file

    clips = sorted(p for p in SPEECH.glob("*.wav") if p.name not in NON_ENGLISH_CLIPS)
    with tempfile.TemporaryDirectory(prefix="stories-bench-analyse-") as work:
        path = Path(work) / "story.wav"
        seconds, passes = join_clips(clips, path, minutes * 60, gap=1.0)
        transcribe_file(path)  # warm-up: loads Whisper
        transcribe_times, analyse_times = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            transcript = transcribe_file(path)
            transcribe_times.append(time.perf_counter() - started)
            analyse_segments(transcript.segments, codebook_path=codebook)  # warm-up: loads spaCy
            started = time.perf_counter()
            analysis = analyse_segments(transcript.segments, codebook_path=codebook)
            analyse_times.append(time.perf_counter() - started)
    transcribe_s, analyse_s = statistics.median(transcribe_times), statistics.median(analyse_times)
    words = sum(len(s.text.split()) for s in transcript.segments)
    share = analyse_s / (transcribe_s + analyse_s)
    print(f"\n{seconds / 60:.1f}-minute story ({len(clips)} English clips x {passes}, 1 s gaps; "
          f"{len(transcript.segments)} segments, {words} words, {len(analysis.tags)} tags), "
          f"median of {repeat}, {os.cpu_count()} cores:")
    print(f"  transcribe_file (tiny.en): {transcribe_s:.2f} s")
    print(f"  analyse_segments:          {analyse_s:.3f} s ({words / analyse_s:,.0f} words/s)")
    print(f"  analysis share of the pipeline: {100 * share:.1f}%  "
          f"(target <= {100 * TARGET_SHARE:.0f}%: {'met' if share <= TARGET_SHARE else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "holdout", "all"), default="dev")
    parser.add_argument("--set", dest="which", choices=("written", "real"), default="written",
                        help="written: passages written here (eval.jsonl); real: published testimonies")
    parser.add_argument("--codebook", type=Path, default=None, help="default: analyse/codebooks/default.toml")
    parser.add_argument("--errors", action="store_true", help="list each passage's missed and extra themes")
    parser.add_argument("--no-speed", action="store_true", help="skip the timings")
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the long story (default 5)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from analyse import load_codebook

    codebook = load_codebook(args.codebook)
    real = args.which == "real"
    records = load_eval_set(args.split, REAL_SET if real else EVAL_SET)
    languages = ", ".join(f"{k} {v}" for k, v in sorted(Counter(r["language"] for r in records).items()))
    print(f"codebook {codebook.name} {codebook.version}; {args.which} set, split {args.split}: "
          f"{len(records)} passages ({languages})\n")
    predictions = predict(records, args.codebook)
    coded = ("service-area", "experience", "framing") if real else None
    print_quality(records, predictions, codebook, args.errors, coded)
    if real:
        print_real_targets(records, predictions, codebook)
    if not args.no_speed:
        words_per_second(records, args.codebook, args.repeat)
        long_story_share(args.minutes, args.codebook, args.repeat)


if __name__ == "__main__":
    main()
