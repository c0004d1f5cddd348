"""Validates stories.jsonl (standard library only).

Checks: JSON parses; required fields; ids unique; every details[].text occurs
verbatim in text; warns when a detail string also occurs unmarked; word count
60-160; 24 stories with details and 6 without per language; counts per type
and language; re-verifies check digits of every id and iban that has them.
Exit status 1 on any error."""
import json, re, sys
from collections import Counter, defaultdict
from checkdigits import (nhs_ok, nino_ok, dni_ok, nie_ok, nss_ok, cf_ok,
                         luhn_ok, hetu_ok, iban_ok, national_ok)

TYPES = ["name", "phone", "email", "address", "postcode", "id", "iban"]
LANGS = ["en", "es", "it", "fi"]
errors, warnings = [], []


def classify_id(t):
    raw = t.strip()
    norm = re.sub(r"[\s.\-/]", "", raw).upper()
    if re.fullmatch(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", raw.upper().replace(" ", "")):
        return "FI henkilötunnus", hetu_ok(raw.upper().replace(" ", ""))
    if re.fullmatch(r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]", norm):
        return "IT codice fiscale", cf_ok(norm)
    if re.fullmatch(r"80380\d{15}", norm):
        return "IT tessera sanitaria (Luhn)", luhn_ok(norm)
    if re.fullmatch(r"\d{10}", norm):
        return "UK NHS/CHI number (mod 11)", nhs_ok(norm)
    if re.fullmatch(r"\d{8}[A-Z]", norm):
        return "ES DNI", dni_ok(norm)
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", norm):
        return "ES NIE", nie_ok(norm)
    if re.fullmatch(r"\d{12}", norm):
        return "ES social security no. (mod 97)", nss_ok(norm)
    if re.fullmatch(r"[A-Z]{2}\d{6}[A-Z]", norm):
        return "UK National Insurance no. (format)", nino_ok(norm)
    return "no check digit (passport/permit/card)", None


def main(path="stories.jsonl"):
    stories = []
    for ln, line in enumerate(open(path, encoding="utf-8"), 1):
        try:
            stories.append(json.loads(line))
        except json.JSONDecodeError as e:
            errors.append(f"line {ln}: JSON error {e}")
    ids = Counter(s.get("id") for s in stories)
    for k, v in ids.items():
        if v > 1:
            errors.append(f"duplicate id {k}")

    counts = defaultdict(Counter)
    stories_with = Counter()
    stories_without = Counter()
    id_schemes = Counter()
    iban_countries = Counter()
    words = []
    for s in stories:
        sid = s.get("id")
        for f in ("id", "language", "text", "details"):
            if f not in s:
                errors.append(f"{sid}: missing field {f}")
        lang, text, det = s["language"], s["text"], s["details"]
        if lang not in LANGS:
            errors.append(f"{sid}: bad language {lang}")
        if not sid.startswith(lang + "-"):
            errors.append(f"{sid}: id/language mismatch")
        n_words = len(text.split())
        words.append(n_words)
        if not 60 <= n_words <= 160:
            errors.append(f"{sid}: {n_words} words (want 60-160)")
        (stories_with if det else stories_without)[lang] += 1
        listed = Counter(d["text"] for d in det)
        for d in det:
            t, ty = d.get("text"), d.get("type")
            if ty not in TYPES:
                errors.append(f"{sid}: bad type {ty}")
            if not t or t not in text:
                errors.append(f"{sid}: detail not verbatim in text: {t!r}")
            if t != t.strip():
                errors.append(f"{sid}: detail has outer whitespace: {t!r}")
            counts[lang][ty] += 1
            if ty == "id":
                scheme, ok = classify_id(t)
                id_schemes[scheme] += 1
                if ok is False:
                    errors.append(f"{sid}: id fails check ({scheme}): {t}")
            if ty == "iban":
                c = t.replace(" ", "").upper()[:2]
                iban_countries[c] += 1
                if not iban_ok(t):
                    errors.append(f"{sid}: IBAN fails mod-97/length: {t}")
                elif not national_ok(t):
                    errors.append(f"{sid}: IBAN national check digits wrong: {t}")
        # occurrences of a detail string not covered by a longer listed detail
        cover = []
        for t in listed:
            for m in re.finditer(re.escape(t), text):
                cover.append((m.start(), m.end(), t))
        for t, n in listed.items():
            occ = 0
            for m in re.finditer(re.escape(t), text):
                inside = any(a <= m.start() and m.end() <= b and u != t and t in u
                             for a, b, u in cover)
                occ += not inside
            if occ > n:
                warnings.append(f"{sid}: {t!r} occurs {occ}x but is listed {n}x")
        if not det:
            for pat, what in [(r"@", "at-sign"), (r"\b[A-Z]{2}\d{2}[A-Z0-9 ]{12,}", "IBAN-like"),
                              (r"\+\d{2}", "intl phone")]:
                if re.search(pat, text):
                    warnings.append(f"{sid}: detail-free story contains {what}")

    for lang in LANGS:
        if stories_with[lang] != 24 or stories_without[lang] != 6:
            errors.append(f"{lang}: {stories_with[lang]} with details / {stories_without[lang]} without (want 24/6)")

    print(f"{len(stories)} stories; words per story min {min(words)} max {max(words)} "
          f"mean {sum(words)/len(words):.0f}")
    print()
    print(f"{'type':10}" + "".join(f"{l:>6}" for l in LANGS) + f"{'total':>7}")
    tot_all = 0
    for ty in TYPES:
        row = [counts[l][ty] for l in LANGS]
        tot_all += sum(row)
        print(f"{ty:10}" + "".join(f"{x:>6}" for x in row) + f"{sum(row):>7}")
        if sum(row) < 40:
            errors.append(f"type {ty}: only {sum(row)} (want >= 40)")
    print(f"{'all':10}" + "".join(f"{sum(counts[l].values()):>6}" for l in LANGS) + f"{tot_all:>7}")
    if tot_all < 450:
        errors.append(f"only {tot_all} details (want >= 450)")
    print("\nid schemes:")
    for k, v in sorted(id_schemes.items()):
        print(f"  {v:3}  {k}")
    print("iban countries:", dict(iban_countries))
    for w in warnings:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)
    print("\nOK" if not errors else f"\n{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
