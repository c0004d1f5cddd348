"""Validate stories.jsonl (standard library only).

Errors:   malformed rows, detail text not a verbatim substring, unknown type,
          duplicate detail, crossing (partially overlapping) details,
          IBAN failing length / mod-97 / national check, ID failing a public
          check digit, language/story counts wrong.
Warnings: word count outside 60-160, a title inside a name mark, a detail
          that only occurs inside a longer word, a language without exactly
          6 detail-free stories, ID-looking strings left unchecked.
Usage: python3 check.py [stories.jsonl]
"""
import json
import os
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))
import num  # noqa: E402

TYPES = {"name", "phone", "email", "address", "postcode", "id", "iban"}
LANGS = ["en", "es", "it", "fi"]
TITLES = re.compile(r"^(mr|mrs|ms|miss|dr|doctor|rev|sr|sra|srta|dra|don|doña|dott|dott\.ssa|sig|sig\.ra|"
                    r"signor|signora|prof|avv|ing|ll|tri|rouva|herra|nuori)\b\.?\s", re.I)

WORDS = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2",
         "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
         "eight": "8", "nine": "9",
         # es / it / fi spoken digits
         "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
         "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
         "zero_it": "0", "due": "2", "tre": "3", "quattro": "4", "cinque": "5", "sei": "6",
         "sette": "7", "otto": "8", "nove": "9",
         "nolla": "0", "yksi": "1", "kaksi": "2", "kolme": "3", "neljä": "4", "viisi": "5",
         "kuusi": "6", "seitsemän": "7", "kahdeksan": "8", "yhdeksän": "9",
         "yks": "1", "kaks": "2", "viis": "5", "kuus": "6", "seittemän": "7", "kaheksan": "8",
         "yheksän": "9"}
MULT = {"double": 2, "triple": 3, "doppio": 2, "doble": 2}


def normalise(s):
    """Collapse a written or spoken identifier to its bare characters.
    Returns None when a word cannot be read as a digit or a letter."""
    s = s.replace("\u00a0", " ")
    for k, v in (("y griega", "Y"), ("i griega", "Y"), ("equis", "X"), ("zeta", "Z"),
                 ("jota", "J"), ("ipsilon", "Y"), ("ics", "X")):
        s = re.sub(r"(?i)\b%s\b" % k, v, s)
    toks = re.split(r"[\s\-./]+", s.strip())
    out, mult = [], 1
    for t in toks:
        if not t:
            continue
        lt = t.lower()
        if lt in MULT:
            mult = MULT[lt]
            continue
        if lt in WORDS and not (len(t) == 1 and t.isupper()):
            out.append(WORDS[lt] * mult)
        elif re.fullmatch(r"[A-Za-z0-9]+", t) and (len(t) == 1 or any(c.isdigit() for c in t) or t.isupper()):
            out.append(t.upper() * (mult if len(t) == 1 else 1))
        else:
            return None
        mult = 1
    return "".join(out)


def check_id(raw, story, lang):
    """returns (scheme or None, ok)"""
    s = normalise(raw)
    if s is None:
        return None, True
    low = story.lower()
    if "rnokpp" in low and re.fullmatch(r"\d{10}", s):
        return "UA RNOKPP", num.rnokpp_ok(s)
    if "pesel" in low and re.fullmatch(r"\d{11}", s):
        return "PL PESEL", num.pesel_ok(s)
    if "cnp" in low and re.fullmatch(r"\d{13}", s):
        return "RO CNP", num.cnp_ok(s)
    if "isikukood" in low and re.fullmatch(r"\d{11}", s):
        return "EE isikukood", num.ee_isikukood_ok(s)
    if "bsn" in low and re.fullmatch(r"\d{9}", s):
        return "NL BSN", num.bsn_ok(s)
    r = raw.strip().upper()
    hetu_shape = re.fullmatch(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", r)
    se_shape = re.fullmatch(r"\d{6}[-+]\d{4}", r) or ("personnummer" in low and re.fullmatch(r"\d{10}|\d{12}", s))
    if se_shape and "personnummer" in low and num.se_pnr_ok(r):
        return "SE personnummer", True
    if hetu_shape:
        return "FI henkilötunnus", num.hetu_ok(r)
    if se_shape:
        return "SE personnummer", num.se_pnr_ok(r)
    if re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", s):
        return "UK NINO (format)", num.ni_ok(s)
    if re.fullmatch(r"\d{8}[A-Z]", s):
        return "ES DNI", num.dni_ok(s)
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", s):
        return "ES NIE", num.nie_ok(s)
    if re.fullmatch(r"[A-Z]{6}\w{2}[A-Z]\w{2}[A-Z]\w{3}[A-Z]", s):
        return "IT codice fiscale", num.cf_ok(s)
    if re.fullmatch(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", raw.strip().upper()):
        return "FI henkilötunnus", num.hetu_ok(raw.strip().upper())
    if re.fullmatch(r"\d{17}[\dX]", s):
        return "CN resident ID", num.cnid_ok(s)
    if re.fullmatch(r"80380\d{15}", s):
        return "IT TEAM card no. (Luhn)", num.luhn_ok(s)
    if lang == "es" and re.fullmatch(r"\d{12}", s):
        return "ES NUSS", num.nuss_ok(s)
    if ("nhs" in low or "n h s" in low) and re.fullmatch(r"\d{10}", s):
        return "UK NHS number", num.nhs_ok(s)
    return None, True


def main(path):
    errors, warnings, info = [], [], Counter()
    rows = []
    for ln, line in enumerate(open(path, encoding="utf-8"), 1):
        try:
            rows.append(json.loads(line))
        except ValueError as e:
            errors.append("line %d: bad JSON (%s)" % (ln, e))
    ids = Counter(r.get("id") for r in rows)
    for k, v in ids.items():
        if v > 1:
            errors.append("duplicate id %s" % k)
    table = Counter()
    schemes = Counter()
    for r in rows:
        sid, lang, text, det = r.get("id"), r.get("language"), r.get("text"), r.get("details")
        if lang not in LANGS or not isinstance(text, str) or not isinstance(det, list):
            errors.append("%s: malformed row" % sid)
            continue
        if not sid.startswith(lang + "-"):
            errors.append("%s: id does not match language %s" % (sid, lang))
        nw = len(text.split())
        if not 60 <= nw <= 160:
            warnings.append("%s: %d words" % (sid, nw))
        seen = set()
        spans = []
        for d in det:
            t, ty = d.get("text"), d.get("type")
            if set(d) != {"text", "type"}:
                errors.append("%s: unexpected keys %s" % (sid, sorted(d)))
            if ty not in TYPES:
                errors.append("%s: bad type %r" % (sid, ty))
                continue
            if not t or t not in text:
                errors.append("%s: %r not in text" % (sid, t))
                continue
            if t in seen:
                errors.append("%s: %r listed twice" % (sid, t))
            seen.add(t)
            table[(ty, lang)] += 1
            occ = [(m.start(), m.end()) for m in re.finditer(re.escape(t), text)]
            spans += [(a, b, t) for a, b in occ]
            if ty == "name" and TITLES.match(t):
                warnings.append("%s: title inside name %r" % (sid, t))
            if ty == "iban":
                s = normalise(t)
                if s is None:
                    errors.append("%s: IBAN %r unreadable" % (sid, t))
                else:
                    ok, msg = num.iban_ok(s)
                    schemes["IBAN " + s[:2]] += 1
                    if not ok:
                        errors.append("%s: IBAN %r fails %s" % (sid, t, msg))
            if ty == "id":
                sch, ok = check_id(t, text, lang)
                if sch:
                    schemes[sch] += 1
                    if not ok:
                        errors.append("%s: ID %r fails %s" % (sid, t, sch))
                else:
                    info["id without public check digit"] += 1
        # an occurrence glued to a longer word, not covered by another detail
        for a, b, t in spans:
            if (a > 0 and text[a - 1].isalnum() and t[0].isalnum()) or \
               (b < len(text) and text[b].isalnum() and t[-1].isalnum()):
                if not any(a2 <= a and b <= b2 and (a2, b2) != (a, b) for a2, b2, _ in spans):
                    warnings.append("%s: %r occurs inside a longer word at %d" % (sid, t, a))
        # crossing spans (containment is allowed: a short form inside a long form)
        spans.sort()
        for i in range(len(spans)):
            for j in range(i + 1, len(spans)):
                a1, b1, t1 = spans[i]
                a2, b2, t2 = spans[j]
                if a2 >= b1:
                    break
                if t1 == t2:
                    continue
                if (a1 <= a2 and b2 <= b1) or (a2 <= a1 and b1 <= b2):
                    info["nested occurrences (short form inside long form)"] += 1
                else:
                    errors.append("%s: %r and %r cross" % (sid, t1, t2))
    for lang in LANGS:
        rs = [r for r in rows if r.get("language") == lang]
        if len(rs) != 30:
            errors.append("%s: %d stories (want 30)" % (lang, len(rs)))
        free = sum(1 for r in rs if not r.get("details"))
        if free != 6:
            warnings.append("%s: %d detail-free stories (want 6)" % (lang, free))
    types = ["name", "phone", "email", "address", "postcode", "id", "iban"]
    print("type      " + "".join("%6s" % l for l in LANGS) + "  total")
    for ty in types:
        print("%-10s" % ty + "".join("%6d" % table[(ty, l)] for l in LANGS) + "%7d" % sum(table[(ty, l)] for l in LANGS))
    print("%-10s" % "total" + "".join("%6d" % sum(table[(ty, l)] for ty in types) for l in LANGS) + "%7d" % sum(table.values()))
    print("\nchecked with a check digit / format:")
    for k, v in sorted(schemes.items()):
        print("  %-32s %d" % (k, v))
    for k, v in info.items():
        print("  (info) %s: %d" % (k, v))
    for e in errors:
        print("ERROR", e)
    for w in warnings:
        print("WARNING", w)
    print("\nerrors: %d  warnings: %d" % (len(errors), len(warnings)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else
                  os.path.join(os.path.dirname(os.path.abspath(__file__)), "stories.jsonl")))
