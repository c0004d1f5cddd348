"""Check-digit helpers (standard library only).

Used while writing the stories to make invented identifiers and accounts
internally valid, and imported by ../check.py to validate them.

CLI:  python3 num.py pool        -> prints a pool of fresh invented values
"""
import random
import re
import sys

# ---------------------------------------------------------------- generic

def luhn_ok(digits):
    s = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def luhn_digit(partial):
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c


def iban_mod97(s):
    s = s[4:] + s[:4]
    n = "".join(str(int(ch, 36)) for ch in s)
    return int(n) % 97


def iban_make(cc, bban):
    bban = bban.replace(" ", "")
    tmp = bban + cc + "00"
    n = int("".join(str(int(ch, 36)) for ch in tmp))
    return cc + "%02d" % (98 - n % 97) + bban


def iban_group(iban):
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))

IBAN_LEN = {"GB": 22, "ES": 24, "IT": 27, "FI": 18, "BE": 16, "FR": 27,
            "DE": 22, "NL": 18, "PT": 25, "RO": 24, "PL": 28, "SE": 24,
            "IE": 22, "EE": 20}

# ---------------------------------------------------------------- UK

def nhs_check(nine):
    s = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - s % 11
    if c == 11:
        return "0"
    if c == 10:
        return None
    return str(c)


def nhs_ok(ten):
    return len(ten) == 10 and ten.isdigit() and nhs_check(ten[:9]) == ten[9]

NI_RE = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


def ni_ok(s):
    return bool(NI_RE.match(s))

# ---------------------------------------------------------------- Spain

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_letter(num):
    return DNI_LETTERS[int(num) % 23]


def dni_ok(s):
    m = re.match(r"^(\d{8})([A-Z])$", s)
    return bool(m) and dni_letter(m.group(1)) == m.group(2)


def nie_ok(s):
    m = re.match(r"^([XYZ])(\d{7})([A-Z])$", s)
    if not m:
        return False
    n = "XYZ".index(m.group(1))
    return dni_letter(str(n) + m.group(2)) == m.group(3)


def nuss_make(prov, num8):
    return "%02d%08d%02d" % (prov, num8, int("%02d%08d" % (prov, num8)) % 97)


def nuss_ok(s):
    if not re.match(r"^\d{12}$", s):
        return False
    prov, num, cc = int(s[:2]), int(s[2:10]), int(s[10:])
    base = prov * 10 ** 8 + num if num >= 10 ** 7 else prov * 10 ** 7 + num
    return base % 97 == cc


def ccc_digit(ten):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    c = 11 - sum(int(d) * x for d, x in zip(ten, w)) % 11
    return {11: 0, 10: 1}.get(c, c)


def es_bban(entity, office, account):
    d1 = ccc_digit("00" + entity + office)
    d2 = ccc_digit(account)
    return "%s%s%d%d%s" % (entity, office, d1, d2, account)


def es_bban_ok(b):
    return b[8:10] == "%d%d" % (ccc_digit("00" + b[:8]), ccc_digit(b[10:]))

# ---------------------------------------------------------------- Italy

ODD = dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]))
ODD.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                12, 14, 16, 10, 22, 25, 24, 23]))


def _even(ch):
    return int(ch) if ch.isdigit() else ord(ch) - 65


def it_control(s):
    t = 0
    for i, ch in enumerate(s):
        t += ODD[ch] if i % 2 == 0 else _even(ch)
    return chr(65 + t % 26)


def cf_ok(s):
    return bool(re.match(r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$", s)) \
        and it_control(s[:15]) == s[15]

MONTHS = "ABCDEHLMPRST"


def _cons(s):
    return [c for c in s if c.isalpha() and c not in "AEIOU"]


def _vow(s):
    return [c for c in s if c in "AEIOU"]


def cf_make(surname, name, y, m, d, sex, comune):
    su = re.sub(r"[^A-Z]", "", surname.upper())
    na = re.sub(r"[^A-Z]", "", name.upper())
    p1 = "".join((_cons(su) + _vow(su) + ["X"] * 3)[:3])
    c = _cons(na)
    if len(c) >= 4:
        p2 = c[0] + c[2] + c[3]
    else:
        p2 = "".join((c + _vow(na) + ["X"] * 3)[:3])
    day = d + (40 if sex == "F" else 0)
    body = "%s%s%02d%s%02d%s" % (p1, p2, y % 100, MONTHS[m - 1], day, comune)
    return body + it_control(body)


def it_bban(abi, cab, conto12):
    s = abi + cab + conto12
    return it_control(s) + s


def it_bban_ok(b):
    return it_control(b[1:]) == b[0]


def tessera_make(rest14):
    # 80380 + 14 digits + Luhn digit = 20 digits
    p = "80380" + rest14
    return p + luhn_digit(p)

# ---------------------------------------------------------------- Finland

HETU_CH = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_make(ddmmyy, sign, nnn):
    return ddmmyy + sign + nnn + HETU_CH[int(ddmmyy + nnn) % 31]


def hetu_ok(s):
    m = re.match(r"^(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])$", s)
    return bool(m) and HETU_CH[int(m.group(1) + m.group(3)) % 31] == m.group(4)


def fi_bban(thirteen):
    return thirteen + luhn_digit(thirteen)


def ytunnus_make(seven):
    w = [7, 9, 10, 5, 8, 4, 2]
    r = sum(int(d) * x for d, x in zip(seven, w)) % 11
    if r == 1:
        return None
    return seven + "-" + str(0 if r == 0 else 11 - r)

# ---------------------------------------------------------------- others

def cnp_ok(s):
    if not re.match(r"^[1-8]\d{12}$", s):
        return False
    w = "279146358279"
    r = sum(int(a) * int(b) for a, b in zip(s, w)) % 11
    return (1 if r == 10 else r) == int(s[12])


def cnp_make(twelve):
    w = "279146358279"
    r = sum(int(a) * int(b) for a, b in zip(twelve, w)) % 11
    return twelve + str(1 if r == 10 else r)


def pesel_make(ten):
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return ten + str((10 - sum(int(a) * b for a, b in zip(ten, w)) % 10) % 10)


def pesel_ok(s):
    return len(s) == 11 and s.isdigit() and pesel_make(s[:10]) == s


CN_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def cnid_make(seventeen):
    return seventeen + "10X98765432"[sum(int(a) * b for a, b in zip(seventeen, CN_W)) % 11]


def cnid_ok(s):
    return bool(re.match(r"^\d{17}[\dX]$", s)) and cnid_make(s[:17]) == s


def rnokpp_make(nine):
    w = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    return nine + str(sum(int(a) * b for a, b in zip(nine, w)) % 11 % 10)


def rnokpp_ok(s):
    return len(s) == 10 and s.isdigit() and rnokpp_make(s[:9]) == s


def se_pnr_ok(s):
    d = re.sub(r"[-+]", "", s)
    if len(d) == 12:
        d = d[2:]
    return len(d) == 10 and d.isdigit() and luhn_ok(d)


def bsn_ok(s):
    if not (len(s) == 9 and s.isdigit()):
        return False
    t = sum(int(s[i]) * (9 - i) for i in range(8)) - int(s[8])
    return t % 11 == 0


def be_bban_ok(b):
    r = int(b[:10]) % 97
    return int(b[10:]) == (97 if r == 0 else r)


_FRL = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789"))


def fr_bban_ok(b):
    b = "".join(_FRL.get(c, c) for c in b)
    bank, guichet, acc, key = b[:5], b[5:10], b[10:21], b[21:]
    return 97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(acc)) % 97) == int(key)


def iban_ok(s):
    """returns (ok, message)"""
    s = s.replace(" ", "").replace("-", "").upper()
    cc = s[:2]
    if cc in IBAN_LEN and len(s) != IBAN_LEN[cc]:
        return False, "length %d for %s" % (len(s), cc)
    if iban_mod97(s) != 1:
        return False, "mod-97"
    b = s[4:]
    nat = {"ES": es_bban_ok, "IT": it_bban_ok, "FI": lambda x: luhn_ok(x),
           "BE": be_bban_ok, "FR": fr_bban_ok}.get(cc)
    if nat and not nat(b):
        return False, "national check " + cc
    return True, "ok"

# ---------------------------------------------------------------- pool

def pool(seed=5):
    r = random.Random(seed)
    rd = lambda n: "".join(r.choice("0123456789") for _ in range(n))
    out = []
    for _ in range(12):
        nine = "4" + rd(8)
        c = nhs_check(nine)
        if c:
            out.append(("NHS", nine[:3] + " " + nine[3:6] + " " + nine[6:] + c))
    for _ in range(10):
        n = rd(8)
        out.append(("DNI", n + dni_letter(n)))
    for _ in range(10):
        p = r.choice("XYZ")
        n = rd(7)
        out.append(("NIE", p + n + dni_letter(str("XYZ".index(p)) + n)))
    for prov in (28, 8, 46, 41, 29, 48, 50, 30):
        out.append(("NUSS", nuss_make(prov, int("1" + rd(7)) if r.random() < .5 else int("2" + rd(7)))))
    for _ in range(6):
        out.append(("ES-IBAN", iban_group(iban_make("ES", es_bban(r.choice(["2100", "0049", "0182", "2085", "0081"]), rd(4), rd(10))))))
    for _ in range(6):
        out.append(("IT-IBAN", iban_group(iban_make("IT", it_bban(r.choice(["03069", "02008", "05034", "03111"]), rd(5), "0000" + rd(8))))))
    for _ in range(6):
        out.append(("FI-IBAN", iban_group(iban_make("FI", fi_bban(r.choice(["1", "5", "8", "4", "3"]) + rd(12))))))
    for _ in range(5):
        out.append(("GB-IBAN", iban_group(iban_make("GB", r.choice(["NWBK", "BARC", "LOYD", "MIDL", "HLFX"]) + rd(14)))))
    for _ in range(6):
        out.append(("TESSERA", tessera_make(rd(14))))
    for _ in range(8):
        out.append(("YTUNNUS", ytunnus_make(rd(7)) or ""))
    return out


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "pool":
        for k, v in pool(int(sys.argv[2]) if len(sys.argv) > 2 else 5):
            if v:
                print(k, v)
    elif len(sys.argv) > 1:
        # python3 num.py expr "cf_make('Rossi','Mario',1985,12,10,'M','H501')"
        print(eval(sys.argv[1]))


def ee_isikukood_ok(s):
    if not (len(s) == 11 and s.isdigit()):
        return False
    return ee_isikukood_make(s[:10]) == s


def ee_isikukood_make(ten):
    w1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1]
    w2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3]
    r = sum(int(a) * b for a, b in zip(ten, w1)) % 11
    if r == 10:
        r = sum(int(a) * b for a, b in zip(ten, w2)) % 11
        if r == 10:
            r = 0
    return ten + str(r)
