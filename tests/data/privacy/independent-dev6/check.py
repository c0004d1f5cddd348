#!/usr/bin/env python3
"""Validate stories.jsonl (standard library only).

Errors  : schema problems, detail not a verbatim substring, unknown type,
          duplicate detail, partial overlap between details, IBAN failing
          mod-97 (or the ES/IT/FI national check), an identifier with a public
          check digit failing it, wrong number of stories per language.
Warnings: things worth a human look (length outside 80-200 words, a spoken
          number that could not be matched to its canonical value, a phone
          with an odd number of digits, an identifier with no public check
          digit, e-mail/IBAN-looking text left unmarked, ...).
Run: python3 check.py [-v]
"""
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "src"))
import num  # noqa: E402

TYPES = ["name", "phone", "email", "address", "postcode", "id", "iban"]
LANGS = ["en", "es", "it", "fi"]
VERBOSE = "-v" in sys.argv

errors, warnings = [], []


def err(sid, msg):
    errors.append("%s: %s" % (sid, msg))


def warn(sid, msg):
    warnings.append("%s: %s" % (sid, msg))

# ------------------------------------------------------------ spoken numbers -> digits

UNITS = {}
for lang_words in [
    "zero oh o one two three four five six seven eight nine",
    "cero uno dos tres cuatro cinco seis siete ocho nueve",
    "zero uno due tre quattro cinque sei sette otto nove",
    "nolla yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän",
]:
    ws = lang_words.split()
    if ws[1] == "oh":
        UNITS.update({"zero": 0, "oh": 0, "o": 0})
        ws = ["zero"] + ws[3:]
    for i, w in enumerate(ws):
        UNITS[w] = i
UNITS.update({"un": 1, "una": 1, "nought": 0, "yks": 1, "kaks": 2, "viis": 5, "kuus": 6, "seittemän": 7,
              "kaheksan": 8, "kasi": 8, "yheksän": 9, "ysi": 9})
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19,
         "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
         "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
         "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16,
         "diciassette": 17, "diciotto": 18, "diciannove": 19, "kymmenen": 10}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90,
        "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
        "ochenta": 80, "noventa": 90,
        "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60, "settanta": 70,
        "ottanta": 80, "novanta": 90}
HUNDREDS = {"cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400,
            "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
            "cento": 100, "sata": 100}
ES_20S = {"veintiuno": 21, "veintiún": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24,
          "veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29}
LETTER_NAMES = {"equis": "X", "efe": "F", "ge": "G", "be": "B", "pe": "P", "te": "T", "ele": "L", "zeta": "Z", "jota": "J", "hache": "H", "erre": "R", "ese": "S",
                "eme": "M", "ene": "N", "effe": "F", "elle": "L", "emme": "M", "enne": "N", "esse": "S",
                "erre": "R", "acca": "H", "kappa": "K", "doppia": "W", "vu": "V", "ipsilon": "Y",
                "äs": "S", "äm": "M", "än": "N", "är": "R", "äl": "L", "äf": "F", "hoo": "H", "ii": "I"}
CONNECT = {"and", "y", "e", "ja"}


def word_value(w):
    """Return (value, kind) for one number word, or None."""
    if w in UNITS:
        return UNITS[w], "unit"
    if w in TEENS:
        return TEENS[w], "teen"
    if w in TENS:
        return TENS[w], "tens"
    if w in HUNDREDS:
        return HUNDREDS[w], "hundred"
    if w in ES_20S:
        return ES_20S[w], "tens+unit"
    if "-" in w:  # forty-two
        a, b = w.split("-", 1)
        if a in TENS and b in UNITS:
            return TENS[a] + UNITS[b], "tens+unit"
    for t, v in TENS.items():  # Italian compounds: ventuno, trentotto, quarantadue
        for stem in (t, t[:-1]):
            if w.startswith(stem) and w[len(stem):] in UNITS and w[len(stem):]:
                return v + UNITS[w[len(stem):]], "tens+unit"
    m = re.fullmatch(r"(\w+?)toista", w)  # Finnish 11-19
    if m and m.group(1) in UNITS:
        return 10 + UNITS[m.group(1)], "teen"
    m = re.fullmatch(r"(\w+?)kymmentä(\w*)", w)  # Finnish 20-99
    if m and m.group(1) in UNITS and (m.group(2) == "" or m.group(2) in UNITS):
        return UNITS[m.group(1)] * 10 + UNITS.get(m.group(2), 0), "tens+unit" if m.group(2) else "tens"
    m = re.fullmatch(r"(\w+?)sataa", w)
    if m and m.group(1) in UNITS:
        return UNITS[m.group(1)] * 100, "hundred"
    return None


def spoken_to_compact(s):
    """Turn a spoken/written run into a compact string of digits and capital letters."""
    out = []
    acc = None
    last = None
    repeat = 1
    toks = re.findall(r"[A-Za-zÀ-ÿ]+(?:-[a-z]+)?|\d+", s)

    def flush():
        nonlocal acc, last
        if acc is not None:
            out.append(str(acc))
        acc, last = None, None

    for i, t in enumerate(toks):
        lw = t.lower()
        if t.isdigit():
            flush()
            out.append(t * repeat)
            repeat = 1
            continue
        if lw in ("double", "doppio"):
            flush()
            repeat = 2
            continue
        if lw in ("triple", "triplo"):
            flush()
            repeat = 3
            continue
        wv = word_value(lw)
        if wv and not (len(t) == 1 and t.isupper()):
            v, kind = wv
            if kind == "unit" and acc is not None and last in ("tens", "hundred", "conn"):
                acc += v
                last = "unit"
            elif kind in ("teen", "tens", "tens+unit") and acc is not None and last in ("hundred", "conn"):
                acc += v
                last = "tens" if kind == "tens" else "unit"
            else:
                flush()
                if repeat > 1:
                    out.append(str(v) * repeat)
                    repeat = 1
                else:
                    acc = v
                    last = {"tens+unit": "unit", "teen": "unit"}.get(kind, kind)
            continue
        if lw in CONNECT and acc is not None and last in ("tens", "hundred"):
            last = "conn"
            continue
        flush()
        if len(t) == 1 and t.isupper():
            out.append(t * repeat)
            repeat = 1
        elif lw in LETTER_NAMES:
            out.append(LETTER_NAMES[lw])
        elif len(t) == 2 and t.isupper():  # "ES", "IT", "GB", "FI"
            out.append(t)
    flush()
    return "".join(out)

# ------------------------------------------------------------ identifier recognisers


def classify_id(compact):
    """Return (kind, ok) for a compact identifier, or (None, None) if unrecognised."""
    c = compact.upper()
    if re.fullmatch(r"\d{10}", c):
        return "NHS number", num.nhs_ok(c)
    if re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", c):
        return "NI number", num.nino_ok(c)
    if re.fullmatch(r"\d{8}[A-Z]", c):
        return "DNI", num.dni_ok(c)
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", c):
        return "NIE", num.nie_ok(c)
    if re.fullmatch(r"\d{12}", c):
        return "NUSS", num.nuss_ok(c)
    if re.fullmatch(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", c):
        return "codice fiscale", num.cf_ok(c)
    if re.fullmatch(r"\d{20}", c):
        return "tessera sanitaria (Luhn)", num.luhn_ok(c)
    if re.fullmatch(r"\d{6}[-+ABCDEFYXWVU]\d{3}[0-9A-Y]", c):
        return "henkilötunnus", num.hetu_ok(c)
    if re.fullmatch(r"[12]\d{12}", c):
        return "CNP", num.cnp_ok(c)
    return None, None


def check_iban(sid, text, canon):
    raw = re.sub(r"\s", "", text).upper()
    if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", raw):
        value = raw
    elif canon:
        value = canon.upper()
        compact = spoken_to_compact(text)
        if compact != value:
            warn(sid, "spoken IBAN %r reads as %s, canonical %s" % (text, compact, value))
    else:
        err(sid, "IBAN %r is neither written nor has a canonical value" % text)
        return
    if not num.iban_ok(value):
        err(sid, "IBAN fails mod-97: %r" % text)
        return
    cc, bban = value[:2], value[4:]
    if cc == "ES" and not num.es_bban_ok(bban):
        err(sid, "ES IBAN national check digits wrong: %r" % text)
    if cc == "IT" and not num.it_bban_ok(bban):
        err(sid, "IT IBAN CIN wrong: %r" % text)
    if cc == "FI" and not num.luhn_ok(bban):
        err(sid, "FI IBAN account Luhn digit wrong: %r" % text)


id_kinds = collections.Counter()


def check_id(sid, text, canon):
    if canon == "nocheck":
        id_kinds["no public check digit"] += 1
        return
    written = re.sub(r"[\s.\-/]", "", text) if not re.search(r"\d{6}[-+A-FYXWVU]\d{3}", text) else text.strip()
    kind, ok = classify_id(written)
    if kind is None and canon:
        kind, ok = classify_id(canon)
        compact = spoken_to_compact(text)
        if kind and compact.upper() != re.sub(r"[^A-Z0-9]", "", canon.upper()):
            warn(sid, "spoken id %r reads as %s, canonical %s" % (text, compact, canon))
    if kind is None:
        warn(sid, "identifier not recognised, no check applied: %r" % text)
        id_kinds["unrecognised"] += 1
        return
    id_kinds[kind] += 1
    if not ok:
        err(sid, "%s fails its check: %r" % (kind, text))


UK_DRAMA = [r"07700900\d{3}", r"01134960\d{3}", r"02079460\d{3}", r"01614960\d{3}", r"01174960\d{3}",
            r"01214960\d{3}", r"02920180\d{3}", r"01914980\d{3}", r"01632960\d{3}"]


def check_phone(sid, lang, text):
    compact = spoken_to_compact(text.replace("+", " plus "))
    digits = re.sub(r"\D", "", compact)
    if "plus" in text.lower() or text.strip().startswith("+"):
        pass
    if not 8 <= len(digits) <= 13:
        warn(sid, "phone %r has %d digits" % (text, len(digits)))
    if lang == "en":
        d = digits[2:] if digits.startswith("44") else digits
        d = d if d.startswith("0") else "0" + d
        if not any(re.fullmatch(p, d) for p in UK_DRAMA):
            warn(sid, "UK phone %r not in an Ofcom drama range" % text)


POSTCODE = {"en": r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", "es": r"(0[1-9]|[1-4]\d|5[0-2])\d{3}",
            "it": r"\d{5}", "fi": r"\d{5}"}


def check_postcode(sid, lang, text):
    if re.search(r"[a-zà-ÿ]{3,}", text):  # spoken in words
        return
    compact = re.sub(r"[\s,]", "", text)
    if not re.fullmatch(POSTCODE[lang], compact if lang != "en" else text.replace(",", "").replace("  ", " ")) \
            and not re.fullmatch(POSTCODE[lang], compact):
        warn(sid, "postcode %r has an unusual shape" % text)


def check_email(sid, text):
    if "@" in text:
        if not re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", text):
            err(sid, "malformed e-mail %r" % text)
    elif not re.search(r"\b(at|arroba|chiocciola|ät|miukumauku|kissanhäntä)\b", text):
        warn(sid, "spoken e-mail %r has no spoken @" % text)


def main():
    canonical = {}
    cpath = os.path.join(ROOT, "src", "canonical.tsv")
    if os.path.exists(cpath):
        with open(cpath, encoding="utf-8") as f:
            next(f)
            for line in f:
                sid, surf, val = line.rstrip("\n").split("\t")
                canonical[(sid, surf)] = val
    styles = {}
    ipath = os.path.join(ROOT, "src", "index.tsv")
    with open(ipath, encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            styles[p[0]] = p[2]

    stories = []
    with open(os.path.join(ROOT, "stories.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                stories.append(json.loads(line))
            except ValueError as e:
                err("line %d" % n, "bad JSON: %s" % e)

    table = collections.defaultdict(collections.Counter)
    per_lang = collections.defaultdict(lambda: collections.Counter())
    words = []
    ids_seen = set()
    for s in stories:
        sid = s.get("id", "?")
        if set(s) != {"id", "language", "text", "details"}:
            err(sid, "unexpected keys %s" % sorted(s))
        if sid in ids_seen:
            err(sid, "duplicate story id")
        ids_seen.add(sid)
        lang, text, details = s["language"], s["text"], s["details"]
        if lang not in LANGS or not sid.startswith(lang + "-"):
            err(sid, "bad language/id")
        wc = len(re.findall(r"\w+(?:[-'’]\w+)*", text))
        words.append(wc)
        if not 80 <= wc <= 200:
            warn(sid, "%d words (outside 80-200)" % wc)
        per_lang[lang]["stories"] += 1
        per_lang[lang]["with details" if details else "detail-free"] += 1
        per_lang[lang][styles.get(sid, "no style")] += 1
        seen = set()
        spans = []
        for d in details:
            dt, ty = d.get("text", ""), d.get("type", "")
            if set(d) != {"text", "type"}:
                err(sid, "detail with keys %s" % sorted(d))
            if ty not in TYPES:
                err(sid, "unknown type %r" % ty)
            if not dt or dt != dt.strip():
                err(sid, "empty or padded detail %r" % dt)
            if dt in seen:
                err(sid, "detail listed twice: %r" % dt)
            seen.add(dt)
            occ = [m.start() for m in re.finditer(re.escape(dt), text)]
            if not occ:
                err(sid, "detail not in text: %r" % dt)
            for o in occ:
                spans.append((o, o + len(dt), dt))
            table[ty][lang] += 1
            canon = canonical.get((sid, dt))
            if ty == "iban":
                check_iban(sid, dt, canon)
            elif ty == "id":
                check_id(sid, dt, canon)
            elif ty == "phone":
                check_phone(sid, lang, dt)
            elif ty == "postcode":
                check_postcode(sid, lang, dt)
            elif ty == "email":
                check_email(sid, dt)
            elif ty == "name" and re.match(r"(Mr|Mrs|Ms|Dr|Dra?\.|Sr\.|Sra\.|dott|Sig|tri|Fr)\b", dt):
                err(sid, "name carries a title: %r" % dt)
        for a in spans:
            for b in spans:
                if a[2] != b[2] and a[0] < b[0] < a[1] < b[1]:
                    err(sid, "partial overlap %r / %r" % (a[2], b[2]))
        # unmarked look-alikes of the easy kinds
        covered = [(a, b) for a, b, _ in spans]
        for m in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}", text):
            if not any(a <= m.start() and m.end() <= b for a, b in covered):
                warn(sid, "unmarked e-mail/IBAN-like string %r" % m.group(0))

    for lang in LANGS:
        c = per_lang[lang]
        if (c["stories"], c["with details"], c["detail-free"]) != (30, 24, 6):
            err(lang, "expected 30 stories (24 with details, 6 without), got %s" % dict(c))
        if (c["written"], c["spoken"]) != (15, 15):
            err(lang, "expected 15 written + 15 spoken, got %s" % dict(c))

    print("stories: %d   words per story: min %d, mean %.0f, max %d"
          % (len(stories), min(words), sum(words) / len(words), max(words)))
    print("\n%-9s" % "type" + "".join("%6s" % l for l in LANGS) + "%7s" % "total")
    for ty in TYPES:
        print("%-9s" % ty + "".join("%6d" % table[ty][l] for l in LANGS) + "%7d" % sum(table[ty].values()))
    print("%-9s" % "total" + "".join("%6d" % sum(table[t][l] for t in TYPES) for l in LANGS)
          + "%7d" % sum(sum(v.values()) for v in table.values()))
    print("\nidentifiers by kind: " + ", ".join("%s %d" % kv for kv in sorted(id_kinds.items())))
    for w in warnings if VERBOSE or len(warnings) < 40 else warnings[:40]:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)
    print("\n%d errors, %d warnings" % (len(errors), len(warnings)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
