"""Check-digit algorithms used by check.py (standard library only)."""
import re

# ---------------------------------------------------------------- IBAN
IBAN_LEN = {"GB": 22, "IE": 22, "ES": 24, "IT": 27, "FI": 18}


def iban_mod97(s):
    s = re.sub(r"[\s\-.]", "", s).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    if IBAN_LEN.get(s[:2]) != len(s):
        return False
    r = s[4:] + s[:4]
    n = "".join(str(int(c, 36)) for c in r)
    return int(n) % 97 == 1


def iban_make(cc, bban):
    bban = bban.upper()
    n = "".join(str(int(c, 36)) for c in bban + cc + "00")
    return cc + "%02d" % (98 - int(n) % 97) + bban


_ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def _es_dc(digits10):
    d = 11 - sum(int(a) * b for a, b in zip(digits10, _ES_W)) % 11
    return {11: 0, 10: 1}.get(d, d)


def es_ccc_ok(bban):  # EEEE OOOO DD NNNNNNNNNN
    return (str(_es_dc("00" + bban[:8])) + str(_es_dc(bban[10:]))) == bban[8:10]


def es_ccc_make(ent, off, acc):
    return ent + off + str(_es_dc("00" + ent + off)) + str(_es_dc(acc)) + acc


_ODD = {}
for _i, _v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6,
                         8, 12, 14, 16, 10, 22, 25, 24, 23]):
    _ODD[chr(65 + _i)] = _v
    if _i < 10:
        _ODD[str(_i)] = _v


def _even(c):
    return int(c) if c.isdigit() else ord(c) - 65


def cin_char(s):
    """Italian odd/even check char (codice fiscale and IBAN CIN)."""
    s = s.upper()
    tot = sum(_ODD[c] if i % 2 == 0 else _even(c) for i, c in enumerate(s))
    return chr(65 + tot % 26)


def it_cin_ok(bban):  # C AAAAA BBBBB CCCCCCCCCCCC
    return cin_char(bban[1:]) == bban[0]


def luhn_ok(d):
    tot = 0
    for i, c in enumerate(reversed(d)):
        v = int(c)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        tot += v
    return tot % 10 == 0


def luhn_make(d):
    for k in range(10):
        if luhn_ok(d + str(k)):
            return d + str(k)


def iban_national_ok(s):
    s = re.sub(r"[\s\-.]", "", s).upper()
    cc, bban = s[:2], s[4:]
    if cc == "ES":
        return es_ccc_ok(bban)
    if cc == "IT":
        return it_cin_ok(bban)
    if cc == "FI":
        return luhn_ok(bban)
    return None  # GB / IE: no public national check digit


# ---------------------------------------------------------------- IDs
def nhs_ok(d):
    if not re.fullmatch(r"\d{10}", d):
        return False
    r = 11 - sum(int(d[i]) * (10 - i) for i in range(9)) % 11
    r = 0 if r == 11 else r
    return r != 10 and r == int(d[9])


_PPS = "WABCDEFGHIJKLMNOPQRSTUV"


def pps_ok(s):
    m = re.fullmatch(r"(\d{7})([A-W])([A-IW]?)", s)
    if not m:
        return False
    tot = sum(int(c) * (8 - i) for i, c in enumerate(m.group(1)))
    if m.group(3):
        tot += 9 * _PPS.index(m.group(3))
    return _PPS[tot % 23] == m.group(2)


_DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(s):
    m = re.fullmatch(r"([XYZ]?)(\d{7,8})([A-Z])", s)
    if not m:
        return False
    n = int(str("XYZ".index(m.group(1))) + m.group(2)) if m.group(1) else int(m.group(2))
    return _DNI[n % 23] == m.group(3)


def nss_ok(s):
    if not re.fullmatch(r"\d{12}", s):
        return False
    a, b, c = int(s[:2]), int(s[2:10]), int(s[10:])
    d = b + a * 10000000 if b < 10000000 else int(s[:2] + str(b))
    return d % 97 == c


def cf_ok(s):
    return bool(re.fullmatch(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", s)) \
        and cin_char(s[:15]) == s[15]


_HETU = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_ok(s):
    m = re.fullmatch(r"(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])", s)
    if not m:
        return False
    return _HETU[int(m.group(1) + m.group(3)) % 31] == m.group(4)


def nino_ok(s):
    m = re.fullmatch(r"([A-Z]{2})\d{6}[A-D]", s)
    if not m:
        return False
    p = m.group(1)
    return (p[0] not in "DFIQUV" and p[1] not in "DFIOQUV"
            and p not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def classify_id(raw, lang):
    """Return (kind, ok) where ok is True/False, or None when the kind has no check digit."""
    s = re.sub(r"[\s\-./]", "", raw).upper()
    if lang == "en":
        if re.fullmatch(r"\d{10}", s):
            return "NHS number", nhs_ok(s)
        if re.fullmatch(r"\d{7}[A-W][A-IW]?", s):
            return "PPS number", pps_ok(s)
        if re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", s):
            return "NI number (prefix rules)", nino_ok(s)
    if lang == "es":
        if re.fullmatch(r"\d{8}[A-Z]", s):
            return "DNI", dni_ok(s)
        if re.fullmatch(r"[XYZ]\d{7}[A-Z]", s):
            return "NIE", dni_ok(s)
        if re.fullmatch(r"\d{12}", s):
            return "NSS", nss_ok(s)
    if lang == "it" and re.fullmatch(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", s):
        return "codice fiscale", cf_ok(s)
    h = re.sub(r"\s", "", raw).upper()
    if lang == "fi" and re.fullmatch(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", h):
        return "henkilötunnus", hetu_ok(h)
    if re.fullmatch(r"[A-Z0-9]{6,12}", s):
        return "passport/permit/card (no check digit)", None
    return "unknown", False
