"""Check-digit helpers for the invented identifiers and accounts (standard library only).

Run `python3 src/num.py` to print a pool of freshly computed, valid values.
Every number is invented; functions here both generate and validate.
"""
import re
import unicodedata

# ---------------------------------------------------------------- generic

def luhn_ok(digits: str) -> bool:
    s = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def luhn_digit(partial: str) -> str:
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d
    raise ValueError(partial)

# ---------------------------------------------------------------- IBAN

def iban_ok(iban: str) -> bool:
    s = re.sub(r"[\s.\-]", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    r = s[4:] + s[:4]
    n = "".join(str(int(c, 36)) for c in r)
    return int(n) % 97 == 1


def iban_make(country: str, bban: str) -> str:
    r = bban + country + "00"
    n = "".join(str(int(c, 36)) for c in r)
    check = 98 - int(n) % 97
    return f"{country}{check:02d}{bban}"


def group4(s: str) -> str:
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))

# national parts ----------------------------------------------------------

_ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def _es_dc(ten: str) -> str:
    d = 11 - sum(int(a) * b for a, b in zip(ten, _ES_W)) % 11
    return str({11: 0, 10: 1}.get(d, d))


def es_bban(entity: str, office: str, account: str) -> str:
    """Spanish CCC: entity(4) office(4) control(2) account(10)."""
    return entity + office + _es_dc("00" + entity + office) + _es_dc(account) + account


def es_bban_ok(bban: str) -> bool:
    return len(bban) == 20 and bban[8:10] == _es_dc("00" + bban[:8]) + _es_dc(bban[10:])


_ODD = {  # codice fiscale / CIN odd-position table
    **dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21])),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
                16, 10, 22, 25, 24, 23])),
}


def _even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 65


def _odd_even_letter(s: str) -> str:
    tot = sum(_ODD[c] if i % 2 == 0 else _even(c) for i, c in enumerate(s))
    return chr(65 + tot % 26)


def it_bban(abi: str, cab: str, account: str) -> str:
    """Italian BBAN: CIN(1) ABI(5) CAB(5) account(12)."""
    account = account.rjust(12, "0")
    return _odd_even_letter(abi + cab + account) + abi + cab + account


def it_bban_ok(bban: str) -> bool:
    return len(bban) == 23 and bban[0] == _odd_even_letter(bban[1:])


def fi_bban(bank6: str, acc7: str) -> str:
    """Finnish 14-digit account: bank(6) + account(7) + Luhn digit."""
    body = bank6 + acc7
    return body + luhn_digit(body)


def fi_bban_ok(bban: str) -> bool:
    return len(bban) == 14 and bban.isdigit() and luhn_ok(bban)

# ---------------------------------------------------------------- UK

def nhs_make(nine: str) -> str:
    d = 11 - sum(int(c) * w for c, w in zip(nine, range(10, 1, -1))) % 11
    if d == 11:
        d = 0
    if d == 10:
        raise ValueError("no valid check digit")
    return nine + str(d)


def nhs_ok(s: str) -> bool:
    s = re.sub(r"[\s\-]", "", s)
    if not re.fullmatch(r"\d{10}", s):
        return False
    try:
        return nhs_make(s[:9]) == s
    except ValueError:
        return False


def nino_ok(s: str) -> bool:
    """UK National Insurance number: format only (no public check digit)."""
    s = re.sub(r"\s", "", s).upper()
    m = re.fullmatch(r"([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])\d{6}[A-D]", s)
    return bool(m) and s[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}

# ---------------------------------------------------------------- Spain

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_make(n: int) -> str:
    return f"{n:08d}{DNI_LETTERS[n % 23]}"


def dni_ok(s: str) -> bool:
    s = re.sub(r"[\s.\-]", "", s).upper()
    m = re.fullmatch(r"(\d{8})([A-Z])", s)
    return bool(m) and DNI_LETTERS[int(m.group(1)) % 23] == m.group(2)


def nie_make(prefix: str, n: int) -> str:
    v = int("XYZ".index(prefix) * 10 ** 7 + n)
    return f"{prefix}{n:07d}{DNI_LETTERS[v % 23]}"


def nie_ok(s: str) -> bool:
    s = re.sub(r"[\s.\-]", "", s).upper()
    m = re.fullmatch(r"([XYZ])(\d{7})([A-Z])", s)
    if not m:
        return False
    v = int(str("XYZ".index(m.group(1))) + m.group(2))
    return DNI_LETTERS[v % 23] == m.group(3)


def nuss_make(prov: int, num: int) -> str:
    """Spanish social security number (NAF): PP NNNNNNNN CC."""
    base = prov * 10 ** 8 + num if num >= 10 ** 7 else prov * 10 ** 7 + num
    return f"{prov:02d}{num:08d}{base % 97:02d}"


def nuss_ok(s: str) -> bool:
    s = re.sub(r"[\s/\-.]", "", s)
    if not re.fullmatch(r"\d{12}", s):
        return False
    return nuss_make(int(s[:2]), int(s[2:10])) == s

# ---------------------------------------------------------------- Italy

def _plain(s: str) -> str:
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if c.isalpha() and not unicodedata.combining(c)).upper()


def _cons(s):
    return [c for c in s if c not in "AEIOU"]


def _vow(s):
    return [c for c in s if c in "AEIOU"]


def cf_make(surname, name, yy, month, day, female, place):
    s, n = _plain(surname), _plain(name)
    sc = "".join((_cons(s) + _vow(s) + ["X"] * 3)[:3])
    nc_ = _cons(n)
    if len(nc_) >= 4:
        nc = nc_[0] + nc_[2] + nc_[3]
    else:
        nc = "".join((nc_ + _vow(n) + ["X"] * 3)[:3])
    body = f"{sc}{nc}{yy:02d}{'ABCDEHLMPRST'[month - 1]}{day + (40 if female else 0):02d}{place}"
    return body + _odd_even_letter(body)


def cf_ok(s: str) -> bool:
    s = re.sub(r"\s", "", s).upper()
    if not re.fullmatch(r"[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", s):
        return False
    return _odd_even_letter(s[:15]) == s[15]

# ---------------------------------------------------------------- Finland

HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_make(dd, mm, yy, sign, nnn):
    return f"{dd:02d}{mm:02d}{yy:02d}{sign}{nnn:03d}{HETU_CHARS[int(f'{dd:02d}{mm:02d}{yy:02d}{nnn:03d}') % 31]}"


def hetu_ok(s: str) -> bool:
    s = s.strip().upper()
    m = re.fullmatch(r"(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])", s)
    return bool(m) and HETU_CHARS[int(m.group(1) + m.group(3)) % 31] == m.group(4)


def ytunnus_make(seven: str) -> str:
    r = sum(int(c) * w for c, w in zip(seven, [7, 9, 10, 5, 8, 4, 2])) % 11
    if r == 1:
        raise ValueError
    return f"{seven}-{0 if r == 0 else 11 - r}"


if __name__ == "__main__":
    import random
    rnd = random.Random(7)
    pool = []
    while len(pool) < 12:
        try:
            pool.append(nhs_make(f"{rnd.randint(400000000, 799999999)}"))
        except ValueError:
            pass
    print("NHS", pool)
    print("DNI", [dni_make(rnd.randint(10000000, 79999999)) for _ in range(12)])
    print("NIE", [nie_make(rnd.choice("XYZ"), rnd.randint(1000000, 9999999)) for _ in range(12)])
    print("NUSS", [nuss_make(rnd.choice([28, 8, 41, 46, 29, 50]), rnd.randint(10000000, 99999999)) for _ in range(8)])
    print("HETU", [hetu_make(rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(40, 99), "-", rnd.randint(2, 899)) for _ in range(8)])
    print("HETU2000", [hetu_make(rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(0, 20), "A", rnd.randint(2, 899)) for _ in range(4)])
    gb = [iban_make("GB", b + f"{rnd.randint(100000, 999999)}{rnd.randint(10000000, 99999999)}")
          for b in ["NWBK", "BARC", "LOYD", "MIDL", "HBUK", "NWBK", "BARC", "LOYD"]]
    print("GB", [group4(x) for x in gb])
    es = [iban_make("ES", es_bban(e, f"{rnd.randint(1000, 9999)}", f"{rnd.randint(0, 9999999999):010d}"))
          for e in ["2100", "0049", "0182", "2038", "0081", "2100", "0049", "3058"]]
    print("ES", [group4(x) for x in es])
    it = [iban_make("IT", it_bban(a, f"{rnd.randint(1000, 99999):05d}", f"{rnd.randint(0, 999999999999):012d}"))
          for a in ["03069", "02008", "05034", "03111", "07601", "01030", "03069", "05696"]]
    print("IT", [group4(x) for x in it])
    fi = [iban_make("FI", fi_bban(b, f"{rnd.randint(0, 9999999):07d}"))
          for b in ["123456", "800012", "570001", "470010", "159030", "313130", "220320", "101230"]]
    print("FI", [group4(x) for x in fi])
    print("TS", [(lambda p: p + luhn_digit(p))("80380" + f"{rnd.randint(0, 10**14-1):014d}") for _ in range(6)])
    print("YT", [ytunnus_make(f"{rnd.randint(1000000, 3299999)}") for _ in range(1)])
