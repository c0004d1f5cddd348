"""Tiny helper used while writing the set: prints valid check digits."""
import sys
sys.path.insert(0, '/work/pii_fourth')
from check import *

def nhs(nine):
    c = mod11_nhs(nine); return None if c == 10 else nine + str(c)
def dni(n8): return n8 + dni_letter(n8)
def nie(s8): return s8 + nie_letter(s8)
def nuss(p, b): return p + b + nuss_check(p, b)
def hetu(d, sep, z): return d + sep + z + hetu_check(d, z)
def cf(first15): return first15 + cf_check(first15)
def cnp(t12): return t12 + cnp_check(t12)
def pps(s7, second=''): return s7 + pps_check(s7, second) + second
def ts(body19): return body19 + luhn_digit(body19)
def gb(bank, sort, acc): return iban_make('GB', bank + sort + acc)
def ie(bank, sort, acc): return iban_make('IE', bank + sort + acc)
def es(ent, off, acc): return iban_make('ES', ent + off + es_dc(ent, off, acc) + acc)
def it(abi, cab, conto): return iban_make('IT', it_cin(abi, cab, conto) + abi + cab + conto)
def fi(body13): return iban_make('FI', body13 + luhn_digit(body13))
def ro(bank, acc16): return iban_make('RO', bank + acc16)
def ec(nine):
    for d in '0123456789':
        if ec_cedula_ok(nine + d): return nine + d

VOW = "AEIOU"
def _letters(s):
    import unicodedata
    s = unicodedata.normalize('NFD', s.upper())
    return ''.join(c for c in s if 'A' <= c <= 'Z')
def cf_surname(s):
    s = _letters(s); c = [x for x in s if x not in VOW]; v = [x for x in s if x in VOW]
    return ''.join((c + v + ['X'] * 3)[:3])
def cf_name(s):
    s = _letters(s); c = [x for x in s if x not in VOW]; v = [x for x in s if x in VOW]
    if len(c) >= 4: c = [c[0], c[2], c[3]]
    return ''.join((c + v + ['X'] * 3)[:3])
def cf_full(surname, name, yyyy, month, day, female, place):
    m = "ABCDEHLMPRST"[month - 1]
    d = day + 40 if female else day
    return cf(cf_surname(surname) + cf_name(name) + "%02d" % (yyyy % 100) + m + "%02d" % d + place)
def ee(ten): return ten + ee_isikukood_check(ten)
def ytunnus(seven):
    r = sum(int(d)*w for d, w in zip(seven, [7,9,10,5,8,4,2])) % 11
    return None if r == 1 else seven + '-' + str(0 if r == 0 else 11 - r)
