"""Personal details read aloud: espeak-ng voices, transcribed by the real pipeline, redacted, then looked for.

    .venv/bin/python bench/pii_spoken.py [--split dev|holdout|both] [--stories 6] [--cache DIR] [--show-leaks]

The stories of bench/pii.py (same generator and splits), with each e-mail written as it is said
("ana punto garcia arroba example punto org"), are read by espeak-ng in each language's voice and
go through the worker's own steps: ``transcribe_file`` (the routed model: tiny.en for English,
base for the rest), ``analyse_segments`` (the privacy finders) and ``redact_segments``, which is
what the archive publishes. A detail has leaked if it can still be read in the published text:

- names, e-mail users and street names: one of their words (folded: no case, no accents);
- numbers (phones, ID numbers, IBANs, postcodes): four of their digits in a row, after number words
  ("seis cuatro siete") are read as digits.

"heard" is the share of details Whisper wrote recognisably before redaction (a garbled detail
cannot leak in text, though the audio still says it); "kept out" is 1 - leaked / planted. espeak-ng
is robotic and the sentences are ours: these figures say what the finders do with Whisper's
spelling, not how real tellers speak.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pii  # noqa: E402

VOICES = {"en": "en-gb", "es": "es", "it": "it", "fi": "fi"}
SAID = {"en": ("at", "dot"), "es": ("arroba", "punto"), "it": ("chiocciola", "punto"), "fi": ("ät", "piste")}
#: Street words: generic, so not evidence that the street itself was heard.
GENERIC = {"calle", "avenida", "plaza", "paseo", "via", "viale", "piazza", "corso", "street", "road", "lane",
           "avenue", "close", "de", "la", "del", "di", "the"}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def spoken(text: str, details: list[tuple[str, str]], lang: str) -> str:
    """The story as a person would say it: e-mail addresses read out, no typing tricks."""
    at, dot = SAID[lang]
    text = unicodedata.normalize("NFKC", text).replace("\u200b", "")
    for detail, kind in details:
        if kind == "email":
            plain = re.sub(r"\s*[(\[]?\bat\b[)\]]?\s*|\s*\[dot\]\s*",
                           lambda m: "@" if "at" in m.group() else ".", detail)
            user, _, host = plain.partition("@")
            said = f" {at} ".join(" ".join(part.replace(".", f" {dot} ").split()) for part in (user, host))
            text = text.replace(detail, said)
    return text


def _digits(text: str, lang: str) -> str:
    from stories.privacy.number_runs import number_runs

    digits, at = [], 0
    for run in number_runs(text, lang):
        digits.append(re.sub(r"\D", "", text[at:run.start]))
        digits.append("".join(t.digits for t in run.tokens))
        at = run.end
    digits.append(re.sub(r"\D", "", text[at:]))
    return "".join(digits)


def leaked(detail: str, kind: str, text: str, lang: str) -> bool:
    """Whether ``detail`` can still be read in ``text`` (see the module's description)."""
    if kind in ("name", "email", "address"):
        words = set(re.findall(r"\w+", fold(text)))
        part = detail.split("(at)")[0].split("@")[0].split("[at]")[0] if kind == "email" else detail
        mine = {w for w in re.findall(r"[^\W\d_]+", fold(part)) if len(w) >= 3 and w not in GENERIC}
        return bool(mine & words)
    wanted, heard = re.sub(r"\D", "", unicodedata.normalize("NFKC", detail)), _digits(text, lang)
    return any(wanted[i:i + 4] in heard for i in range(max(1, len(wanted) - 3)))


def _transcribed(wav: Path, said: str, lang: str, work: Path, cache: Path | None):
    """The routed transcript of ``said``; kept in ``cache`` (by text and voice) when one is given."""
    from transcribe import TranscribeOptions, transcribe_file

    key = cache / (hashlib.sha256(f"{lang}\0{said}".encode()).hexdigest()[:16] + ".pickle") if cache else None
    if key and key.exists():
        return pickle.loads(key.read_bytes())  # noqa: S301 - our own cache, written below
    subprocess.run(["espeak-ng", "-v", VOICES[lang], "-s", "150", "-w", str(wav), said],  # noqa: S607 - the Makefile installs Debian's espeak-ng
                   check=True)
    transcript = transcribe_file(wav, language=lang, options=TranscribeOptions(word_timestamps=True),
                                 cache_dir=work / "models")
    if key:
        key.write_bytes(pickle.dumps(transcript))
    return transcript


def run(split: str, stories: int, work: Path, cache: Path | None = None, show: bool = False) -> None:
    from analyse import analyse_segments
    from publish.redact import redact_segments

    r = random.Random({"dev": 1, "holdout": 2}[split])
    planted, heard, kept = defaultdict(int), defaultdict(int), defaultdict(int)
    started, audio = time.perf_counter(), 0.0
    for lang in pii.LANGUAGES:
        for n in range(stories):
            text, details = pii.story(r, lang)
            wav = work / f"{split}-{lang}-{n}.wav"
            transcript = _transcribed(wav, spoken(text, details, lang), lang, work, cache)
            audio += transcript.duration
            analysis = analyse_segments(transcript.segments, language=lang)
            said = " ".join(s.text for s in transcript.segments)
            published = " ".join(s.text for s in redact_segments(transcript.segments, analysis.redactions))
            for detail, kind in details:
                planted[kind, lang] += 1
                heard[kind, lang] += leaked(detail, kind, said, lang)
                gone = not leaked(detail, kind, published, lang)
                kept[kind, lang] += gone
                if show and not gone:
                    print(f"LEAK {lang} {kind}: {detail!r}\n  heard: {said}\n  published: {published}\n")
    elapsed = time.perf_counter() - started
    print(f"\n## spoken, {split}: {sum(planted.values())} planted details in {audio:.0f} s of speech, "
          f"{elapsed:.0f} s")
    columns = " | ".join(f"{lang} heard | {lang} kept out" for lang in pii.LANGUAGES)
    print(f"| type | {columns} | all kept out |")
    print("|---" * (2 * len(pii.LANGUAGES) + 2) + "|")
    for kind in sorted({k for k, _ in planted}):
        n = {lang: planted[kind, lang] for lang in pii.LANGUAGES}
        cells = [f"{heard[kind, lang] / n[lang]:.2f} | {kept[kind, lang] / n[lang]:.2f}"
                 for lang in pii.LANGUAGES]
        total = sum(kept[kind, lang] for lang in pii.LANGUAGES) / sum(n.values())
        print(f"| {kind} | " + " | ".join(cells) + f" | {total:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "holdout", "both"), default="both")
    parser.add_argument("--stories", type=int, default=6, help="Stories per language per split.")
    parser.add_argument("--cache", type=Path, help="Keep transcripts here (reruns skip Whisper).")
    parser.add_argument("--show-leaks", action="store_true", help="Print each leaked detail in context.")
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stories-pii-spoken-") as work:
        for split in ("dev", "holdout") if args.split == "both" else (args.split,):
            run(split, args.stories, Path(work), args.cache, args.show_leaks)


if __name__ == "__main__":
    main()
