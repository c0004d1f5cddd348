"""How well personal details are found, per entity type and language (stories.privacy.find).

    .venv/bin/python bench/pii.py            # the dev split, then the holdout
    .venv/bin/python bench/pii.py --split holdout

Planted details: generated with the formats and checksums each country uses (phone numbers
valid in its numbering plan, DNI/NIE letters, codice fiscale check letters, henkilötunnus check
characters, IBANs with mod-97 check digits), in sentences of the story's language, with the
text tricks people use (obfuscated e-mails, full-width digits, zero-width spaces, number words).
Names are drawn from bench/pii_names.toml: common real names per country from the national
statistics offices' published lists, typed by hand (not Faker's lists, which the finder uses,
though many names are in both). The dev split (seed 1) is what the recognisers were tuned on;
the holdout (seed 2) never was.

Written text here; the same stories read aloud by espeak-ng and transcribed by the real pipeline
are in bench/pii_spoken.py, and stories helpers wrote by hand in
bench/pii_independent.py. Every sentence is ours, so the figures are optimistic: real tellers
write and speak less tidily.

False redactions are counted on tests/data/analyse/eval.jsonl, 147 passages with no personal
details (also written by us): every character redacted there is a false redaction.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stories import privacy  # noqa: E402

HERE = Path(__file__).resolve().parent
NAMES = tomllib.loads((HERE / "pii_names.toml").read_text())
PASSAGES = HERE.parent / "tests" / "data" / "analyse" / "eval.jsonl"
LANGUAGES = ("en", "es", "it", "fi")
STORIES_PER_LANGUAGE = 25


def _dni_letter(number: int) -> str:
    return "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def dni(r: random.Random) -> str:
    n = r.randrange(10_000_000, 99_999_999)
    return f"{n}{_dni_letter(n)}"


def nie(r: random.Random) -> str:
    prefix, n = r.choice("XYZ"), r.randrange(1_000_000, 9_999_999)
    return f"{prefix}{n}{_dni_letter(int(str('XYZ'.index(prefix)) + str(n)))}"


_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
        + [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
        strict=True,
    )
)


def codice_fiscale(r: random.Random) -> str:
    letters = "BCDFGHLMNPRSTVZ"
    body = (
        "".join(r.choice(letters) for _ in range(6))
        + f"{r.randrange(40, 99)}"
        + r.choice("ABCDEHLMPRST")
        + f"{r.randrange(1, 29) + r.choice((0, 40)):02d}"
        + r.choice("ABCDEFGHILM")
        + f"{r.randrange(100, 999)}"
    )
    total = sum(
        _ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65) for i, c in enumerate(body)
    )
    return body + chr(65 + total % 26)


def henkilotunnus(r: random.Random) -> str:
    date, serial = (
        f"{r.randrange(1, 28):02d}{r.randrange(1, 12):02d}{r.randrange(40, 99)}",
        r.randrange(2, 899),
    )
    return f"{date}-{serial:03d}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[int(f'{date}{serial:03d}') % 31]}"


def nino(r: random.Random) -> str:
    digits = f"{r.randrange(0, 999999):06d}"
    return (
        f"{r.choice('ABCEGHJKLMNPRSTWXYZ')}{r.choice('ABCEGHJKLMNPRSTWXYZ')} {digits[:2]} {digits[2:4]} "
        f"{digits[4:]} {r.choice('ABCD')}"
    )


def iban(r: random.Random, country: str) -> str:
    length = {"ES": 20, "IT": 23, "FI": 14, "GB": 18}[country]
    bban = (
        ""
        if country not in ("IT", "GB")
        else "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(1 if country == "IT" else 4))
    )
    bban += "".join(str(r.randrange(10)) for _ in range(length - len(bban)))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    code = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def phone(r: random.Random, lang: str) -> str:
    d = lambda n: "".join(str(r.randrange(10)) for _ in range(n))  # noqa: E731
    return r.choice(
        {
            "en": [f"07700 900{d(3)}", f"0113 496 0{d(3)}", f"+44 7700 900{d(3)}"],
            "es": [f"6{d(2)} {d(2)} {d(2)} {d(2)}", f"6{d(2)} {d(3)} {d(3)}", f"+34 6{d(2)} {d(3)} {d(3)}"],
            "it": [
                f"3{r.choice('2345')}{d(1)} {d(3)} {d(4)}",
                f"+39 3{r.choice('2345')}{d(1)} {d(7)}",
                f"06 {d(4)} {d(4)}",
            ],
            "fi": [f"050 {d(3)} {d(4)}", f"040 {d(7)}", f"+358 50 {d(3)} {d(4)}"],
        }[lang]
    )


def email(r: random.Random, given: str, family: str) -> str:
    user = unicodedata.normalize("NFKD", f"{given}.{family}".lower().replace(" ", ""))
    user = "".join(c for c in user if c.isascii())  # "Rodríguez" is "rodriguez" in an address
    return r.choice(
        [
            f"{user}@example.org",
            f"{user}(at)example.org",
            f"{user} [at] example [dot] org",
            f"{user}@correo.example.es",
        ]
    )


def address(r: random.Random, lang: str) -> tuple[str, str]:
    street = r.choice(NAMES[lang]["streets"])
    n = r.randrange(1, 120)
    return {
        "en": (f"{n} {street}", f"{r.choice(['LS1 4AP', 'M1 1AE', 'SW1A 1AA', 'B33 8TH', 'CR2 6XH'])}"),
        "es": (f"{street} {n}, {r.randrange(1, 9)}º", f"{r.randrange(1, 52):02d}{r.randrange(0, 999):03d}"),
        "it": (f"{street} {n}", f"{r.randrange(10, 98):02d}{r.randrange(0, 999):03d}"),
        "fi": (
            f"{street} {n} {r.choice('ABC')} {r.randrange(1, 40)}",
            f"{r.randrange(0, 99):02d}{r.randrange(0, 9)}00",
        ),
    }[lang]


def story(r: random.Random, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """One story's text and its planted (detail, type) pairs."""
    names = NAMES[lang]
    given, family = r.choice(names["given"]), r.choice(names["family"])
    helper = f"{r.choice(names['given'])} {r.choice(names['family'])}"
    street, postcode = address(r, lang)
    city = r.choice(names["cities"])
    ident = {
        "en": nino(r),
        "es": r.choice([dni(r), nie(r)]),
        "it": codice_fiscale(r),
        "fi": henkilotunnus(r),
    }[lang]
    values = {
        "teller": f"{given} {family}",
        "helper": helper,
        "phone": phone(r, lang),
        "email": email(r, given, family),
        "street": street,
        "postcode": postcode,
        "city": city,
        "id": ident,
        "iban": iban(r, {"en": "GB", "es": "ES", "it": "IT", "fi": "FI"}[lang]),
    }
    if r.random() < 0.2:  # a text trick: full-width digits, or a zero-width space inside the number
        values["phone"] = r.choice(
            [
                values["phone"].translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
                values["phone"].replace(" ", "\u200b ", 1),
            ]
        )
    text = " ".join(t.format(**values) for t in names["templates"])
    kinds = {
        "teller": "name",
        "helper": "name",
        "phone": "phone",
        "email": "email",
        "street": "address",
        "postcode": "postcode",
        "id": "id",
        "iban": "iban",
    }
    return text, [(values[k], kind) for k, kind in kinds.items()]


def covered(text: str, detail: str, spans: list[tuple[int, int, str]]) -> bool:
    """Whether every letter and digit of each mention of `detail` is inside a span."""
    at = text.find(detail)
    if at < 0:
        return True
    while at >= 0:
        for i in range(at, at + len(detail)):
            if text[i].isalnum() and not any(s <= i < e for s, e, _ in spans):
                return False
        at = text.find(detail, at + 1)
    return True


def run(split: str) -> None:
    r = random.Random({"dev": 1, "holdout": 2}[split])
    found, planted, spans_total, spans_true = (
        defaultdict(int),
        defaultdict(int),
        defaultdict(int),
        defaultdict(int),
    )
    started = time.perf_counter()
    for lang in LANGUAGES:
        for _ in range(STORIES_PER_LANGUAGE):
            text, details = story(r, lang)
            spans = privacy.merge_spans(privacy.find(text, lang))
            for detail, kind in details:
                planted[kind, lang] += 1
                found[kind, lang] += covered(text, detail, spans)
            for s, e, _ in spans:
                spans_total[lang] += 1
                spans_true[lang] += any(
                    text.find(d) >= 0 and s < text.find(d) + len(d) and text.find(d) < e for d, _ in details
                )
    elapsed = time.perf_counter() - started
    print(f"\n## {split}: {sum(planted.values())} planted details, {elapsed:.1f} s")
    table(found, planted)
    cells = [f"{spans_true[lang] / max(1, spans_total[lang]):.2f}" for lang in LANGUAGES]
    print(
        "| precision | "
        + " | ".join(cells)
        + f" | {sum(spans_true.values()) / sum(spans_total.values()):.2f} |"
    )


def table(found: dict, planted: dict) -> None:
    """Recall per type and language, then over all languages."""
    print("| type | " + " | ".join(LANGUAGES) + " | all |")
    print("|---" * (len(LANGUAGES) + 2) + "|")
    for kind in sorted({k for k, _ in planted}):
        cells = [f"{found[kind, lang] / planted[kind, lang]:.2f}" if planted[kind, lang] else "-"
                 for lang in LANGUAGES]
        total = sum(found[kind, lang] for lang in LANGUAGES) / sum(planted[kind, lang] for lang in LANGUAGES)
        print(f"| recall: {kind} | " + " | ".join(cells) + f" | {total:.2f} |")


def false_redactions() -> None:
    """Redactions per 1,000 words on passages with no personal details."""
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    examples = []
    for line in PASSAGES.read_text().splitlines():
        row = json.loads(line)
        spans = privacy.merge_spans(privacy.find(row["text"], row["language"]))
        by_lang[row["language"]][0] += len(spans)
        by_lang[row["language"]][1] += len(row["text"].split())
        examples += [(row["id"], row["text"][s:e], label) for s, e, label in spans]
    print("\n## false redactions on detail-free passages (tests/data/analyse/eval.jsonl)")
    for lang, (n, words) in sorted(by_lang.items()):
        print(f"- {lang}: {n} in {words} words = {1000 * n / words:.2f} per 1,000 words")
    print("  each (some passages name people: those finds are right, and counted here anyway):")
    for example in examples:
        print(f"  - {example}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "holdout", "both"), default="both")
    args = parser.parse_args()
    privacy.find("warm up", "en")  # the engine loads once: not part of the figures
    for split in ("dev", "holdout") if args.split == "both" else (args.split,):
        run(split)
    false_redactions()


if __name__ == "__main__":
    main()
