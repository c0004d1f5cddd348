"""Compute valid check digits for the invented identifiers used in stories.

Standard library only. Inputs (names, dates, account numbers) are invented by
hand; this script only derives the check characters so the values are valid.
Run: python3 make_values.py
"""
import datetime

# ---------------------------------------------------------------- IBAN

def iban(country, bban):
    bban = bban.replace(" ", "").upper()
    s = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    return f"{country}{98 - n % 97:02d}{bban}"


def spaced(s, k=4):
    return " ".join(s[i:i + k] for i in range(0, len(s), k))


def es_dc(bank, branch, account):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def d(x):
        r = 11 - sum(int(a) * b for a, b in zip(x, w)) % 11
        return {11: 0, 10: 1}.get(r, r)
    return f"{d('00' + bank + branch)}{d(account)}"


def es_iban(bank, branch, account):
    return iban("ES", bank + branch + es_dc(bank, branch, account) + account)


ODD = {**dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21])),
       **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                   12, 14, 16, 10, 22, 25, 24, 23]))}


def even_val(c):
    return int(c) if c.isdigit() else ord(c) - 65


def it_check(s):
    tot = sum(ODD[c] if i % 2 == 0 else even_val(c) for i, c in enumerate(s))
    return chr(65 + tot % 26)


def it_iban(abi, cab, conto):
    conto = conto.zfill(12)
    return iban("IT", it_check(abi + cab + conto) + abi + cab + conto)


def luhn_digit(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return str((10 - tot % 10) % 10)


def fi_iban(first13):
    return iban("FI", first13 + luhn_digit(first13))


def gb_iban(bank, sort, acct):
    return iban("GB", bank + sort + acct)

# ---------------------------------------------------------------- IDs

DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(num):
    return f"{num:08d}{DNI_L[num % 23]}"


def nie(prefix, num):
    return f"{prefix}{num:07d}{DNI_L[int(str('XYZ'.index(prefix)) + f'{num:07d}') % 23]}"


def nss(prov, num):
    base = int(f"{prov:02d}{num:08d}")
    return f"{prov:02d}{num:08d}{base % 97:02d}"


def nhs(first9):
    s = sum(int(c) * w for c, w in zip(first9, range(10, 1, -1)))
    r = 11 - s % 11
    if r == 11:
        r = 0
    if r == 10:
        return None
    return first9 + str(r)


HETU_C = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(d, m, y, sign, ind):
    return f"{d:02d}{m:02d}{y % 100:02d}{sign}{ind:03d}" + HETU_C[int(f"{d:02d}{m:02d}{y % 100:02d}{ind:03d}") % 31]


VOW = "AEIOU"


def _cons(s):
    return [c for c in s if c.isalpha() and c not in VOW]


def _vows(s):
    return [c for c in s if c in VOW]


def _norm(s):
    tr = str.maketrans("ÀÁÈÉÌÍÒÓÙÚ'", "AAEEIIOOUU ")
    return s.upper().translate(tr).replace(" ", "")


def cf(surname, name, y, m, d, sex, comune):
    s, n = _norm(surname), _norm(name)
    sc = (_cons(s) + _vows(s) + ["X"] * 3)[:3]
    nc = _cons(n)
    if len(nc) >= 4:
        nc = [nc[0], nc[2], nc[3]]
    else:
        nc = (nc + _vows(n) + ["X"] * 3)[:3]
    mon = "ABCDEHLMPRST"[m - 1]
    day = d + (40 if sex == "F" else 0)
    body = "".join(sc) + "".join(nc) + f"{y % 100:02d}" + mon + f"{day:02d}" + comune
    return body + it_check(body)


if __name__ == "__main__":
    print("== GB IBAN")
    for b, s, a in [("NWBK", "601613", "31926819"), ("BARC", "200415", "73019552"),
                    ("LOYD", "309634", "01287746"), ("MIDL", "400515", "61840273"),
                    ("HBUK", "401276", "55102938"), ("NWBK", "560029", "14402875"),
                    ("BUKB", "202678", "83361190"), ("LOYD", "771914", "26650031"),
                    ("SRLG", "609242", "17208859"), ("BARC", "206951", "40092713"),
                    ("NAIA", "070116", "00345112"), ("MIDL", "402716", "92837465")]:
        v = gb_iban(b, s, a)
        print(v, "|", spaced(v))
    print("== ES IBAN")
    for b, br, a in [("2100", "0813", "6101234567"), ("0049", "1500", "0512345678"),
                     ("0182", "2370", "0201579284"), ("0081", "0216", "7300018394"),
                     ("2085", "0103", "9203312284"), ("0128", "0043", "5100074418"),
                     ("2100", "2341", "0200198771"), ("0049", "6612", "2710442917"),
                     ("3058", "0990", "2810032216"), ("0182", "5926", "0011850347"),
                     ("2038", "1004", "4306004881"), ("0075", "0311", "0606672190")]:
        v = es_iban(b, br, a)
        print(v, "|", spaced(v))
    print("== IT IBAN")
    for abi, cab, c in [("03069", "09606", "100000012345"), ("02008", "05364", "000104567823"),
                        ("05034", "11701", "000000003621"), ("01030", "02800", "000061234917"),
                        ("03069", "03200", "100000118830"), ("02008", "01600", "000400918273"),
                        ("05387", "12900", "000002471835"), ("03069", "11884", "100000064402"),
                        ("01005", "03382", "000000011927"), ("02008", "11511", "000103728465"),
                        ("03111", "01660", "000000054310"), ("36000", "03200", "0CC0019204337")[:2] + ("000019204337",)]:
        v = it_iban(abi, cab, c)
        print(v, "|", spaced(v))
    print("== FI IBAN")
    for f in ["1234560000123", "5701230041772", "8000140012873", "1590300051034",
              "2221180007615", "5480050022591", "3131300004442", "4055102010897",
              "1011300029358", "5206440031229", "8146100006230", "6601001012684"]:
        v = fi_iban(f)
        print(v, "|", spaced(v))
    print("== DNI")
    for n in [48219307, 53762114, 71930482, 20918553, 9283716, 33401985, 76124409,
              45017362, 2581944, 50338172, 12904467, 79350128]:
        print(dni(n))
    print("== NIE")
    for p, n in [("X", 4812937), ("Y", 2309184), ("Z", 1047725), ("Y", 7650321), ("X", 9021436)]:
        print(nie(p, n))
    print("== NSS")
    for p, n in [(28, 41029376), (8, 19348207), (41, 10562938)]:
        print(nss(p, n))
    print("== NHS")
    for f in ["485777345", "943476591", "401023218", "650221937", "736194462", "582019374"]:
        print(f, nhs(f))
    print("== HETU")
    for args in [(14, 3, 1987, "-", 231), (2, 11, 1974, "-", 518), (23, 6, 2001, "A", 402),
                 (30, 9, 1958, "-", 37), (7, 1, 1992, "-", 884), (19, 12, 1966, "-", 145),
                 (11, 5, 2003, "A", 26), (28, 2, 1983, "Y", 712), (5, 8, 1949, "-", 361),
                 (16, 10, 1995, "-", 270), (1, 4, 1979, "-", 653), (25, 7, 2006, "B", 118),
                 (9, 9, 1961, "-", 409), (13, 2, 1990, "X", 587)]:
        print(hetu(*args))
    print("== CF")
    for args in [("Esposito", "Giulia", 1986, 4, 12, "F", "F839"),
                 ("Russo", "Marco", 1979, 11, 3, "M", "H501"),
                 ("De Luca", "Anna Maria", 1958, 7, 21, "F", "A662"),
                 ("Ferraro", "Salvatore", 1964, 2, 9, "M", "G273"),
                 ("Colombo", "Chiara", 1993, 9, 30, "F", "F205"),
                 ("Di Stefano", "Luca", 1988, 1, 17, "M", "C351"),
                 ("Bianchi", "Federica", 1975, 5, 5, "F", "L219"),
                 ("Mancini", "Giorgio", 1951, 12, 28, "M", "A944"),
                 ("Lo Bianco", "Rosaria", 1969, 3, 14, "F", "G273"),
                 ("Marchetti", "Davide", 2001, 6, 8, "M", "D612"),
                 ("Greco", "Nicolò", 1982, 10, 2, "M", "L736"),
                 ("D'Angelo", "Teresa", 1947, 8, 19, "F", "D969"),
                 ("Fontana", "Elisa", 1990, 12, 1, "F", "B157"),
                 ("Santoro", "Pasquale", 1972, 4, 26, "M", "A509")]:
        print(args[0], args[1], cf(*args))
