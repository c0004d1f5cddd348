"""Validate stories.jsonl (standard library only).

Checks: JSON parses and has the expected fields; ids are unique; every
details[].text occurs verbatim in the text; word counts; detail-free stories;
counts per type and language; check digits of every id (DNI/NIE, Spanish NSS,
UK NINO format, NHS number, codice fiscale, henkilötunnus, passport format)
and of every IBAN (mod-97 plus the national check digits for ES, IT and FI);
postcode formats. Exit status 1 if any error.

Usage: python3 check.py [path/to/stories.jsonl]
"""
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

TYPES = ["name", "phone", "email", "address", "postcode", "id", "iban"]
LANGS = ["en", "es", "it", "fi"]
errors, warnings = [], []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)

# ------------------------------------------------------------------ ids

DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"
HETU_C = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                   1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                   12, 14, 16, 10, 22, 25, 24, 23]))


def cf_char(s):
    tot = 0
    for i, c in enumerate(s):
        if i % 2 == 0:
            tot += CF_ODD[c]
        else:
            tot += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + tot % 26)


def check_id(raw, lang):
    """Return (kind, ok, note)."""
    compact = re.sub(r"\s", "", raw).upper()
    # Finnish henkilötunnus keeps its century sign
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})([-+ABCDEFUVWXY])(\d{3})([0-9A-Y])", compact)
    if m:
        dd, mm = int(m.group(1)), int(m.group(2))
        ok_date = 1 <= dd <= 31 and 1 <= mm <= 12
        exp = HETU_C[int(m.group(1) + m.group(2) + m.group(3) + m.group(5)) % 31]
        return "hetu", ok_date and exp == m.group(6) and 2 <= int(m.group(5)) <= 899, f"expected {exp}"
    norm = re.sub(r"[\s.\-/]", "", raw).upper()
    if re.fullmatch(r"\d{8}[A-Z]", norm):
        exp = DNI_L[int(norm[:8]) % 23]
        return "dni", exp == norm[8], f"expected {exp}"
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", norm):
        exp = DNI_L[int(str("XYZ".index(norm[0])) + norm[1:8]) % 23]
        return "nie", exp == norm[8], f"expected {exp}"
    if re.fullmatch(r"\d{12}", norm) and lang == "es":
        body, dc = norm[:10], int(norm[10:])
        n = int(body) if int(norm[2:10]) >= 10_000_000 else int(norm[:2]) * 10_000_000 + int(norm[2:10])
        return "nss", n % 97 == dc, f"expected {n % 97:02d}"
    if re.fullmatch(r"\d{10}", norm):
        s = sum(int(c) * w for c, w in zip(norm[:9], range(10, 1, -1)))
        r = (11 - s % 11) % 11
        return "nhs", r != 10 and r == int(norm[9]), f"expected {r}"
    if re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", norm):
        p = norm[:2]
        ok = (p[0] not in "DFIQUV" and p[1] not in "DFIOQUV"
              and p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
        return "nino", ok, "bad prefix"
    if re.fullmatch(r"[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", norm):
        day = int(norm[9:11])
        ok_day = 1 <= day <= 31 or 41 <= day <= 71
        exp = cf_char(norm[:15])
        return "codice_fiscale", ok_day and exp == norm[15], f"expected {exp}"
    if re.fullmatch(r"\d{9}", norm) or re.fullmatch(r"[A-Z]{1,3}\d{6,8}", norm):
        return "passport", True, "format only (no public check digit)"
    return "unknown", False, "unrecognised id format"

# ------------------------------------------------------------------ IBAN

IBAN_LEN = {"GB": 22, "ES": 24, "IT": 27, "FI": 18}


def es_dc(x):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(a) * b for a, b in zip(x, w)) % 11
    return {11: 0, 10: 1}.get(r, r)


def luhn_ok(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def check_iban(raw):
    s = re.sub(r"\s", "", raw).upper()
    cc = s[:2]
    if cc not in IBAN_LEN or len(s) != IBAN_LEN[cc]:
        return False, f"bad country/length {cc} {len(s)}"
    n = int("".join(str(int(c, 36)) for c in s[4:] + s[:4]))
    if n % 97 != 1:
        return False, "mod-97 fails"
    b = s[4:]
    if cc == "ES":
        dc = f"{es_dc('00' + b[:8])}{es_dc(b[10:])}"
        if dc != b[8:10]:
            return False, f"ES national check digits expected {dc}"
    if cc == "IT":
        if cf_char(b[1:]) != b[0]:
            return False, f"IT CIN expected {cf_char(b[1:])}"
    if cc == "FI":
        if not luhn_ok(b):
            return False, "FI account Luhn fails"
    if cc == "GB" and not re.fullmatch(r"[A-Z]{4}\d{14}", b):
        return False, "GB BBAN format"
    return True, ""

# ------------------------------------------------------------------ other formats

UK_PC = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}")


def check_postcode(raw, lang):
    if lang == "en":
        return bool(UK_PC.fullmatch(raw.upper()))
    return bool(re.fullmatch(r"\d{5}", raw))


NUMWORDS = re.compile(r"(oh|nought|zero|one|two|three|four|five|six|seven|eight|nine|double|"
                      r"cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|"
                      r"due|quattro|cinque|sei|sette|otto|nove|"
                      r"nolla|yksi|kaksi|yks|kaks|kuus|viis|kolme|neljä|viisi|kuusi|seitsemän|kahdeksan|yhdeksän)",
                      re.I)


def check_phone(raw):
    digits = re.sub(r"\D", "", raw)
    if 9 <= len(digits) <= 14:
        return True
    return len(NUMWORDS.findall(raw)) >= 6


def check_email(raw):
    return bool(re.search(r"@|\bat\b|\(at\)|\[at\]|\(a\)|arroba|chiocciola|\bät\b", raw, re.I))


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "stories.jsonl"
    counts = defaultdict(Counter)
    stories = Counter()
    free = Counter()
    idkinds = Counter()
    seen = set()
    words = []
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            s = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"line {ln}: JSON error {e}")
            continue
        if set(s) != {"id", "language", "text", "details"}:
            err(f"line {ln}: unexpected keys {sorted(s)}")
            continue
        sid, lang, text = s["id"], s["language"], s["text"]
        if sid in seen:
            err(f"{sid}: duplicate id")
        seen.add(sid)
        if lang not in LANGS or not sid.startswith(lang + "-"):
            err(f"{sid}: bad language {lang}")
        stories[lang] += 1
        nw = len(text.split())
        words.append(nw)
        if not 60 <= nw <= 160:
            err(f"{sid}: {nw} words (want 60-160)")
        if not s["details"]:
            free[lang] += 1
            if "@" in text or re.search(r"\d{7,}", text.replace(" ", "")):
                warn(f"{sid}: detail-free story has an @ or a long digit run")
            continue
        for d in s["details"]:
            t, typ = d.get("text"), d.get("type")
            if typ not in TYPES:
                err(f"{sid}: bad type {typ}")
                continue
            if not t or t not in text:
                err(f"{sid}: detail not verbatim in text: {t!r}")
                continue
            if t != t.strip():
                err(f"{sid}: detail has surrounding whitespace: {t!r}")
            counts[lang][typ] += 1
            if typ == "id":
                kind, ok, note = check_id(t, lang)
                idkinds[(lang, kind)] += 1
                if not ok:
                    err(f"{sid}: invalid {kind} {t!r} ({note})")
            elif typ == "iban":
                ok, note = check_iban(t)
                if not ok:
                    err(f"{sid}: invalid IBAN {t!r} ({note})")
            elif typ == "postcode" and not check_postcode(t, lang):
                err(f"{sid}: postcode format {t!r}")
            elif typ == "phone" and not check_phone(t):
                err(f"{sid}: phone looks wrong {t!r}")
            elif typ == "email" and not check_email(t):
                err(f"{sid}: email looks wrong {t!r}")

    # ------------------------------------------------------------ report
    hdr = f"{'type':10}" + "".join(f"{l:>6}" for l in LANGS) + f"{'total':>7}"
    print(hdr)
    print("-" * len(hdr))
    for typ in TYPES:
        row = [counts[l][typ] for l in LANGS]
        print(f"{typ:10}" + "".join(f"{v:>6}" for v in row) + f"{sum(row):>7}")
        if sum(row) < 40:
            err(f"only {sum(row)} details of type {typ} (want >= 40)")
    tot = [sum(counts[l].values()) for l in LANGS]
    print("-" * len(hdr))
    print(f"{'all':10}" + "".join(f"{v:>6}" for v in tot) + f"{sum(tot):>7}")
    print(f"{'stories':10}" + "".join(f"{stories[l]:>6}" for l in LANGS) + f"{sum(stories.values()):>7}")
    print(f"{'no-detail':10}" + "".join(f"{free[l]:>6}" for l in LANGS) + f"{sum(free.values()):>7}")
    print(f"words per story: min {min(words)}, max {max(words)}, mean {sum(words) / len(words):.0f}")
    print("id kinds:", ", ".join(f"{l}:{k}={v}" for (l, k), v in sorted(idkinds.items())))
    if sum(tot) < 400:
        err(f"only {sum(tot)} details in all (want >= 400)")
    for l in LANGS:
        if stories[l] - free[l] != 24 or free[l] != 6:
            err(f"{l}: {stories[l] - free[l]} stories with details and {free[l]} without (want 24 + 6)")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
