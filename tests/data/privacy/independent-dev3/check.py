#!/usr/bin/env python3
"""Validate stories.jsonl (standard library only).

Checks: JSON shape, ids, languages, registers, word counts, that every
details[].text occurs verbatim (and on word boundaries) in its text, counts
per type and language against the brief's minimums, check digits of every
id / iban that has them (spelled-out numbers are converted first), and a
scan for e-mail / IBAN shaped strings that were not listed as details.
Exit status 1 if any error.
"""
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checkdigits import classify_id, iban_mod97, iban_national_ok  # noqa: E402

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stories.jsonl")
LANGS = ("en", "es", "it", "fi")
TYPES = ("name", "phone", "email", "address", "postcode", "id", "iban")
REGISTERS = ("speech", "message", "letter")

DIGITS = {
    "en": {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
           "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"},
    "es": {"cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
           "seis": "6", "siete": "7", "ocho": "8", "nueve": "9"},
    "it": {"zero": "0", "uno": "1", "due": "2", "tre": "3", "quattro": "4", "cinque": "5",
           "sei": "6", "sette": "7", "otto": "8", "nove": "9"},
    "fi": {"nolla": "0", "yksi": "1", "yks": "1", "kaksi": "2", "kaks": "2", "kolme": "3",
           "neljä": "4", "viisi": "5", "viis": "5", "kuusi": "6", "kuus": "6",
           "seitsemän": "7", "seittemän": "7", "kahdeksan": "8", "kaheksan": "8",
           "yhdeksän": "9", "yheksän": "9"},
}
LETTERS = {"es": {"equis": "X", "eme": "M", "ele": "L", "erre": "R", "ese": "S", "jota": "J",
                  "uve": "V", "zeta": "Z", "ye": "Y", "pe": "P", "te": "T", "be": "B",
                  "de": "D", "efe": "F", "hache": "H", "ene": "N", "ka": "K", "ge": "G",
                  "ce": "C", "cu": "Q"}}
REPEAT = {"double": 2, "triple": 3}


def despell(s, lang):
    """Turn a number said aloud into characters; None if nothing was spelled."""
    toks = re.findall(r"[^\s,.\-]+", s)
    if not any(t.lower() in DIGITS[lang] or t.lower() in LETTERS.get(lang, {}) for t in toks):
        return None
    out, rep = [], 1
    for t in toks:
        w = t.lower()
        if w in REPEAT:
            rep = REPEAT[w]
            continue
        if w in DIGITS[lang]:
            out.append(DIGITS[lang][w] * rep)
        elif w in LETTERS.get(lang, {}):
            out.append(LETTERS[lang][w] * rep)
        elif re.fullmatch(r"[A-Za-z0-9]+", t):
            out.append(t.upper() * rep if len(t) == 1 else t.upper())
        else:
            return "?" + t
        rep = 1
    return "".join(out)


def main():
    errors, warnings = [], []
    rows = []
    with open(PATH, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                errors.append("line %d: bad JSON (%s)" % (n, e))
    ids = [r.get("id") for r in rows]
    for d in {i for i in ids if ids.count(i) > 1}:
        errors.append("duplicate id " + d)

    count = collections.Counter()           # (lang, type)
    stories = collections.Counter()         # (lang, planted?)
    regs = collections.Counter()            # (lang, register, planted?)
    id_report, iban_report = collections.Counter(), collections.Counter()
    words = []

    for r in rows:
        sid = r.get("id", "?")
        for k in ("id", "language", "text", "details"):
            if k not in r:
                errors.append("%s: missing key %s" % (sid, k))
        lang, text, det = r.get("language"), r.get("text", ""), r.get("details", [])
        if lang not in LANGS or not re.fullmatch(lang + r"-\d\d", sid):
            errors.append("%s: bad language/id" % sid)
            continue
        if r.get("register") not in REGISTERS:
            errors.append("%s: bad register %r" % (sid, r.get("register")))
        nw = len(text.split())
        words.append(nw)
        if not 60 <= nw <= 160:
            errors.append("%s: %d words (want 60-160)" % (sid, nw))
        stories[lang, bool(det)] += 1
        regs[lang, r.get("register"), bool(det)] += 1
        if r.get("register") == "speech" and "\n" in text:
            errors.append("%s: line break in a transcript" % sid)
        seen = set()
        for d in det:
            t, typ = d.get("text", ""), d.get("type")
            if typ not in TYPES:
                errors.append("%s: bad type %r" % (sid, typ))
                continue
            if (t, typ) in seen:
                errors.append("%s: duplicate detail %r" % (sid, t))
            seen.add((t, typ))
            if not t or t not in text:
                errors.append("%s: not verbatim: %r" % (sid, t))
                continue
            if t != t.strip():
                errors.append("%s: surrounding space in %r" % (sid, t))
            for m in re.finditer(re.escape(t), text):
                a, b = m.start(), m.end()
                if (a and text[a - 1].isalnum() and t[0].isalnum()) or \
                        (b < len(text) and text[b].isalnum() and t[-1].isalnum()):
                    warnings.append("%s: %r also occurs inside a longer word" % (sid, t))
            count[lang, typ] += 1
            if typ in ("id", "iban"):
                sp = despell(t, lang)
                val = sp if sp is not None else t
                if val.startswith("?"):
                    errors.append("%s: cannot read spelled %s %r" % (sid, typ, t))
                    continue
            if typ == "id":
                kind, ok = classify_id(val, lang)
                id_report[lang, kind, ok] += 1
                if ok is False:
                    errors.append("%s: id %r (%s) fails its check" % (sid, t, kind))
            if typ == "iban":
                nat = iban_national_ok(val)
                iban_report[lang, re.sub(r"\W", "", val)[:2].upper(), nat] += 1
                if not iban_mod97(val):
                    errors.append("%s: iban %r fails mod-97" % (sid, t))
                if nat is False:
                    errors.append("%s: iban %r fails national check" % (sid, t))
        # unlisted e-mail / IBAN shapes
        listed = " ".join(d.get("text", "") for d in det)
        for m in re.finditer(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", text):
            if m.group(0) not in listed:
                errors.append("%s: unlisted e-mail %r" % (sid, m.group(0)))
        for m in re.finditer(r"\b(?:(?:GB|IE|ES|IT|FI)\s?\d\d|(?:gb|ie|es|it|fi)\d\d)[\s\-]?[A-Za-z0-9]{4}", text):
            spans = [(x.start(), x.end()) for d in det if d.get("type") == "iban"
                     for x in re.finditer(re.escape(d.get("text", "")), text)]
            if not any(a <= m.start() < b for a, b in spans):
                errors.append("%s: unlisted IBAN-like %r" % (sid, m.group(0)))

    # --------------------------------------------------------------- report
    print("stories: %d   words per story: min %d, mean %.0f, max %d"
          % (len(rows), min(words), sum(words) / len(words), max(words)))
    print("\n%-9s" % "type" + "".join("%6s" % l for l in LANGS) + "%7s" % "all")
    for typ in TYPES:
        vals = [count[l, typ] for l in LANGS]
        print("%-9s" % typ + "".join("%6d" % v for v in vals) + "%7d" % sum(vals))
        if sum(vals) < 40:
            errors.append("type %s: %d < 40" % (typ, sum(vals)))
        for l, v in zip(LANGS, vals):
            if v == 0:
                errors.append("type %s missing in %s" % (typ, l))
    tot = [sum(count[l, t] for t in TYPES) for l in LANGS]
    print("%-9s" % "total" + "".join("%6d" % v for v in tot) + "%7d" % sum(tot))
    if sum(tot) < 450:
        errors.append("only %d details (< 450)" % sum(tot))

    print("\nstories with / without details, and registers (with+without):")
    for l in LANGS:
        print("  %s: %d / %d   " % (l, stories[l, True], stories[l, False]) + "  ".join(
            "%s %d+%d" % (g, regs[l, g, True], regs[l, g, False]) for g in REGISTERS))
        if (stories[l, True], stories[l, False]) != (24, 6):
            errors.append("%s: want 24 planted + 6 detail-free" % l)
        for g in REGISTERS:
            if (regs[l, g, True], regs[l, g, False]) != (8, 2):
                errors.append("%s: register %s not balanced" % (l, g))

    print("\nid kinds (ok: True = check digit valid, None = no check digit):")
    for (l, kind, ok), v in sorted(id_report.items(), key=str):
        print("  %s %-40s %-5s %d" % (l, kind, ok, v))
    print("iban countries (national check: None = none exists):")
    for (l, cc, nat), v in sorted(iban_report.items(), key=str):
        print("  %s %s national=%-5s %d" % (l, cc, nat, v))

    for w in warnings:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)
    print("\n%s: %d errors, %d warnings" % ("FAIL" if errors else "OK", len(errors), len(warnings)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
