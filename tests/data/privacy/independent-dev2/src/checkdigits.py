"""Small standard-library helpers to compute and verify check digits.

Used by hand to produce the identity numbers and IBANs planted in the
stories (see gen_values.py), and by check.py to re-verify them.
"""
import re

# ---------------------------------------------------------------- generic
def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(partial: str) -> str:
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c
    raise ValueError


# ---------------------------------------------------------------- UK
def nhs_check(nine: str):
    s = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    c = 11 - s % 11
    if c == 11:
        return "0"
    if c == 10:
        return None  # invalid, must not be issued
    return str(c)


def nhs_ok(ten: str) -> bool:
    return len(ten) == 10 and ten.isdigit() and nhs_check(ten[:9]) == ten[9]


NINO_RE = re.compile(r"^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


def nino_ok(s: str) -> bool:
    return bool(NINO_RE.match(s))


# ---------------------------------------------------------------- Spain
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_letter(num: int) -> str:
    return DNI_LETTERS[num % 23]


def dni_ok(s: str) -> bool:
    m = re.match(r"^(\d{8})([A-Z])$", s)
    return bool(m) and dni_letter(int(m.group(1))) == m.group(2)


def nie_ok(s: str) -> bool:
    m = re.match(r"^([XYZ])(\d{7})([A-Z])$", s)
    if not m:
        return False
    n = int("XYZ".index(m.group(1)).__str__() + m.group(2))
    return dni_letter(n) == m.group(3)


def nss_control(prov: str, num: str) -> str:
    n = int(num)
    base = int(prov) * 10_000_000 + n if n < 10_000_000 else int(prov + num)
    return "%02d" % (base % 97)


def nss_ok(s: str) -> bool:
    return len(s) == 12 and s.isdigit() and nss_control(s[:2], s[2:10]) == s[10:]


# ---------------------------------------------------------------- Italy
CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
          16, 10, 22, 25, 24, 23]


def _cf_val(ch: str, odd: bool) -> int:
    idx = int(ch) if ch.isdigit() else ord(ch) - 65
    return CF_ODD[idx] if odd else idx


def cf_check_char(first15: str) -> str:
    s = sum(_cf_val(c, i % 2 == 0) for i, c in enumerate(first15))
    return chr(65 + s % 26)


def cf_ok(s: str) -> bool:
    return bool(re.match(r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$", s)) \
        and cf_check_char(s[:15]) == s[15]


def _cons(s):
    return [c for c in s if c.isalpha() and c not in "AEIOU"]


def _vows(s):
    return [c for c in s if c in "AEIOU"]


def _clean(s):
    import unicodedata
    s = unicodedata.normalize("NFD", s.upper())
    return "".join(c for c in s if "A" <= c <= "Z")


def cf_build(surname, name, yy, month, day, female, comune):
    sur = _clean(surname)
    nam = _clean(name)
    a = (_cons(sur) + _vows(sur) + ["X"] * 3)[:3]
    nc = _cons(nam)
    if len(nc) >= 4:
        nc = [nc[0], nc[2], nc[3]]
    b = (nc + _vows(nam) + ["X"] * 3)[:3]
    months = "ABCDEHLMPRST"
    d = day + 40 if female else day
    first15 = "".join(a) + "".join(b) + "%02d" % yy + months[month - 1] + "%02d" % d + comune
    return first15 + cf_check_char(first15)


def it_cin(abi: str, cab: str, conto: str) -> str:
    return cf_check_char(abi + cab + conto)  # same odd/even tables, mod 26


# ---------------------------------------------------------------- Finland
HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_check(ddmmyy: str, nnn: str) -> str:
    return HETU_CHARS[int(ddmmyy + nnn) % 31]


def hetu_ok(s: str) -> bool:
    m = re.match(r"^(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])$", s)
    return bool(m) and hetu_check(m.group(1), m.group(3)) == m.group(4)


# ---------------------------------------------------------------- IBAN
IBAN_LEN = {"GB": 22, "ES": 24, "IT": 27, "FI": 18}


def _iban_num(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_make(country: str, bban: str) -> str:
    cd = 98 - _iban_num(bban + country + "00") % 97
    return country + "%02d" % cd + bban


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "").upper()
    if len(s) != IBAN_LEN.get(s[:2], -1):
        return False
    return _iban_num(s[4:] + s[:4]) % 97 == 1


def es_dc(bank: str, branch: str, account: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def one(ten):
        d = 11 - sum(int(a) * b for a, b in zip(ten, w)) % 11
        return {11: 0, 10: 1}.get(d, d)
    return "%d%d" % (one("00" + bank + branch), one(account))


def es_bban(bank, branch, account):
    return bank + branch + es_dc(bank, branch, account) + account


def it_bban(abi, cab, conto):
    return it_cin(abi, cab, conto) + abi + cab + conto


def fi_bban(first13):
    return first13 + luhn_digit(first13)


def national_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    c = s[:2]
    if c == "ES":
        return es_dc(s[4:8], s[8:12], s[14:24]) == s[12:14]
    if c == "IT":
        return it_cin(s[5:10], s[10:15], s[15:27]) == s[4]
    if c == "FI":
        return luhn_ok(s[4:])
    return True
