"""Prints a pool of invented but check-digit-valid numbers (fixed seed).
The stories were then written by hand, copying values from this pool and
formatting them in different ways. Codice fiscale values were built from
each invented person's name with cf_build() (see cf_list at the bottom)."""
import random
from checkdigits import *

r = random.Random(20241207)
def digits(n): return "".join(r.choice("0123456789") for _ in range(n))

print("NHS:")
out = []
while len(out) < 14:
    n = str(r.randint(4, 9)) + digits(8)
    c = nhs_check(n)
    if c: out.append(n + c)
print(" ", out)
print("DNI:", [f"{n:08d}{dni_letter(n)}" for n in (r.randint(10**6, 79999999) for _ in range(14))])
nie = []
for _ in range(6):
    p = r.choice("XYZ"); n = digits(7)
    nie.append(p + n + dni_letter(int(str("XYZ".index(p)) + n)))
print("NIE:", nie)
nss = []
for _ in range(8):
    p = r.choice(["08", "28", "41", "29", "35", "38", "20", "48", "46", "17"]); n = str(r.randint(10**7, 99999999))
    nss.append(p + n + nss_control(p, n))
print("NSS:", nss)
het = []
for i in range(18):
    y = r.randint(1938, 2009); m = r.randint(1, 12); d = r.randint(1, 28)
    sign = "A" if y >= 2000 else "-"
    ddmmyy = f"{d:02d}{m:02d}{y%100:02d}"; nnn = f"{r.randint(2, 899):03d}"
    het.append(ddmmyy + sign + nnn + hetu_check(ddmmyy, nnn))
print("HETU:", het)
ts = []
for _ in range(6):
    p = "80380" + "00" + digits(12)
    ts.append(p + luhn_digit(p))
print("TS:", ts)
print("GB IBAN:", [iban_make("GB", r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "BOFS", "ULSB", "NAIA"]) + digits(6) + digits(8)) for _ in range(13)])
print("ES IBAN:", [iban_make("ES", es_bban(r.choice(["2100", "0049", "0182", "2038", "0081", "2095", "3058", "0128"]), digits(4), digits(10))) for _ in range(13)])
print("IT IBAN:", [iban_make("IT", it_bban(r.choice(["03069", "02008", "05034", "01030", "05387", "03111", "07601"]), digits(5), digits(12))) for _ in range(13)])
print("FI IBAN:", [iban_make("FI", fi_bban(r.choice(["1", "5", "8", "4", "6", "3"]) + digits(12))) for _ in range(13)])

print("CF:")
cf_list = [
    ("Scimeca", "Rosalia", 68, 3, 14, True, "G273"),
    ("Melis", "Efisio", 55, 7, 2, False, "B354"),
    ("Zennaro", "Giorgio", 61, 10, 5, False, "L736"),
    ("Pichler", "Franz", 49, 11, 23, False, "A952"),
    ("Ndiaye", "Mamadou", 84, 1, 9, False, "Z343"),
    ("Esposito", "Carmela", 47, 5, 30, True, "F839"),
    ("Popa", "Mihaela", 79, 8, 17, True, "Z129"),
    ("De Santis", "Michele", 72, 4, 4, False, "A662"),
    ("Gori", "Lorenza", 51, 12, 1, True, "D612"),
    ("Bruzzone", "Marco", 80, 2, 28, False, "D969"),
    ("Chen", "Hao", 14, 6, 12, False, "Z210"),
    ("Hoxha", "Kledi", 90, 9, 21, False, "Z100"),
    ("Benali", "Fatima Zahra", 93, 3, 8, True, "Z330"),
    ("Barbieri", "Luca", 77, 11, 3, False, "G224"),
    ("Dessì", "Giovanna", 45, 6, 19, True, "I452"),
    ("Pellegrino", "Chiara", 99, 1, 25, True, "E506"),
    ("Kralj", "Tomaž", 66, 4, 11, False, "L424"),
    ("Mancuso", "Antonino", 58, 9, 2, False, "H224"),
    ("Bellucci", "Franca", 39, 2, 17, True, "G478"),
    ("Rota", "Pierangelo", 53, 8, 30, False, "A794"),
    ("Sanna", "Salvatore", 63, 5, 6, False, "F979"),
    ("Tkachenko", "Olena", 86, 7, 14, True, "Z138"),
]
for p in cf_list:
    print("  ", p[1], p[0], cf_build(*p))

print("HETU 2000s / new separators:")
for ddmmyy, sign, nnn in [("030605", "A", "448"), ("171108", "A", "213"), ("250902", "A", "786"),
                          ("090712", "B", "331"), ("111184", "Y", "567"), ("280316", "A", "092"),
                          ("020401", "A", "615"), ("140291", "-", "231"), ("071263", "-", "842"),
                          ("300679", "-", "118"), ("190957", "-", "402"), ("041288", "-", "676")]:
    print("  ", ddmmyy + sign + nnn + hetu_check(ddmmyy, nnn))

print("CHI (Scotland, mod 11 like NHS):")
for stem in ["140353217", "020847115", "261204386"]:
    c = nhs_check(stem)
    print("  ", stem + c if c else "invalid " + stem)
