#!/usr/bin/env python3
"""Validate stories.jsonl (standard library only).

Checks: JSON shape, unique ids, language split, word counts, that every
details[].text occurs verbatim in its text, counts per type and language,
and check digits of every id / iban whose scheme has one.

Usage: python3 check.py [stories.jsonl]
Exit status 0 when nothing is wrong (warnings do not fail).
"""
import collections
import json
import re
import sys

TYPES = ["name", "phone", "email", "address", "postcode", "id", "iban"]
LANGS = ["en", "es", "it", "fi"]
MIN_TOTAL = 450
MIN_PER_TYPE = 40

# ---------------------------------------------------------------- helpers

def compact(s):
    """Upper-case and drop spaces, dots, dashes and slashes."""
    return re.sub(r"[\s.\-/]", "", s).upper()


# ---- IBAN -----------------------------------------------------------------
IBAN_LEN = {"GB": 22, "ES": 24, "IT": 27, "FI": 18, "IE": 22, "RO": 24,
            "DE": 22, "FR": 27, "PT": 25, "SE": 24}


def iban_mod97(s):
    s = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in s)
    return int(num) % 97


def iban_make(country, bban):
    """Return a full IBAN for country + bban (used when writing the set)."""
    tmp = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in tmp)
    return country + "%02d" % (98 - int(num) % 97) + bban


ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def es_dc_digit(ten):
    r = 11 - sum(int(d) * w for d, w in zip(ten, ES_W)) % 11
    return {11: 0, 10: 1}.get(r, r)


def es_dc(entity, office, account):
    return "%d%d" % (es_dc_digit("00" + entity + office), es_dc_digit(account))


CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12,
          14, 16, 10, 22, 25, 24, 23]


def _odd_even_sum(s):
    total = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else ord(c) - 65
        total += CF_ODD[v] if i % 2 == 0 else v
    return total


def it_cin(abi, cab, conto):
    return chr(65 + _odd_even_sum(abi + cab + conto) % 26)


def luhn_ok(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return d


def check_iban(raw):
    s = compact(raw)
    if s.startswith("IBAN"):
        s = s[4:]
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False, "not an IBAN shape"
    cc = s[:2]
    if cc in IBAN_LEN and len(s) != IBAN_LEN[cc]:
        return False, "%s IBAN must have %d chars, has %d" % (cc, IBAN_LEN[cc], len(s))
    if iban_mod97(s) != 1:
        return False, "mod-97 fails"
    notes = ["mod97"]
    if cc == "ES":
        ent, off, dc, acc = s[4:8], s[8:12], s[12:14], s[14:]
        if es_dc(ent, off, acc) != dc:
            return False, "Spanish DC digits wrong (want %s)" % es_dc(ent, off, acc)
        notes.append("ES-DC")
    if cc == "IT":
        cin, abi, cab, conto = s[4], s[5:10], s[10:15], s[15:]
        if it_cin(abi, cab, conto) != cin:
            return False, "Italian CIN wrong (want %s)" % it_cin(abi, cab, conto)
        notes.append("IT-CIN")
    if cc == "FI":
        if not luhn_ok(s[4:]):
            return False, "Finnish account Luhn digit wrong"
        notes.append("FI-Luhn")
    return True, "+".join(notes)


# ---- personal ids ---------------------------------------------------------
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_letter(num):
    return DNI_LETTERS[int(num) % 23]


def nie_letter(s8):  # s8 like X1234567
    return dni_letter("XYZ".index(s8[0]).__str__() + s8[1:])


def nuss_check(prov, body):
    if int(body) < 10000000:
        val = int(prov) * 10000000 + int(body)
    else:
        val = int(prov + body)
    return "%02d" % (val % 97)


def cf_check(first15):
    return chr(65 + _odd_even_sum(first15) % 26)


HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_check(ddmmyy, zzz):
    return HETU_CHARS[int(ddmmyy + zzz) % 31]


def mod11_nhs(nine):
    r = 11 - sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    return {11: 0}.get(r, r)  # 10 means invalid


CNP_W = "279146358279"


def cnp_check(twelve):
    r = sum(int(a) * int(b) for a, b in zip(twelve, CNP_W)) % 11
    return "1" if r == 10 else str(r)


PPS_LET = "WABCDEFGHIJKLMNOPQRSTUV"


def pps_check(seven, second=""):
    total = sum(int(d) * (8 - i) for i, d in enumerate(seven))
    if second:
        total += (ord(second) - 64 if second != "W" else 0) * 9
    return PPS_LET[total % 23]


def ec_cedula_ok(s):
    if int(s[:2]) not in range(1, 25) or int(s[2]) >= 6:
        return False
    total = 0
    for i, c in enumerate(s[:9]):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(s[9])


def ee_isikukood_check(ten):
    w1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1]
    w2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3]
    r = sum(int(d) * w for d, w in zip(ten, w1)) % 11
    if r == 10:
        r = sum(int(d) * w for d, w in zip(ten, w2)) % 11
        if r == 10:
            r = 0
    return str(r)


def valid_date(dd, mm, yy):
    import datetime
    for century in (1900, 2000):
        try:
            datetime.date(century + int(yy), int(mm), int(dd))
            return True
        except ValueError:
            pass
    return False


NI_BAD1 = set("DFIQUV")
NI_BAD2 = set("DFIQUVO")
NI_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def check_id(raw, lang):
    """Return (ok, scheme).  ok is None when the scheme has no check digit."""
    up = raw.strip().upper()
    nospace = re.sub(r"\s", "", up)
    c = compact(raw)
    # Finnish henkilotunnus keeps its century sign, so test before compacting
    m = re.fullmatch(r"(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])", nospace)
    if m and lang == "fi":
        ok = hetu_check(m.group(1), m.group(3)) == m.group(4) and \
            valid_date(m.group(1)[:2], m.group(1)[2:4], m.group(1)[4:])
        return ok, "henkilotunnus"
    if re.fullmatch(r"\d{8}[A-Z]", c):
        return dni_letter(c[:8]) == c[8], "DNI"
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", c):
        return nie_letter(c[:8]) == c[8], "NIE"
    if re.fullmatch(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", c):
        return cf_check(c[:15]) == c[15], "codice fiscale"
    if re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", c):
        ok = c[0] not in NI_BAD1 and c[1] not in NI_BAD2 and c[:2] not in NI_BAD_PREFIX
        return ok, "NI number (prefix rules)"
    if re.fullmatch(r"\d{7}[A-W][AHW]?", c):
        return pps_check(c[:7], c[8:9]) == c[7], "Irish PPS"
    if re.fullmatch(r"\d{10}", c) and lang == "en":
        chk = mod11_nhs(c[:9])
        return chk != 10 and chk == int(c[9]), "NHS/CHI/H&C mod 11"
    if re.fullmatch(r"\d{10}", c) and lang == "es":
        return ec_cedula_ok(c), "Ecuadorian cedula"
    if re.fullmatch(r"\d{12}", c) and lang == "es":
        return nuss_check(c[:2], c[2:10]) == c[10:], "NUSS"
    if re.fullmatch(r"[1-8]\d{12}", c):
        ok = cnp_check(c[:12]) == c[12] and valid_date(c[5:7], c[3:5], c[1:3])
        return ok, "Romanian CNP"
    if re.fullmatch(r"[1-6]\d{10}", c) and lang == "fi":
        ok = ee_isikukood_check(c[:10]) == c[10] and valid_date(c[5:7], c[3:5], c[1:3])
        return ok, "Estonian isikukood"
    if re.fullmatch(r"\d{20}", c) and lang == "it":
        return luhn_ok(c), "tessera sanitaria (Luhn)"
    return None, "no public check digit"


# ---- postcodes (format only) -------------------------------------------
UK_PC = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$", re.I)


def check_postcode(raw, lang):
    s = raw.strip()
    if lang == "en":
        return bool(UK_PC.match(re.sub(r"\s+", " ", s))) or \
            bool(re.fullmatch(r"[A-Za-z]\d{2} ?[A-Za-z0-9]{4}", s))  # Irish Eircode
    s2 = re.sub(r"^(E|I|IT|FI|AX|RO)[- ]?", "", s, flags=re.I)
    s2 = re.sub(r"[\s.]", "", s2)
    if lang == "es":
        return bool(re.fullmatch(r"\d{5}", s2)) and 1 <= int(s2[:2]) <= 52 or \
            bool(re.fullmatch(r"\d{6}", s2))  # Romanian code abroad
    return bool(re.fullmatch(r"\d{5}", s2))


# ---------------------------------------------------------------- main

def main(path):
    errors, warnings = [], []
    stories = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                errors.append("line %d: blank line" % n)
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append("line %d: bad JSON: %s" % (n, exc))
                continue
            stories.append(obj)

    seen = set()
    per_lang = collections.Counter()
    per_lang_clean = collections.Counter()
    counts = {l: collections.Counter() for l in LANGS}
    schemes = collections.Counter()
    words = []
    for s in stories:
        sid = s.get("id")
        if set(s) != {"id", "language", "text", "details"}:
            errors.append("%s: keys are %s" % (sid, sorted(s)))
            continue
        if sid in seen:
            errors.append("%s: duplicate id" % sid)
        seen.add(sid)
        lang = s["language"]
        if lang not in LANGS or not re.fullmatch(lang + r"-\d\d", sid):
            errors.append("%s: bad id/language %s" % (sid, lang))
            continue
        text = s["text"]
        nw = len(text.split())
        words.append(nw)
        if not 60 <= nw <= 160:
            errors.append("%s: %d words (want 60-160)" % (sid, nw))
        per_lang[lang] += 1
        det = s["details"]
        if not isinstance(det, list):
            errors.append("%s: details not a list" % sid)
            continue
        if not det:
            per_lang_clean[lang] += 1
        texts_here = []
        for d in det:
            if set(d) != {"text", "type"}:
                errors.append("%s: detail keys %s" % (sid, sorted(d)))
                continue
            t, ty = d["text"], d["type"]
            if ty not in TYPES:
                errors.append("%s: unknown type %r" % (sid, ty))
                continue
            if not t or t != t.strip():
                errors.append("%s: empty or padded detail %r" % (sid, t))
            if t not in text:
                errors.append("%s: not verbatim in text: %r" % (sid, t))
            if t in texts_here:
                errors.append("%s: detail listed twice: %r" % (sid, t))
            texts_here.append(t)
            counts[lang][ty] += 1
            if ty == "iban":
                ok, why = check_iban(t)
                schemes["IBAN " + compact(t).replace("IBAN", "")[:2] + " " + why] += 1
                if not ok:
                    errors.append("%s: IBAN %r invalid: %s" % (sid, t, why))
            elif ty == "id":
                ok, scheme = check_id(t, lang)
                schemes[scheme + (" (checked)" if ok is not None else "")] += 1
                if ok is False:
                    errors.append("%s: id %r fails %s check" % (sid, t, scheme))
            elif ty == "postcode":
                if not check_postcode(t, lang):
                    warnings.append("%s: postcode %r has an odd shape" % (sid, t))
            elif ty == "email":
                if not re.search(r"@|\bat\b|arroba|chiocciola|ät|\(at\)|\[at\]|miukumauku|kissanhäntä|ät", t, re.I):
                    warnings.append("%s: email %r has no @ or spelled form" % (sid, t))
        for a in texts_here:
            for b in texts_here:
                if a != b and a in b:
                    warnings.append("%s: detail %r is inside detail %r" % (sid, a, b))

    for lang in LANGS:
        if per_lang[lang] != 30:
            errors.append("%s: %d texts (want 30)" % (lang, per_lang[lang]))
        if per_lang_clean[lang] != 6:
            errors.append("%s: %d detail-free texts (want 6)" % (lang, per_lang_clean[lang]))

    total = collections.Counter()
    for lang in LANGS:
        total.update(counts[lang])
    print("%-9s" % "type" + "".join("%6s" % l for l in LANGS) + "%7s" % "all")
    for ty in TYPES:
        print("%-9s" % ty + "".join("%6d" % counts[l][ty] for l in LANGS) + "%7d" % total[ty])
        if total[ty] < MIN_PER_TYPE:
            errors.append("type %s: only %d details (want >= %d)" % (ty, total[ty], MIN_PER_TYPE))
    print("%-9s" % "total" + "".join("%6d" % sum(counts[l].values()) for l in LANGS)
          + "%7d" % sum(total.values()))
    if sum(total.values()) < MIN_TOTAL:
        errors.append("only %d details (want >= %d)" % (sum(total.values()), MIN_TOTAL))
    if words:
        print("\nwords per text: min %d, max %d, mean %.0f" % (min(words), max(words), sum(words) / len(words)))
    print("\nid / iban schemes:")
    for k, v in sorted(schemes.items()):
        print("  %3d  %s" % (v, k))
    for w in warnings:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)
    print("\n%d stories, %d errors, %d warnings" % (len(stories), len(errors), len(warnings)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "stories.jsonl"))
