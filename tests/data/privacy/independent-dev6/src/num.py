"""Check-digit helpers for the hand-written evaluation set (standard library only).

Run `python3 src/num.py` to print every planted identifier/account number,
computed from hand-chosen base digits, so the values in the source files can be
re-derived.
"""
import re

# ---------------------------------------------------------------- IBAN (ISO 13616)

def _iban_int(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(iban):
    s = re.sub(r"\s", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    lengths = {"GB": 22, "ES": 24, "IT": 27, "FI": 18}
    if s[:2] in lengths and len(s) != lengths[s[:2]]:
        return False
    return _iban_int(s[4:] + s[:4]) % 97 == 1


def iban_make(country, bban):
    cc = 98 - _iban_int(bban + country + "00") % 97
    return "%s%02d%s" % (country, cc, bban)


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))

# ---------------------------------------------------------------- Spain

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_letter(num8):
    return DNI_LETTERS[int(num8) % 23]


def dni_ok(s):
    s = re.sub(r"[\s.\-]", "", s).upper()
    m = re.fullmatch(r"(\d{8})([A-Z])", s)
    return bool(m) and dni_letter(m.group(1)) == m.group(2)


def nie_ok(s):
    s = re.sub(r"[\s.\-]", "", s).upper()
    m = re.fullmatch(r"([XYZ])(\d{7})([A-Z])", s)
    if not m:
        return False
    n = "XYZ".index(m.group(1))
    return dni_letter(str(n) + m.group(2)) == m.group(3)


def nie_make(prefix, num7):
    return prefix + num7 + dni_letter(str("XYZ".index(prefix)) + num7)


def ccc_dc(ten):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(c) * x for c, x in zip(ten, w)) % 11
    return {11: 0, 10: 1}.get(d, d)


def es_bban(bank, branch, account):
    return bank + branch + "%d%d" % (ccc_dc("00" + bank + branch), ccc_dc(account)) + account


def es_bban_ok(bban):
    return bban[8:10] == "%d%d" % (ccc_dc("00" + bban[:8]), ccc_dc(bban[10:]))


def nuss_make(prov2, num8):
    return prov2 + num8 + "%02d" % nuss_cd(prov2, num8)


def nuss_cd(prov2, num8):
    n = int(num8)
    if n < 10000000:
        d = n + int(prov2) * 10000000
    else:
        d = int(prov2 + num8.lstrip("0"))
    return d % 97


def nuss_ok(s):
    s = re.sub(r"[\s/.\-]", "", s)
    if not re.fullmatch(r"\d{12}", s):
        return False
    return nuss_cd(s[:2], s[2:10]) == int(s[10:])

# ---------------------------------------------------------------- Italy

_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def _even(c):
    return int(c) if c.isdigit() else ord(c) - 65


def cf_check(first15):
    tot = 0
    for i, c in enumerate(first15):
        tot += _ODD[c] if i % 2 == 0 else _even(c)
    return chr(65 + tot % 26)


def cf_ok(s):
    s = re.sub(r"\s", "", s).upper()
    return bool(re.fullmatch(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", s)) and cf_check(s[:15]) == s[15]


def _cons(s):
    return [c for c in s if c.isalpha() and c not in "AEIOU"]


def _vow(s):
    return [c for c in s if c in "AEIOU"]


def cf_make(surname, name, yy, month, day, female, comune):
    sur = re.sub(r"[^A-Z]", "", surname.upper())
    nm = re.sub(r"[^A-Z]", "", name.upper())
    s = "".join((_cons(sur) + _vow(sur) + ["X"] * 3)[:3])
    c = _cons(nm)
    if len(c) >= 4:
        n = c[0] + c[2] + c[3]
    else:
        n = "".join((c + _vow(nm) + ["X"] * 3)[:3])
    body = "%s%s%02d%s%02d%s" % (s, n, yy, "ABCDEHLMPRST"[month - 1], day + (40 if female else 0), comune)
    return body + cf_check(body)


def it_cin(abi, cab, conto):
    return cf_check(abi + cab + conto)  # same odd/even tables as the codice fiscale


def it_bban(abi, cab, conto):
    return it_cin(abi, cab, conto) + abi + cab + conto


def it_bban_ok(bban):
    return it_cin(bban[1:6], bban[6:11], bban[11:]) == bban[0]

# ---------------------------------------------------------------- Luhn (tessera sanitaria card no., FI account)


def luhn_digit(payload):
    tot = 0
    for i, c in enumerate(reversed(payload)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return str((10 - tot % 10) % 10)


def luhn_ok(s):
    s = re.sub(r"\D", "", s)
    return len(s) > 1 and luhn_digit(s[:-1]) == s[-1]


def fi_bban(first13):
    return first13 + luhn_digit(first13)

# ---------------------------------------------------------------- Finland

HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_make(ddmmyy, sep, nnn):
    return ddmmyy + sep + nnn + HETU_CHARS[int(ddmmyy + nnn) % 31]


def hetu_ok(s):
    s = s.strip().upper()
    m = re.fullmatch(r"(\d{6})([-+ABCDEFYXWVU])(\d{3})([0-9A-Y])", s)
    return bool(m) and HETU_CHARS[int(m.group(1) + m.group(3)) % 31] == m.group(4)

# ---------------------------------------------------------------- Romania (CNP)


def cnp_check(twelve):
    r = sum(int(c) * w for c, w in zip(twelve, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9])) % 11
    return "1" if r == 10 else str(r)


def cnp_ok(s):
    s = re.sub(r"\D", "", s)
    return len(s) == 13 and cnp_check(s[:12]) == s[12]

# ---------------------------------------------------------------- UK


def nhs_check(nine):
    d = 11 - sum(int(c) * w for c, w in zip(nine, range(10, 1, -1))) % 11
    return {11: 0}.get(d, d)  # 10 means "invalid, choose other digits"


def nhs_ok(s):
    s = re.sub(r"[\s\-]", "", s)
    if not re.fullmatch(r"\d{10}", s):
        return False
    c = nhs_check(s[:9])
    return c != 10 and c == int(s[9])


def nino_ok(s):
    """No check digit; only the published prefix/suffix rules."""
    s = re.sub(r"\s", "", s).upper()
    m = re.fullmatch(r"([A-Z])([A-Z])\d{6}([A-D])", s)
    if not m:
        return False
    a, b = m.group(1), m.group(2)
    if a in "DFIQUV" or b in "DFIQUVO":
        return False
    return a + b not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")


# ---------------------------------------------------------------- the planted values

def planted():
    out = []
    # UK
    for nine in ["943476591", "948128340", "401023456", "455762318", "602441738", "718305226", "485260917"]:
        c = nhs_check(nine)
        out.append(("NHS", nine + (str(c) if c != 10 else "?")))
    for b in [("BARC", "209461", "73104482"), ("NWBK", "601613", "31926819"), ("LOYD", "309634", "01887264"),
              ("MIDL", "402715", "64418390"), ("HBUK", "401276", "12938475"), ("NWBK", "560029", "28107733")]:
        out.append(("IBAN-GB", group4(iban_make("GB", "".join(b)))))
    out.append(("CNP", "286031222415" + cnp_check("286031222415")))
    out.append(("CNP", "179111540327" + cnp_check("179111540327")))
    # Spain
    for n in ["48291736", "53017284", "07914452", "71249385", "29640018", "45558120", "16372904", "30591847", "72048361", "50337912"]:
        out.append(("DNI", n + dni_letter(n)))
    for p, n in [("X", "4827163"), ("Y", "2710458"), ("Z", "0938471"), ("Y", "6183920"), ("X", "9104726"),
                 ("Y", "3058216"), ("X", "6620381"), ("Z", "1447295")]:
        out.append(("NIE", nie_make(p, n)))
    for p, n in [("28", "10472953"), ("08", "33517824"), ("41", "20198376"), ("46", "05531248")]:
        out.append(("NUSS", nuss_make(p, n)))
    for b in [("2100", "0418", "0200051332"), ("0049", "1500", "0512345678"), ("0182", "2370", "0201529846"),
              ("2085", "9252", "0330474212"), ("0081", "0216", "0001882734"), ("3058", "0990", "2718823411"),
              ("2038", "5768", "6000129745")]:
        out.append(("IBAN-ES", group4(iban_make("ES", es_bban(*b)))))
    # Italy
    for args in [("Esposito", "Gennaro", 58, 3, 14, False, "F839"), ("Ferri", "Giulia", 91, 11, 2, True, "H501"),
                 ("De Luca", "Annamaria", 47, 6, 21, True, "A944"), ("Rossi", "Marco", 83, 1, 9, False, "F205"),
                 ("Popescu", "Ioana", 88, 7, 30, True, "Z129"), ("Colombo", "Sole", 2, 4, 5, True, "L219"),
                 ("Diallo", "Mamadou", 95, 9, 17, False, "Z343"), ("Greco", "Salvatore", 52, 12, 1, False, "G273"),
                 ("Bianchi", "Luna", 10, 2, 26, True, "D612"),
                 ("Hu", "Xiaoling", 93, 5, 18, True, "Z210"), ("Fabbri", "Leonardo", 71, 10, 8, False, "A271")]:
        out.append(("CF " + args[0], cf_make(*args)))
    for body in ["8038000010021457893", "8038000160003218476"]:
        out.append(("TESSERA", body + luhn_digit(body)))
    for abi, cab, conto in [("03069", "11702", "100000004672"), ("02008", "05033", "000104835122"),
                            ("05034", "01633", "000000027891"), ("01030", "03200", "000003915786"),
                            ("03268", "22300", "052879663440"), ("36081", "05138", "213546780912"),
                            ("07601", "04800", "001029384756"), ("03111", "11600", "000000061427"), ("05387", "24200", "000042198830")]:
        out.append(("IBAN-IT", group4(iban_make("IT", it_bban(abi, cab, conto)))))
    # Finland
    for dd, sep, nnn in [("140378", "-", "452"), ("020891", "-", "246"), ("170552", "-", "172"),
                         ("290704", "A", "377"), ("111265", "-", "058"), ("060199", "Y", "412"),
                         ("230886", "-", "665"), ("310147", "-", "103"), ("120481", "-", "337"),
                         ("220431", "-", "284"), ("090779", "-", "528"), ("080351", "-", "297")]:
        out.append(("HETU", hetu_make(dd, sep, nnn)))
    for first13 in ["1234563000291", "5780021004417", "8000161223509", "4055220017832", "1572300025664",
                    "5091034001285", "2207400039117",
                    "1014300052397", "3131300048217"]:
        out.append(("IBAN-FI", group4(iban_make("FI", fi_bban(first13)))))
    return out


if __name__ == "__main__":
    for k, v in planted():
        print("%-12s %s" % (k, v))
