#!/usr/bin/env python3
"""Validate the pii_ninth evaluation set.  Run after `python3 src/build.py`.

Checks: markup parses; stories.jsonl matches the sources; 30 texts per language
(24 with details, 6 without, at ids 04 08 12 16 20 24); style cycle; word
counts 80-220; every detail is an exact substring; no two detail occurrences
partly overlap; every whole-word occurrence of a detail string is marked;
titles are not inside names; check digits / formats of ids, IBANs, phones,
postcodes and e-mails, also when they are spoken out in words (en, es, it, fi).
Prints a type x language count table.
"""
import json
import sys as _sys
_sys.dont_write_bytecode = True
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))
import build  # noqa: E402
import num  # noqa: E402

errors = []
notes = Counter()


def err(sid, msg):
    errors.append("%s: %s" % (sid, msg))


# ------------------------------------------------------------------ spoken numbers
UNITS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "es": ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"],
    "it": ["zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"],
    "fi": ["nolla", "yksi", "kaksi", "kolme", "neljä", "viisi", "kuusi", "seitsemän", "kahdeksan", "yhdeksän"],
}
EXTRA_UNITS = {
    "en": {"oh": 0, "o": 0, "nought": 0, "nil": 0},
    "es": {"un": 1, "una": 1},
    "it": {},
    "fi": {"yks": 1, "kaks": 2, "kol": 3, "kolm": 3, "nel": 4, "nelj": 4, "viis": 5, "kuus": 6,
           "seittemän": 7, "seitse": 7, "kaheksan": 8, "yheksän": 9, "kasi": 8, "ysi": 9, "seiska": 7,
           "ykkönen": 1, "kakkonen": 2, "kolmonen": 3, "nelonen": 4, "vitonen": 5, "kutonen": 6,
           "nollanolla": None},
}
TEENS = {
    "en": ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"],
    "es": ["diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve"],
    "it": ["dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto", "diciannove"],
}
TENS = {
    "en": ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
    "es": ["veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"],
    "it": ["venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"],
}
ES_20S = ["veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco",
          "veintiséis", "veintisiete", "veintiocho", "veintinueve"]
ES_HUNDREDS = {"cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400,
               "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800,
               "novecientos": 900}
FI_UNIT_RE = {0: "nolla", 1: "yksi|yks", 2: "kaksi|kaks", 3: "kolme|kol|kolm", 4: "neljä|nel|nelj",
              5: "viisi|viis", 6: "kuusi|kuus", 7: "seitsemän|seittemän|seit|seitse",
              8: "kahdeksan|kaheksan|kasi", 9: "yhdeksän|yheksän|ysi"}
LETTERS = {
    "es": {"a": "A", "be": "B", "ce": "C", "de": "D", "e": "E", "efe": "F", "ge": "G", "hache": "H",
           "i": "I", "jota": "J", "ka": "K", "ele": "L", "eme": "M", "ene": "N", "eñe": "Ñ", "o": "O",
           "pe": "P", "cu": "Q", "erre": "R", "ese": "S", "te": "T", "u": "U", "uve": "V",
           "equis": "X", "zeta": "Z", "zeda": "Z"},
    "it": {"a": "A", "bi": "B", "ci": "C", "di": "D", "e": "E", "effe": "F", "gi": "G", "acca": "H",
           "i": "I", "elle": "L", "emme": "M", "enne": "N", "o": "O", "pi": "P", "cu": "Q", "erre": "R",
           "esse": "S", "ti": "T", "u": "U", "vu": "V", "vi": "V", "zeta": "Z", "cappa": "K",
           "ics": "X", "ipsilon": "Y"},
    "fi": {"aa": "A", "bee": "B", "see": "C", "dee": "D", "ee": "E", "äf": "F", "gee": "G", "hoo": "H",
           "ii": "I", "jii": "J", "koo": "K", "äl": "L", "äm": "M", "än": "N", "oo": "O", "pee": "P",
           "kuu": "Q", "är": "R", "äs": "S", "tee": "T", "uu": "U", "vee": "V", "äks": "X", "yy": "Y",
           "tset": "Z"},
    "en": {},
}
LETTER_PAIRS = {"es": {("i", "griega"): "Y", ("uve", "doble"): "W", ("doble", "uve"): "W"},
                "it": {("i", "lunga"): "J", ("doppia", "vu"): "W", ("doppio", "vu"): "W"},
                "en": {("double", "u"): "W"}, "fi": {("kaksois", "vee"): "W"}}
FILLERS = {
    "en": {"and", "dash", "hyphen", "space", "slash", "then", "letter"},
    "es": {"y", "guion", "guión", "barra", "espacio", "letra", "con"},
    "it": {"trattino", "barra", "spazio", "lettera"},
    "fi": {"ja", "kirjain", "väli", "kauttaviiva"},
}
SIGN_WORDS = {"viiva": "-", "väliviiva": "-", "miinus": "-", "plus": "+"}
DOUBLE = {"en": {"double": 2, "triple": 3}, "es": {"doble": 2}, "it": {"doppio": 2}, "fi": {}}
AT = {"at", "arroba", "chiocciola", "ät", "miukumauku", "ät-merkki"}
DOT = {"dot", "punto", "piste"}
UNDERSCORE = {"underscore", "alaviiva"}
DASHW = {"dash", "hyphen", "guion", "guión", "trattino", "viiva"}
UNDERSCORE_PAIRS = {("guion", "bajo"), ("guión", "bajo"), ("barra", "baja"), ("trattino", "basso")}


def strip_acc(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def word_value(w, lang):
    """Classify one lower-case word: ('u', n) unit, ('t', 'NN') fixed 2 digits,
    ('T', n) tens awaiting a unit, ('H', n) hundreds, or None."""
    for i, u in enumerate(UNITS[lang]):
        if w == u:
            return ("u", i)
    if w in EXTRA_UNITS.get(lang, {}) and EXTRA_UNITS[lang][w] is not None:
        return ("u", EXTRA_UNITS[lang][w])
    if lang in TEENS:
        for i, t in enumerate(TEENS[lang]):
            if w == t or strip_acc(w) == strip_acc(t):
                return ("t", "%d" % (10 + i))
    if lang in TENS:
        for i, t in enumerate(TENS[lang]):
            if w == t:
                return ("T", 20 + 10 * i)
    if lang == "es":
        for i, t in enumerate(ES_20S):
            if i and strip_acc(w) == strip_acc(t):
                return ("t", "%d" % (20 + i))
        if w == "veintiún":
            return ("t", "21")
        if w in ES_HUNDREDS:
            return ("H", ES_HUNDREDS[w])
    if lang == "it":
        for i, t in enumerate(TENS["it"]):
            stem = t[:-1]
            for j, u in enumerate(UNITS["it"][1:], 1):
                forms = {t + u, stem + u, t + u.replace("tre", "tré")}
                if w in forms and not (u in ("uno", "otto") and w == t + u):
                    return ("t", "%d" % (20 + 10 * i + j))
    if lang == "fi":
        unit_alt = "|".join(FI_UNIT_RE[k] for k in range(1, 10))
        m = re.fullmatch(r"(%s)(toista|toist|tois)" % unit_alt, w)
        if m:
            return ("t", "1%d" % _fi_unit(m.group(1)))
        m = re.fullmatch(r"(%s)(kymmentä|kymment|kyt)(%s)?" % (unit_alt, unit_alt), w)
        if m and _fi_unit(m.group(1)) >= 2:
            tens = _fi_unit(m.group(1))
            if m.group(3):
                return ("t", "%d%d" % (tens, _fi_unit(m.group(3))))
            return ("T", 10 * tens)
        if w == "kymmenen" or w == "kymppi":
            return ("t", "10")
    return None


def _fi_unit(s):
    for k, alt in FI_UNIT_RE.items():
        if re.fullmatch(alt, s):
            return k
    raise ValueError(s)


def tokens_of(span):
    return re.findall(r"[^\W_]+|[@+.\-/]", span)


def spoken_compact(span, lang, kind):
    """Turn a (possibly spoken) detail into a compact string of digits/letters.
    Returns (compact, spoken_flag, unparsed_tokens)."""
    toks = tokens_of(span)
    seq, bad, spoken = [], [], False
    i = 0
    while i < len(toks):
        raw = toks[i]
        w = raw.lower()
        nxt = toks[i + 1].lower() if i + 1 < len(toks) else None
        if raw in "@+.-/":
            if raw == "+" and kind in ("phone", "id"):
                seq.append(("d", "+"))
            elif raw == "-" and kind == "id":
                seq.append(("sep", "-"))
            i += 1
            continue
        if lang == "it" and w == "come" and nxt:  # "erre come Roma"
            spoken = True
            i += 2
            continue
        pair = (w, nxt)
        if pair in LETTER_PAIRS.get(lang, {}):
            seq.append(("d", LETTER_PAIRS[lang][pair]))
            spoken = True
            i += 2
            continue
        if re.fullmatch(r"\d+", raw) or (any(c.isdigit() for c in raw)):
            seq.append(("d", raw.upper()))
            i += 1
            continue
        if raw.isupper() and len(raw) > 1 and not word_value(w, lang):
            seq.append(("d", raw))  # literal letters such as HBUK, NWBK, LS
            i += 1
            continue
        if kind == "phone" and w in ("plus", "più", "más"):
            seq.append(("d", "+"))
            spoken = True
            i += 1
            continue
        if kind == "id" and w in SIGN_WORDS:
            seq.append(("sep", SIGN_WORDS[w]))
            spoken = True
            i += 1
            continue
        if w in DOUBLE.get(lang, {}):
            seq.append(("x", DOUBLE[lang][w]))
            spoken = True
            i += 1
            continue
        if lang == "en" and w == "hundred":
            seq.append(("hundred", 0))
            spoken = True
            i += 1
            continue
        if lang == "en" and w == "and":
            seq.append(("and", 0))
            i += 1
            continue
        v = word_value(w, lang)
        if v:
            seq.append(v)
            spoken = True
            i += 1
            continue
        if w in FILLERS.get(lang, set()):
            spoken = True
            i += 1
            continue
        if len(w) == 1 and w.isalpha():
            seq.append(("d", w.upper()))
            i += 1
            continue
        if w in LETTERS.get(lang, {}):
            seq.append(("d", LETTERS[lang][w]))
            spoken = True
            i += 1
            continue
        bad.append(raw)
        i += 1
    # grammar
    out = []
    j = 0
    while j < len(seq):
        k, v = seq[j]
        nk = seq[j + 1] if j + 1 < len(seq) else (None, None)
        if k == "u" and nk[0] == "hundred":
            val = v * 100
            j += 2
            if j < len(seq) and seq[j][0] == "and":
                j += 1
                if j < len(seq) and seq[j][0] == "u":
                    val += seq[j][1]
                    j += 1
            if j < len(seq) and seq[j][0] == "t":
                val += int(seq[j][1])
                j += 1
            elif j < len(seq) and seq[j][0] == "T":
                val += seq[j][1]
                j += 1
                if j < len(seq) and seq[j][0] == "u" and seq[j][1] > 0:
                    val += seq[j][1]
                    j += 1
            out.append("%03d" % val)
            continue
        if k == "H":
            val = v
            j += 1
            if j < len(seq) and seq[j][0] == "t":
                val += int(seq[j][1])
                j += 1
            elif j < len(seq) and seq[j][0] == "T":
                val += seq[j][1]
                j += 1
                if j < len(seq) and seq[j][0] == "u" and seq[j][1] > 0:
                    val += seq[j][1]
                    j += 1
            elif j < len(seq) and seq[j][0] == "u":
                val += seq[j][1]
                j += 1
            out.append("%03d" % val)
            continue
        if k == "x":
            if nk[0] == "u":
                out.append(str(nk[1]) * v)
            elif nk[0] == "d" and len(nk[1]) == 1:
                out.append(nk[1] * v)
            else:
                bad.append("double/triple without digit")
            j += 2
            continue
        if k == "T":
            if nk[0] == "u" and nk[1] > 0:
                out.append(str(v + nk[1]))
                j += 2
            else:
                out.append(str(v))
                j += 1
            continue
        if k == "u":
            out.append(str(v))
        elif k in ("t", "d", "sep"):
            out.append(v)
        elif k in ("and", "hundred"):
            pass
        j += 1
    return "".join(out), spoken, bad


def email_compact(span, lang):
    toks = re.findall(r"[^\W_]+|[@.\-_]", span)
    out, bad = [], []
    i = 0
    while i < len(toks):
        raw = toks[i]
        w = raw.lower()
        nxt = toks[i + 1].lower() if i + 1 < len(toks) else None
        if (w, nxt) in UNDERSCORE_PAIRS:
            out.append("_")
            i += 2
            continue
        if raw in "@.-_":
            out.append(raw)
        elif w in AT:
            out.append("@")
        elif w in DOT:
            out.append(".")
        elif w in UNDERSCORE:
            out.append("_")
        elif w in DASHW and len(toks) > 3:
            out.append("-")
        else:
            v = word_value(w, lang)
            if v and len(toks) > 3 and v[0] in ("u", "t"):
                out.append(str(v[1]))
            elif v and len(toks) > 3 and v[0] == "T":
                if i + 1 < len(toks) and (word_value(nxt, lang) or ("", ""))[0] == "u":
                    out.append(str(v[1] + word_value(nxt, lang)[1]))
                    i += 1
                else:
                    out.append(str(v[1]))
            else:
                out.append(w)
        i += 1
    return "".join(out), bad


EMAIL_RE = re.compile(r"[a-z0-9][a-z0-9._+\-]*@[a-z0-9\-]+(\.[a-z0-9\-]+)*\.[a-z]{2,}")


# ------------------------------------------------------------------ per-type validation
UK_DRAMA = [("07700900", 3), ("02079460", 3), ("02920180", 3), ("01914980", 3), ("02890180", 3),
            ("01632960", 3)] + [("01%d14960" % k, 3) for k in range(1, 9)] + \
           [("011%d4960" % k, 3) for k in range(3, 9)]


def phone_ok(c, lang):
    intl = c.startswith("+") or c.startswith("00")
    d = c.lstrip("+")
    if d.startswith("00"):
        d = d[2:]
    if intl:
        for cc in ("358", "44", "34", "39"):
            if d.startswith(cc):
                country, d = cc, d[len(cc):]
                break
        else:
            return 7 <= len(d) <= 13, "other country"
    else:
        country = {"en": "44", "es": "34", "it": "39", "fi": "358"}[lang]
    if not d.isdigit():
        return False, "digits"
    if country == "44":
        if not d.startswith("0"):
            d = "0" + d
        ok = any(d.startswith(p) and len(d) == len(p) + n for p, n in UK_DRAMA)
        return ok, "UK drama range"
    if country == "34":
        return bool(re.fullmatch(r"[6789]\d{8}", d)), "ES"
    if country == "39":
        return bool(re.fullmatch(r"3\d{8,9}|0\d{5,10}", d)), "IT"
    if not d.startswith("0"):
        d = "0" + d
    return bool(re.fullmatch(r"0(4\d|50)\d{5,8}|09\d{5,8}|0[1-8]\d{5,8}", d)), "FI"


UK_PC = re.compile(r"(GIR0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{2})")


def postcode_ok(c, lang):
    if re.fullmatch(r"\d{5}", c):
        if lang == "es":
            return 1 <= int(c[:2]) <= 52, "ES"
        if lang == "it":
            return 10 <= int(c) <= 98168, "IT"
        if lang == "fi":
            return True, "FI"
        return True, "5-digit"
    if UK_PC.fullmatch(c):
        return True, "UK"
    if re.fullmatch(r"(FI|IT|E|I)-?\d{5}", c):
        return True, "prefixed"
    return False, "?"


def id_scheme(compact, lang):
    """Return (scheme, ok) for an id; scheme None when it has no check scheme."""
    c = compact.upper()
    if re.fullmatch(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", c):
        return "henkilötunnus mod 31", num.hetu_ok(c)
    c2 = c.replace("-", "").replace("/", "").replace("+", "")
    if re.fullmatch(r"\d{8}[A-Z]", c2):
        return "DNI mod 23", num.dni_ok(c2)
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", c2):
        return "NIE mod 23", num.nie_ok(c2)
    if re.fullmatch(r"[A-Z]{6}[0-9A-Z]{2}[A-Z][0-9A-Z]{2}[A-Z][0-9A-Z]{3}[A-Z]", c2):
        return "codice fiscale", num.cf_ok(c2)
    if re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", c2):
        return "UK NI format", num.ni_ok(c2)
    if lang == "en" and re.fullmatch(r"\d{10}", c2):
        return "NHS mod 11", num.nhs_ok(c2)
    if lang == "es" and re.fullmatch(r"\d{12}", c2):
        return "NUSS mod 97", num.nuss_ok(c2)
    if re.fullmatch(r"80380\d{15}", c2):
        return "tessera sanitaria Luhn", num.tessera_ok(c2)
    if lang == "it" and re.fullmatch(r"\d{11}", c2):
        return "CF numerico Luhn", num.cf_numeric_ok(c2)
    return None, True


TITLES = {"mr", "mrs", "ms", "miss", "dr", "doctor", "prof", "professor", "sir", "dame", "cllr", "councillor",
          "don", "doña", "dona", "señor", "señora", "sr", "sra", "srta", "d", "dª", "d.ª",
          "signor", "signora", "signorina", "sig", "sig.ra", "dott", "dottor", "dottore", "dottoressa", "avv",
          "avvocato", "ing", "tohtori", "rouva", "herra", "neiti", "neuvos", "father", "sister", "judge",
          "padre", "suor", "sor", "zio", "zia", "nonna", "nonno", "tío", "tía", "abuela", "abuelo"}


warnings = []

TITLE_WORDS = r"(?:Mr|Mrs|Ms|Miss|Dr|Sister|Sergeant|PC|Judge|don|doña|señor|señora|doctor|doctora|seño|tío|tía|" \
    r"signor|signora|dottor|dottoressa|dott\.|maestra|maestro|professor|professoressa|avvocato|ingegner|ragionier|" \
    r"commissario|zio|zia|tohtori|rouva|herra|neiti|opettaja|sairaanhoitaja|Mrs\.|Mr\.|Dr\.)"


def name_warnings(s):
    text = s["text"]
    marked = [(a, b) for a, b, _, _ in s["spans"]]

    def unmarked(a, b):
        return not any(x <= a and b <= y for x, y in marked)

    names = [d["text"] for d in s["details"] if d["type"] == "name"]
    toks = set()
    for n in names:
        for m in re.finditer(r"\b%s\b" % re.escape(n), text, re.I):
            if unmarked(m.start(), m.end()):
                warnings.append("%s: name %r also occurs unmarked as %r" % (s["id"], n, m.group(0)))
        if " " in n:
            for t in re.split(r"[\s-]+", n):
                if len(t) >= 3 and t[0].isupper() and t.lower() not in ("del", "de", "la", "van"):
                    toks.add(t)
    for t in toks:
        for m in re.finditer(r"(?<!\w)%s(?!\w)" % re.escape(t), text):
            if unmarked(m.start(), m.end()):
                warnings.append("%s: name part %r unmarked: ...%s..." % (
                    s["id"], t, text[max(0, m.start() - 20):m.end() + 20].replace("\n", " ")))
    for m in re.finditer(r"\b%s\s+([A-ZÁÉÍÓÚÄÖ][\w-]+)" % TITLE_WORDS, text):
        if unmarked(m.start(1), m.end(1)):
            warnings.append("%s: title + unmarked word: %r" % (s["id"], m.group(0)))


def check_story(s):
    sid, text = s["id"], s["text"]
    words = len(text.split())
    if not 80 <= words <= 220:
        err(sid, "word count %d outside 80-220" % words)
    marked = [(a, b) for a, b, _, _ in s["spans"]]
    for a, b, t, d in s["spans"]:
        if text[a:b] != d:
            err(sid, "span mismatch %r" % d)
    # occurrences of every detail string
    occ = []
    for det in s["details"]:
        d = det["text"]
        if d not in text:
            err(sid, "detail not a substring: %r" % d)
        for m in re.finditer(re.escape(d), text):
            a, b = m.start(), m.end()
            wb = (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum())
            inside = any(x <= a and b <= y for x, y in marked)
            if wb and not inside:
                err(sid, "unmarked occurrence of detail %r at %d: ...%s..." % (d, a, text[max(0, a - 25):b + 25].replace("\n", " ")))
            if not wb and not inside:
                notes["detail string also occurs inside another word"] += 1
            occ.append((a, b))
    spans = sorted(set(occ + marked))
    for i, (a, b) in enumerate(spans):
        for c, d in spans[i + 1:]:
            if c >= b:
                break
            if not ((a <= c and d <= b) or (c <= a and b <= d)):
                err(sid, "partial overlap %r / %r" % (text[a:b], text[c:d]))
    # per-type checks
    for det in s["details"]:
        d, t = det["text"], det["type"]
        lang = s["language"]
        if t == "name":
            first = d.split()[0].lower().rstrip(".")
            if first in TITLES or d.split()[0].lower() in TITLES:
                err(sid, "title inside name %r" % d)
            if any(ch.isdigit() for ch in d) or "@" in d:
                err(sid, "odd name %r" % d)
        elif t == "email":
            c, bad = email_compact(d, lang)
            if not EMAIL_RE.fullmatch(c):
                err(sid, "email does not parse: %r -> %r" % (d, c))
            notes["email spoken" if " " in d.strip() else "email written"] += 1
        elif t in ("phone", "postcode", "id", "iban"):
            kind = t
            c, spoken, bad = spoken_compact(d, lang, kind)
            if bad:
                err(sid, "%s %r: unparsed tokens %r" % (t, d, bad))
                continue
            if spoken:
                notes["%s spoken" % t] += 1
            if t == "phone":
                ok, sch = phone_ok(c, lang)
                if not ok:
                    err(sid, "phone %r -> %r fails %s" % (d, c, sch))
            elif t == "postcode":
                ok, sch = postcode_ok(c, lang)
                if not ok:
                    err(sid, "postcode %r -> %r fails %s" % (d, c, sch))
            elif t == "iban":
                cc = c[:2]
                if cc not in num.IBAN_LEN or len(c) != num.IBAN_LEN[cc]:
                    err(sid, "iban %r -> %r bad length/country" % (d, c))
                elif not num.iban_mod97_ok(c):
                    err(sid, "iban %r -> %r fails mod 97" % (d, c))
                else:
                    ok, sch = num.iban_national_ok(c)
                    if not ok:
                        err(sid, "iban %r -> %r fails %s" % (d, c, sch))
                    notes["iban checked: mod 97 + %s" % sch] += 1
            elif t == "id":
                sch, ok = id_scheme(c, lang)
                if sch is None:
                    notes["id without check scheme (passport, permit, case no.)"] += 1
                else:
                    notes["id checked: %s" % sch] += 1
                    if not ok:
                        err(sid, "id %r -> %r fails %s" % (d, c, sch))
        elif t == "address":
            pass


def main():
    try:
        stories = build.build_all()
    except build.MarkupError as e:
        print("markup error:", e)
        print("1 error")
        sys.exit(1)
    built = ROOT / "stories.jsonl"
    if not built.exists():
        err("-", "stories.jsonl missing: run python3 src/build.py")
    else:
        recs = [json.loads(l) for l in built.read_text(encoding="utf-8").splitlines() if l.strip()]
        if recs != [build.record(s) for s in stories]:
            err("-", "stories.jsonl is out of date: run python3 src/build.py")
    by_lang = defaultdict(list)
    for s in stories:
        by_lang[s["language"]].append(s)
    free_ids = {"04", "08", "12", "16", "20", "24"}
    for lang in build.LANGS:
        st = by_lang[lang]
        ids = [s["id"] for s in st]
        want = ["%s-%02d" % (lang, i) for i in range(1, 31)]
        if ids != want:
            err(lang, "ids are not %s-01..30 in order: %s" % (lang, ids))
        for s in st:
            n = int(s["id"][-2:])
            exp = "abcd"[((n - 1) + (n - 1) // 4) % 4]
            if s["style"] != exp:
                err(s["id"], "style %s, cycle expects %s" % (s["style"], exp))
            if s["id"][-2:] in free_ids:
                if s["details"]:
                    err(s["id"], "detail-free text has details")
            elif not s["details"]:
                err(s["id"], "text should carry details")
        with_d = sum(1 for s in st if s["details"])
        if len(st) != 30 or with_d != 24:
            err(lang, "%d texts, %d with details (want 30, 24)" % (len(st), with_d))
    for s in stories:
        check_story(s)
        name_warnings(s)

    types = ["name", "phone", "email", "address", "postcode", "id", "iban"]
    table = {lang: Counter(d["type"] for s in by_lang[lang] for d in s["details"]) for lang in build.LANGS}
    print("%-9s" % "type" + "".join("%6s" % l for l in build.LANGS) + "%7s" % "total")
    for t in types:
        print("%-9s" % t + "".join("%6d" % table[l][t] for l in build.LANGS) +
              "%7d" % sum(table[l][t] for l in build.LANGS))
    print("%-9s" % "all" + "".join("%6d" % sum(table[l].values()) for l in build.LANGS) +
          "%7d" % sum(sum(table[l].values()) for l in build.LANGS))
    wc = [len(s["text"].split()) for s in stories]
    print("texts %d (with details %d), words min %d / mean %.0f / max %d" % (
        len(stories), sum(1 for s in stories if s["details"]), min(wc), sum(wc) / len(wc), max(wc)))
    print("styles:", dict(sorted(Counter(s["style"] for s in stories).items())))
    for k, v in sorted(notes.items()):
        print("  %-55s %d" % (k, v))
    for w in warnings:
        print("WARN ", w)
    for e in errors:
        print("ERROR", e)
    print("%d warnings (name heuristics, review by hand)" % len(warnings))
    print("%d errors" % len(errors))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
