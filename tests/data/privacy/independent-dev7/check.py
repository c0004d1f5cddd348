"""Validate stories.jsonl (standard library only). Prints errors, warnings and a count table.

Errors: malformed rows, wrong counts, word counts outside 80-220, detail text not verbatim in the
story, unknown types, duplicate details, partially overlapping details, IBANs failing mod-97 or
their national check, IDs of a kind with a public check digit failing it, UK phones outside the
Ofcom drama ranges. Warnings: things worth a human look (e.g. a detail also found inside a longer
word, a spoken number the checker could not read).
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "src"))
import num  # noqa: E402

TYPES = {"name", "phone", "email", "address", "postcode", "id", "iban"}
LANGS = ["en", "es", "it", "fi"]
errors, warnings = [], []


def err(sid, msg):
    errors.append(f"ERROR   {sid}: {msg}")


def warn(sid, msg):
    warnings.append(f"warning {sid}: {msg}")

# ------------------------------------------------------------ spoken numbers
UNITS = {
    # en
    "zero": 0, "oh": 0, "o": None, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
    # es
    "cero": 0, "uno": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9,
    # it
    "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9,
    # fi
    "nolla": 0, "yksi": 1, "yks": 1, "kaksi": 2, "kaks": 2, "kolme": 3, "neljä": 4,
    "viisi": 5, "viis": 5, "kuusi": 6, "kuus": 6, "seitsemän": 7, "seittemän": 7,
    "kahdeksan": 8, "kaheksan": 8, "yhdeksän": 9, "yheksän": 9,
}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
         "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
         "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
         "veintiuno": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24,
         "veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28,
         "veintinueve": 29,
         "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14,
         "quindici": 15, "sedici": 16, "diciassette": 17, "diciotto": 18, "diciannove": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90,
        "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
        "setenta": 70, "ochenta": 80, "noventa": 90,
        "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60,
        "settanta": 70, "ottanta": 80, "novanta": 90}
HUNDREDS = {"cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300,
            "cuatrocientos": 400, "quinientos": 500, "seiscientos": 600, "setecientos": 700,
            "ochocientos": 800, "novecientos": 900, "cento": 100}
REPEAT = {"double": 2, "triple": 3, "doble": 2, "doppio": 2, "tuplat": 2}
FILLER = {"and", "y", "e", "ja", "uh", "um", "eh", "ehm", "öö", "dot", "punto", "piste"}


LETTER_NAMES = {
    # es
    "equis": "X", "zeta": "Z", "uve": "V", "ene": "N", "eme": "M", "ele": "L", "ce": "C",
    "be": "B", "jota": "J", "erre": "R", "ese": "S", "hache": "H", "efe": "F", "ka": "K",
    # it
    "acca": "H", "esse": "S", "elle": "L", "emme": "M", "enne": "N", "bi": "B", "ci": "C",
    "di": "D", "gi": "G", "pi": "P", "ti": "T", "vu": "V", "kappa": "K", "ics": "X",
}


def spoken_to_chars(s):
    s = re.sub(r"\buve doble\b|\bdoppia vu\b", " w ", s.lower())
    s = re.sub(r"\bi griega\b", " ygriega ", s)
    s = " ".join(LETTER_NAMES.get(t, t) if t not in UNITS else t for t in s.split())
    s = s.replace("ygriega", "Y")
    return _spoken(s)


def _spoken(s):
    """Turn a run like 'oh seven seven double oh, nine hundred' into '07700900'.
    Commas end a spoken group. Returns None when a token is not understood."""
    toks = re.findall(r"[^\W_]+|,", s.lower())
    out, rep, group = [], 1, None  # group: [value, rank, english_hundred]

    def flush():
        nonlocal group
        if group is not None:
            out.append(str(group[0]))
            group = None

    for i, t in enumerate(toks):
        prev = toks[i - 1] if i else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if t == ",":
            flush()
        elif t in REPEAT:
            flush(); rep = REPEAT[t]
        elif t in ("y", "e", "and") and (prev in TENS or prev in HUNDREDS or prev == "hundred") \
                and (nxt in UNITS or nxt in TENS or nxt in TEENS):
            if group is not None:
                group[2] = False
        elif t in FILLER - {"y", "e"}:
            pass
        elif t.isdigit():
            flush(); out.append(t * rep); rep = 1
        elif t == "hundred":
            if group is None and out and out[-1].isdigit() and len(out[-1]) == 1:
                group = [int(out.pop()) * 100, 1, True]
            else:
                return None
        elif t in HUNDREDS:
            flush(); group = [HUNDREDS[t], 1, False]
        elif t in TENS:
            if group is not None and group[1] == 1:
                group = [group[0] + TENS[t], 0, False]
            else:
                flush(); group = [TENS[t], 0, False]
        elif t in TEENS:
            if group is not None and group[1] == 1 and not group[2]:
                group = [group[0] + TEENS[t], -1, False]
            else:
                flush(); group = [TEENS[t], -1, False]
        elif t in UNITS and UNITS[t] is not None:
            v = UNITS[t]
            if group is not None and group[1] >= 0 and not group[2] and v != 0:
                group = [group[0] + v, -1, False]
            else:
                flush(); out.append(str(v) * rep); rep = 1
        elif len(t) == 1 and t.isalpha():
            flush(); out.append(t.upper() * rep); rep = 1
        else:
            return None
    flush()
    return "".join(out)


def compact(s):
    """Digits/letters form of a written or spoken identifier."""
    if re.search(r"[a-zäöå]{2,}", s.lower()) and not re.fullmatch(r"[A-Za-z0-9 \-./+]+", s.strip()):
        return spoken_to_chars(s)
    plain = re.sub(r"[\s.\-/]", "", s).upper()
    if re.fullmatch(r"[A-Z0-9]+", plain) and not re.search(r"[a-z]{2,}", s):
        return plain
    return spoken_to_chars(s)

# ------------------------------------------------------------ checks

def check_iban(sid, text):
    c = compact(text)
    if not c or not num.iban_ok(c):
        err(sid, f"IBAN fails mod-97: {text!r} -> {c!r}")
        return
    cc, bban = c[:2], c[4:]
    nat = {"ES": num.es_bban_ok, "IT": num.it_bban_ok, "FI": num.fi_bban_ok}.get(cc)
    if nat and not nat(bban):
        err(sid, f"IBAN national check digits wrong: {text!r}")


ID_KINDS = [
    ("NHS number", r"\d{10}", num.nhs_ok),
    ("UK NI number", r"[A-Z]{2}\d{6}[A-D]", num.nino_ok),
    ("DNI", r"\d{8}[A-Z]", num.dni_ok),
    ("NIE", r"[XYZ]\d{7}[A-Z]", num.nie_ok),
    ("NUSS", r"\d{12}", num.nuss_ok),
    ("codice fiscale", r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", num.cf_ok),
    ("tessera sanitaria (TEAM, Luhn)", r"80380\d{15}", lambda s: num.luhn_ok(s)),
]
id_kinds = Counter()


def check_id(sid, text):
    t = text.strip()
    if re.fullmatch(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", t.upper()):
        id_kinds["henkilötunnus"] += 1
        if not num.hetu_ok(t):
            err(sid, f"henkilötunnus check character wrong: {text!r}")
        return
    c = compact(t)
    if c is None:
        warn(sid, f"could not read spoken id {text!r}")
        id_kinds["unreadable"] += 1
        return
    for kind, pat, ok in ID_KINDS:
        if re.fullmatch(pat, c):
            id_kinds[kind] += 1
            if not ok(c):
                err(sid, f"{kind} check digit wrong: {text!r} -> {c}")
            return
    id_kinds["no public check digit"] += 1


UK_DRAMA = [r"07700900\d{3}", r"01134960\d{3}", r"02079460\d{3}"]


def check_phone(sid, lang, text):
    c = compact(text)
    if c is None or not re.fullmatch(r"\+?\d{6,15}", c):
        warn(sid, f"phone not machine-readable: {text!r}")
        return
    if lang == "en":
        c = re.sub(r"^\+?44", "0", c)
        if not any(re.fullmatch(p, c) for p in UK_DRAMA):
            err(sid, f"UK phone outside Ofcom drama ranges: {text!r}")


def occurrences(text, sub):
    out, i = [], text.find(sub)
    while i >= 0:
        out.append((i, i + len(sub)))
        i = text.find(sub, i + 1)
    return out


def main():
    path = os.path.join(HERE, "stories.jsonl")
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"line {n}", f"bad JSON: {e}")
    styles = {}
    with open(os.path.join(HERE, "src", "index.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            i, s = line.rstrip("\n").split("\t")
            styles[i] = s

    table = defaultdict(Counter)
    per_lang = Counter()
    with_details = Counter()
    style_count = defaultdict(Counter)
    ids = set()
    for r in rows:
        sid = r.get("id", "?")
        if set(r) != {"id", "language", "text", "details"}:
            err(sid, f"unexpected keys {sorted(r)}")
            continue
        if sid in ids:
            err(sid, "duplicate id")
        ids.add(sid)
        lang, text, details = r["language"], r["text"], r["details"]
        if lang not in LANGS or not sid.startswith(lang + "-"):
            err(sid, f"bad language {lang!r}")
        per_lang[lang] += 1
        if sid not in styles:
            err(sid, "missing from src/index.tsv")
        style_count[lang][styles.get(sid, "?")] += 1
        words = len(text.split())
        if not 80 <= words <= 220:
            err(sid, f"{words} words (want 80-220)")
        if details:
            with_details[lang] += 1
        seen = set()
        spans = []
        for d in details:
            t, ty = d.get("text"), d.get("type")
            if ty not in TYPES:
                err(sid, f"unknown type {ty!r}")
            if not t or t != t.strip():
                err(sid, f"empty or untrimmed detail {t!r}")
                continue
            if t in seen:
                err(sid, f"duplicate detail {t!r}")
            seen.add(t)
            occ = occurrences(text, t)
            if not occ:
                err(sid, f"detail not in text: {t!r}")
                continue
            table[ty][lang] += 1
            spans.append((t, occ))
            for a, b in occ:
                before = text[a - 1] if a else " "
                after = text[b] if b < len(text) else " "
                if (before.isalnum() and t[0].isalnum()) or (after.isalnum() and t[-1].isalnum()):
                    if ty != "name" or not (after.isalpha() and lang == "fi"):
                        warn(sid, f"{t!r} also occurs inside a longer word: "
                                  f"{text[max(0, a - 10):b + 10]!r}")
            if ty == "iban":
                check_iban(sid, t)
            elif ty == "id":
                check_id(sid, t)
            elif ty == "phone":
                check_phone(sid, lang, t)
            elif ty == "email":
                if not re.fullmatch(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+", t) and not re.search(
                        r"\b(at|arroba|chiocciola|ät|miuku|kissanhäntä|a)\b", t):
                    warn(sid, f"email neither plain nor spoken: {t!r}")
            if re.search(r"\b(Mr|Mrs|Ms|Miss|Dr|Sr|Sra|Dña|Dott|Sig|Sig\.ra|tri)\.?\s", t) and ty == "name":
                err(sid, f"title inside name {t!r}")
        # partial overlaps between different details
        for i in range(len(spans)):
            for j in range(i + 1, len(spans)):
                for a1, b1 in spans[i][1]:
                    for a2, b2 in spans[j][1]:
                        if a1 < b2 and a2 < b1:
                            inside = (a1 <= a2 and b2 <= b1) or (a2 <= a1 and b1 <= b2)
                            if not inside:
                                err(sid, f"partial overlap {spans[i][0]!r} / {spans[j][0]!r}")
        # shorter detail that only ever occurs inside a longer one
        for t, occ in spans:
            others = [o for u, oc in spans if u != t for o in oc]
            if all(any(a2 <= a and b <= b2 and (b2 - a2) > (b - a) for a2, b2 in others)
                   for a, b in occ):
                warn(sid, f"{t!r} never occurs outside a longer detail")

    for lang in LANGS:
        if per_lang[lang] != 30:
            err(lang, f"{per_lang[lang]} stories (want 30)")
        if with_details[lang] != 24:
            err(lang, f"{with_details[lang]} stories with details (want 24)")
        if sorted(style_count[lang].values()) != [7, 7, 8, 8]:
            err(lang, f"style counts {dict(style_count[lang])}")

    for line in errors + warnings:
        print(line)
    print()
    print("type      " + "".join(f"{l:>6}" for l in LANGS) + " total")
    for ty in ["name", "phone", "email", "address", "postcode", "id", "iban"]:
        print(f"{ty:<10}" + "".join(f"{table[ty][l]:>6}" for l in LANGS)
              + f"{sum(table[ty].values()):>6}")
    print(f"{'total':<10}" + "".join(f"{sum(table[t][l] for t in table):>6}" for l in LANGS)
          + f"{sum(sum(c.values()) for c in table.values()):>6}")
    print("styles:", {l: dict(sorted(style_count[l].items())) for l in LANGS})
    print("ids by kind:", dict(id_kinds))
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
