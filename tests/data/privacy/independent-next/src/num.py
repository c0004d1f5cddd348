#!/usr/bin/env python3
"""Check-digit helpers for the pii_ninth evaluation set (standard library only).

Each scheme has a `*_check` (or `*_valid`) function that validates a compact
string, and most have a generator used while writing the texts.  The numbers
in the stories were produced with the generators below and then typed in by
hand, regrouped or spoken out the way a person would.

Run `python3 src/num.py` to print a pool of freshly generated valid numbers.
"""
import random
import re
import sys

# ---------------------------------------------------------------- IBAN (ISO 13616, mod 97)
IBAN_LEN = {"GB": 22, "ES": 24, "IT": 27, "FI": 18}


def _iban_int(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_check_digits(country, bban):
    return "%02d" % (98 - _iban_int(bban + country + "00") % 97)


def iban_mod97_ok(iban):
    iban = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", iban):
        return False
    return _iban_int(iban[4:] + iban[:4]) % 97 == 1


# ---- national checks inside the BBAN
def es_dc(entity_office, account):
    """Spanish CCC control digits (two mod-11 digits)."""
    def one(digits, weights):
        r = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
        return {11: 0, 10: 1}.get(r, r)
    return "%d%d" % (one(entity_office, [4, 8, 5, 10, 9, 7, 3, 6]),
                     one(account, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]))


ODD = {c: v for c, v in zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
       [1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23])}
EVEN = {c: v for c, v in zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        list(range(10)) + list(range(26)))}


def odd_even_char(s):
    """Check letter shared by the codice fiscale and the Italian CIN."""
    total = sum((ODD if i % 2 == 0 else EVEN)[c] for i, c in enumerate(s.upper()))
    return chr(ord("A") + total % 26)


def it_cin(abi, cab, conto):
    return odd_even_char(abi + cab + conto)


def luhn_ok(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_digit(payload):
    for d in "0123456789":
        if luhn_ok(payload + d):
            return d


def iban_national_ok(iban):
    """Returns (ok, scheme).  GB sort-code modulus checking needs bank tables: not done."""
    iban = iban.replace(" ", "").upper()
    cc, bban = iban[:2], iban[4:]
    if cc == "ES":
        return es_dc(bban[:8], bban[10:]) == bban[8:10], "ES CCC mod 11"
    if cc == "IT":
        return it_cin(bban[1:6], bban[6:11], bban[11:]) == bban[0], "IT CIN"
    if cc == "FI":
        return luhn_ok(bban), "FI Luhn"
    return True, "none"


def iban_ok(iban):
    iban = iban.replace(" ", "").upper()
    cc = iban[:2]
    if cc in IBAN_LEN and len(iban) != IBAN_LEN[cc]:
        return False
    return iban_mod97_ok(iban) and iban_national_ok(iban)[0]


def make_iban(cc, rnd):
    if cc == "GB":
        bank = rnd.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "SRLG"])
        bban = bank + "".join(rnd.choice("0123456789") for _ in range(14))
    elif cc == "ES":
        ent = rnd.choice(["2100", "0049", "0182", "0081", "2080", "0128", "1465", "3058", "2085", "2095", "0073"])
        off = "%04d" % rnd.randrange(1, 9999)
        acc = "".join(rnd.choice("0123456789") for _ in range(10))
        bban = ent + off + es_dc(ent + off, acc) + acc
    elif cc == "IT":
        abi = rnd.choice(["03069", "02008", "05034", "01030", "05696", "07601", "03440", "01015"])
        cab = "%05d" % rnd.randrange(1000, 99999)
        conto = "".join(rnd.choice("0123456789") for _ in range(12))
        bban = it_cin(abi, cab, conto) + abi + cab + conto
    elif cc == "FI":
        pre = rnd.choice(["1", "2", "5", "8", "4", "36", "39", "31", "33", "6"])
        body = pre + "".join(rnd.choice("0123456789") for _ in range(13 - len(pre)))
        bban = body + luhn_digit(body)
    else:
        raise ValueError(cc)
    return cc + iban_check_digits(cc, bban) + bban


# ---------------------------------------------------------------- Spain
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_letter(num8):
    return DNI_LETTERS[int(num8) % 23]


def dni_ok(s):
    s = s.upper()
    return bool(re.fullmatch(r"\d{8}[A-Z]", s)) and dni_letter(s[:8]) == s[8]


def nie_ok(s):
    s = s.upper()
    if not re.fullmatch(r"[XYZ]\d{7}[A-Z]", s):
        return False
    return dni_letter(str("XYZ".index(s[0])) + s[1:8]) == s[8]


def make_dni(rnd):
    n = "%08d" % rnd.randrange(1000000, 79999999)
    return n + dni_letter(n)


def make_nie(rnd):
    p = rnd.choice("XYZ")
    n = "%07d" % rnd.randrange(0, 9999999)
    return p + n + dni_letter(str("XYZ".index(p)) + n)


def nuss_control(prov, num):
    """Spanish social-security number (NUSS / NAF): PP NNNNNNNN CC, CC = value mod 97."""
    n = int(num)
    value = n + int(prov) * 10 ** 7 if n < 10 ** 7 else int(prov + num)
    return "%02d" % (value % 97)


def nuss_ok(s):
    if not re.fullmatch(r"\d{12}", s):
        return False
    return 1 <= int(s[:2]) <= 53 and nuss_control(s[:2], s[2:10]) == s[10:]


def make_nuss(rnd, prov=None):
    prov = prov or rnd.choice(["28", "08", "41", "46", "29", "48", "15", "50", "30", "35", "03", "11", "18", "33", "36"])
    num = "%08d" % rnd.randrange(10 ** 7, 9 * 10 ** 7)
    return prov + num + nuss_control(prov, num)


# ---------------------------------------------------------------- Italy
MONTHS = "ABCDEHLMPRST"


def _cons(s):
    return [c for c in s if c in "BCDFGHJKLMNPQRSTVWXYZ"]


def _vow(s):
    return [c for c in s if c in "AEIOU"]


def _clean(s):
    import unicodedata
    s = unicodedata.normalize("NFD", s.upper())
    return "".join(c for c in s if "A" <= c <= "Z")


def cf_surname(s):
    s = _clean(s)
    return "".join((_cons(s) + _vow(s) + ["X"] * 3)[:3])


def cf_name(s):
    s = _clean(s)
    c = _cons(s)
    if len(c) >= 4:
        return c[0] + c[2] + c[3]
    return "".join((c + _vow(s) + ["X"] * 3)[:3])


def make_cf(surname, name, year, month, day, female, place):
    body = cf_surname(surname) + cf_name(name) + "%02d" % (year % 100) + MONTHS[month - 1] + \
        "%02d" % (day + (40 if female else 0)) + place
    return body + odd_even_char(body)


def cf_ok(s):
    s = s.upper()
    if not re.fullmatch(r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]", s):
        return False
    return odd_even_char(s[:15]) == s[15]


def cf_numeric_ok(s):
    """11-digit numeric codice fiscale (temporary CF for asylum seekers, partita IVA): Luhn-type."""
    return bool(re.fullmatch(r"\d{11}", s)) and luhn_ok(s)


def make_cf_numeric(rnd):
    body = "".join(rnd.choice("0123456789") for _ in range(10))
    return body + luhn_digit(body)


def make_tessera(rnd):
    """20-digit health-card (TEAM) number 80380...; treated as ISO/IEC 7812 with a Luhn digit."""
    body = "80380" + "".join(rnd.choice("0123456789") for _ in range(14))
    return body + luhn_digit(body)


def tessera_ok(s):
    return bool(re.fullmatch(r"80380\d{15}", s)) and luhn_ok(s)


# ---------------------------------------------------------------- Finland
HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
           "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}


def hetu_ok(s):
    s = s.upper()
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])", s)
    if not m:
        return False
    dd, mm = int(m.group(1)), int(m.group(2))
    if not (1 <= dd <= 31 and 1 <= mm <= 12):
        return False
    return HETU_CHARS[int(m.group(1) + m.group(2) + m.group(3) + m.group(5)) % 31] == m.group(6)


def make_hetu(day, month, year, female, rnd, sign=None):
    sign = sign or {18: "+", 19: "-", 20: "A"}[year // 100]
    ind = rnd.randrange(2, 899)
    if (ind % 2 == 0) != female:
        ind += 1
    d = "%02d%02d%02d" % (day, month, year % 100)
    return d + sign + "%03d" % ind + HETU_CHARS[int(d + "%03d" % ind) % 31]


def ytunnus_ok(s):
    """Finnish business id (Y-tunnus) 1234567-8, weights 7 9 10 5 8 4 2. Used for look-alikes."""
    m = re.fullmatch(r"(\d{7})-(\d)", s)
    if not m:
        return False
    r = sum(int(d) * w for d, w in zip(m.group(1), [7, 9, 10, 5, 8, 4, 2])) % 11
    if r == 1:
        return False
    return (0 if r == 0 else 11 - r) == int(m.group(2))


def make_ytunnus(rnd):
    while True:
        b = "%07d" % rnd.randrange(1000000, 3300000)
        for c in range(10):
            if ytunnus_ok("%s-%d" % (b, c)):
                return "%s-%d" % (b, c)


# ---------------------------------------------------------------- UK
def nhs_ok(s):
    if not re.fullmatch(r"\d{10}", s):
        return False
    r = 11 - sum(int(d) * w for d, w in zip(s[:9], range(10, 1, -1))) % 11
    r = 0 if r == 11 else r
    return r != 10 and r == int(s[9])


def make_nhs(rnd, test_range=True):
    while True:
        body = ("999" if test_range else rnd.choice(["4", "6", "7"]) + "%02d" % rnd.randrange(100)) + \
            "".join(rnd.choice("0123456789") for _ in range(6))
        body = body[:9]
        r = 11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1))) % 11
        r = 0 if r == 11 else r
        if r != 10:
            return body + str(r)


NI_BAD_PREFIX = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def ni_ok(s):
    """UK National Insurance number: format rules only (no check digit exists)."""
    s = s.upper()
    if not re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", s):
        return False
    return s[:2] not in NI_BAD_PREFIX


def make_ni(rnd):
    while True:
        s = rnd.choice("ABCEGHJKLMNOPRSTWXYZ") + rnd.choice("ABCEGHJKLMNPRSTWXYZ") + \
            "%06d" % rnd.randrange(10 ** 6) + rnd.choice("ABCD")
        if ni_ok(s):
            return s


# ---------------------------------------------------------------- pool
def pool(seed=9):
    rnd = random.Random(seed)
    out = []
    for cc in ["GB", "ES", "IT", "FI"]:
        for _ in range(14):
            out.append(("iban", make_iban(cc, rnd)))
    for _ in range(14):
        out.append(("dni", make_dni(rnd)))
        out.append(("nie", make_nie(rnd)))
        out.append(("nuss", make_nuss(rnd)))
        out.append(("nhs", make_nhs(rnd, test_range=rnd.random() < 0.5)))
        out.append(("ni", make_ni(rnd)))
        out.append(("cfnum", make_cf_numeric(rnd)))
        out.append(("tessera", make_tessera(rnd)))
        out.append(("ytunnus", make_ytunnus(rnd)))
    return out


if __name__ == "__main__":
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    for kind, val in pool(seed):
        print(kind, val)
