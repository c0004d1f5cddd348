#!/usr/bin/env python3
"""Check-digit helpers for the pii_eighth evaluation set (standard library only).

Generators and validators for:
  IBAN (ISO 13616 mod 97) + national checks: ES (two 'D.C.' digits, mod 11),
  IT (CIN letter, odd/even tables), FI (Luhn on the 14-digit BBAN);
  GB has no public national check here (sort-code modulus tables are not used).
  DNI / NIE (mod 23), NUSS (Spanish social-security number, mod 97),
  codice fiscale (odd/even tables, mod 26), tessera sanitaria card number (Luhn),
  henkilotunnus (mod 31), NHS number (mod 11), Luhn.
Also `spoken_to_compact`, which turns a spoken run such as
"seiscientos cincuenta y cinco, veintiuno" or "nolla viis nolla" into characters.

CLI:
  python3 src/num.py pool [seed]       print a pool of valid numbers
  python3 src/num.py dni 12345678      complete a DNI
  python3 src/num.py cf SURNAME NAME YYYY M D F|M BELFIORE
  python3 src/num.py hetu DD MM YYYY IND
  python3 src/num.py nhs 123456789
  python3 src/num.py iban CC BBAN-without-national-checks ...
  python3 src/num.py check "<string>" [lang]   classify and validate an id/iban
"""
import random
import re
import sys
import unicodedata

# ------------------------------------------------------------------ generic
def luhn_digit(payload):
    """Check digit to append to a digit string (standard Luhn)."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(digits):
    return digits.isdigit() and len(digits) > 1 and luhn_digit(digits[:-1]) == digits[-1]


def _iban_num(s):
    return int(''.join(str(int(c, 36)) for c in s))


IBAN_LEN = {'GB': 22, 'ES': 24, 'IT': 27, 'FI': 18, 'RO': 24, 'PL': 28, 'DE': 22,
            'FR': 27, 'PT': 25, 'IE': 22}


def iban_make(cc, bban):
    return f"{cc}{98 - _iban_num(bban + cc + '00') % 97:02d}{bban}"


def iban_mod97_ok(iban):
    return _iban_num(iban[4:] + iban[:4]) % 97 == 1


# ES bank account control digits
_ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def _es_dc(ten):
    s = sum(int(d) * w for d, w in zip(ten, _ES_W))
    d = 11 - s % 11
    return {11: 0, 10: 1}.get(d, d)


def es_bban(bank, branch, account):
    return f"{bank}{branch}{_es_dc('00' + bank + branch)}{_es_dc(account)}{account}"


def es_bban_ok(b):
    return len(b) == 20 and b.isdigit() and es_bban(b[:4], b[4:8], b[10:]) == b


# odd/even tables shared by codice fiscale and the Italian CIN
_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _oddval(c):
    return _ODD[int(c)] if c.isdigit() else _ODD[ord(c) - 65]


def _evenval(c):
    return int(c) if c.isdigit() else ord(c) - 65


def _oddeven_letter(s):
    tot = sum(_oddval(c) if i % 2 == 0 else _evenval(c) for i, c in enumerate(s))
    return chr(65 + tot % 26)


def it_bban(abi, cab, conto):
    conto = conto.rjust(12, '0')
    return _oddeven_letter(abi + cab + conto) + abi + cab + conto


def it_bban_ok(b):
    return len(b) == 23 and _oddeven_letter(b[1:]) == b[0]


def fi_bban(thirteen):
    return thirteen + luhn_digit(thirteen)


def fi_bban_ok(b):
    return len(b) == 14 and luhn_ok(b)


def iban_check(iban):
    """Return (ok, note)."""
    s = re.sub(r'[\s\-.]', '', iban).upper()
    cc = s[:2]
    if not re.fullmatch(r'[A-Z]{2}\d{2}[A-Z0-9]+', s):
        return False, 'iban shape'
    if cc in IBAN_LEN and len(s) != IBAN_LEN[cc]:
        return False, f'iban length {len(s)} for {cc}'
    if not iban_mod97_ok(s):
        return False, 'iban mod97'
    b = s[4:]
    if cc == 'ES' and not es_bban_ok(b):
        return False, 'ES D.C.'
    if cc == 'IT' and not it_bban_ok(b):
        return False, 'IT CIN'
    if cc == 'FI' and not fi_bban_ok(b):
        return False, 'FI Luhn'
    if cc == 'GB' and not re.fullmatch(r'[A-Z]{4}\d{14}', b):
        return False, 'GB shape'
    return True, f'IBAN-{cc}'


# ------------------------------------------------------------------ ids
DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'


def dni(n):
    return f"{n:08d}{DNI_LETTERS[n % 23]}"


def nie(prefix, n):
    v = int('XYZ'.index(prefix) + 0) * 10 ** 7 + n
    return f"{prefix}{n:07d}{DNI_LETTERS[v % 23]}"


def nuss(prov, n):
    assert n >= 10 ** 7
    return f"{prov:02d}{n:08d}{int(f'{prov:02d}{n:08d}') % 97:02d}"


def nuss_ok(s):
    if not re.fullmatch(r'\d{12}', s):
        return False
    prov, num, dc = s[:2], int(s[2:10]), int(s[10:])
    base = int(prov + s[2:10]) if num >= 10 ** 7 else int(prov) * 10 ** 7 + num
    return base % 97 == dc


MONTHS_CF = 'ABCDEHLMPRST'


def _cons(s):
    return [c for c in s if c.isalpha() and c not in 'AEIOU']


def _vow(s):
    return [c for c in s if c in 'AEIOU']


def _plain(s):
    s = unicodedata.normalize('NFKD', s.upper())
    return ''.join(c for c in s if 'A' <= c <= 'Z')


def cf(surname, name, year, month, day, sex, belfiore):
    sn, nm = _plain(surname), _plain(name)
    p1 = (_cons(sn) + _vow(sn) + ['X'] * 3)[:3]
    c = _cons(nm)
    p2 = [c[0], c[2], c[3]] if len(c) >= 4 else (c + _vow(nm) + ['X'] * 3)[:3]
    d = day + (40 if sex.upper() == 'F' else 0)
    body = ''.join(p1 + p2) + f"{year % 100:02d}{MONTHS_CF[month - 1]}{d:02d}{belfiore.upper()}"
    return body + _oddeven_letter(body)


def cf_ok(s):
    return (re.fullmatch(r'[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]', s) is not None
            and _oddeven_letter(s[:15]) == s[15])


HETU_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY'


def hetu(dd, mm, yyyy, ind):
    sign = {18: '+', 19: '-', 20: 'A'}[yyyy // 100]
    yy = yyyy % 100
    n = int(f"{dd:02d}{mm:02d}{yy:02d}{ind:03d}")
    return f"{dd:02d}{mm:02d}{yy:02d}{sign}{ind:03d}{HETU_CHARS[n % 31]}"


HETU_RE = re.compile(r'(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])')


def hetu_ok(s):
    m = HETU_RE.fullmatch(s)
    return bool(m) and HETU_CHARS[int(m.group(1) + m.group(3)) % 31] == m.group(4)


def nhs_digit(d9):
    s = sum(int(d) * (10 - i) for i, d in enumerate(d9))
    c = 11 - s % 11
    return None if c == 10 else (0 if c == 11 else c)


def nhs_ok(s):
    return re.fullmatch(r'\d{10}', s) is not None and nhs_digit(s[:9]) == int(s[9])


NI_RE = re.compile(r'(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]')


def id_check(raw):
    """Classify a compact id string. Return (ok, scheme, checked:bool)."""
    s = re.sub(r'[\s.]', '', raw).upper()
    if HETU_RE.fullmatch(s):
        return hetu_ok(s), 'henkilötunnus', True
    s = re.sub(r'[-/]', '', s)
    if re.fullmatch(r'\d{8}[A-Z]', s):
        return DNI_LETTERS[int(s[:8]) % 23] == s[8], 'DNI', True
    if re.fullmatch(r'[XYZ]\d{7}[A-Z]', s):
        return DNI_LETTERS[int(str('XYZ'.index(s[0])) + s[1:8]) % 23] == s[8], 'NIE', True
    if re.fullmatch(r'[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]', s):
        return cf_ok(s), 'codice fiscale', True
    if re.fullmatch(r'\d{12}', s):
        return nuss_ok(s), 'NUSS', True
    if re.fullmatch(r'\d{10}', s):
        return nhs_ok(s), 'NHS', True
    if re.fullmatch(r'\d{20}', s):
        return luhn_ok(s) and s.startswith('80380'), 'tessera sanitaria', True
    if re.fullmatch(r'[A-Z]{2}\d{6}[A-D]', s):
        return NI_RE.fullmatch(s) is not None, 'UK NI number', False
    if re.fullmatch(r'\d{9}', s):
        return True, 'UK passport', False
    if re.fullmatch(r'CA\d{5}[A-Z]{2}', s):
        return True, 'carta d\'identità elettronica', False
    if re.fullmatch(r'[A-Z]{1,3}\d{6,8}', s):
        return True, 'passport/residence permit', False
    return False, 'unknown id shape', False


# ------------------------------------------------------------------ spoken numbers
_EN = {'zero': 0, 'oh': 0, 'nought': 0, 'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5,
       'six': 6, 'seven': 7, 'eight': 8, 'nine': 9, 'ten': 10, 'eleven': 11, 'twelve': 12,
       'thirteen': 13, 'fourteen': 14, 'fifteen': 15, 'sixteen': 16, 'seventeen': 17,
       'eighteen': 18, 'nineteen': 19, 'twenty': 20, 'thirty': 30, 'forty': 40, 'fifty': 50,
       'sixty': 60, 'seventy': 70, 'eighty': 80, 'ninety': 90}
_ES = {'cero': 0, 'uno': 1, 'una': 1, 'un': 1, 'dos': 2, 'tres': 3, 'cuatro': 4, 'cinco': 5,
       'seis': 6, 'siete': 7, 'ocho': 8, 'nueve': 9, 'diez': 10, 'once': 11, 'doce': 12,
       'trece': 13, 'catorce': 14, 'quince': 15, 'dieciséis': 16, 'dieciseis': 16,
       'diecisiete': 17, 'dieciocho': 18, 'diecinueve': 19, 'veinte': 20, 'veintiuno': 21,
       'veintiún': 21, 'veintidós': 22, 'veintidos': 22, 'veintitrés': 23, 'veintitres': 23,
       'veinticuatro': 24, 'veinticinco': 25, 'veintiséis': 26, 'veintiseis': 26,
       'veintisiete': 27, 'veintiocho': 28, 'veintinueve': 29, 'treinta': 30, 'cuarenta': 40,
       'cincuenta': 50, 'sesenta': 60, 'setenta': 70, 'ochenta': 80, 'noventa': 90,
       'cien': 100, 'ciento': 100, 'doscientos': 200, 'doscientas': 200, 'trescientos': 300,
       'trescientas': 300, 'cuatrocientos': 400, 'cuatrocientas': 400, 'quinientos': 500,
       'quinientas': 500, 'seiscientos': 600, 'seiscientas': 600, 'setecientos': 700,
       'setecientas': 700, 'ochocientos': 800, 'ochocientas': 800, 'novecientos': 900,
       'novecientas': 900}
_IT_U = {'uno': 1, 'un': 1, 'due': 2, 'tre': 3, 'tré': 3, 'quattro': 4, 'cinque': 5, 'sei': 6,
         'sette': 7, 'otto': 8, 'nove': 9}
_IT_T = {'dieci': 10, 'undici': 11, 'dodici': 12, 'tredici': 13, 'quattordici': 14,
         'quindici': 15, 'sedici': 16, 'diciassette': 17, 'diciotto': 18, 'diciannove': 19}
_IT_X = {'venti': 20, 'vent': 20, 'trenta': 30, 'trent': 30, 'quaranta': 40, 'quarant': 40,
         'cinquanta': 50, 'cinquant': 50, 'sessanta': 60, 'sessant': 60, 'settanta': 70,
         'settant': 70, 'ottanta': 80, 'ottant': 80, 'novanta': 90, 'novant': 90}
_FI_U = {'yksi': 1, 'yks': 1, 'ykkönen': 1, 'kaksi': 2, 'kaks': 2, 'kakkonen': 2, 'kolme': 3,
         'kolmonen': 3, 'neljä': 4, 'nelonen': 4, 'viisi': 5, 'viis': 5, 'vitonen': 5,
         'kuusi': 6, 'kuus': 6, 'kutonen': 6, 'seitsemän': 7, 'seittemän': 7, 'seiska': 7,
         'kahdeksan': 8, 'kaheksan': 8, 'kasi': 8, 'yhdeksän': 9, 'yheksän': 9, 'ysi': 9}
_FI_U_STEM = {'yksi': 1, 'kaksi': 2, 'kolme': 3, 'neljä': 4, 'viisi': 5, 'kuusi': 6,
              'seitsemän': 7, 'kahdeksan': 8, 'yhdeksän': 9,
              'kaks': 2, 'kol': 3, 'nel': 4, 'viis': 5, 'kuus': 6, 'seit': 7, 'kasi': 8, 'ysi': 9,
              'seittemän': 7, 'kaheksan': 8, 'yheksän': 9}

LETTERS = {
    'es': {'a': 'A', 'be': 'B', 'ce': 'C', 'de': 'D', 'e': 'E', 'efe': 'F', 'ge': 'G',
           'hache': 'H', 'i': 'I', 'jota': 'J', 'ka': 'K', 'ele': 'L', 'eme': 'M', 'ene': 'N',
           'eñe': 'Ñ', 'o': 'O', 'pe': 'P', 'cu': 'Q', 'erre': 'R', 'ese': 'S', 'te': 'T',
           'u': 'U', 'uve': 'V', 'equis': 'X', 'zeta': 'Z', 'zeda': 'Z'},
    'it': {'a': 'A', 'bi': 'B', 'ci': 'C', 'di': 'D', 'e': 'E', 'effe': 'F', 'gi': 'G',
           'acca': 'H', 'i': 'I', 'elle': 'L', 'emme': 'M', 'enne': 'N', 'o': 'O', 'pi': 'P',
           'cu': 'Q', 'erre': 'R', 'esse': 'S', 'ti': 'T', 'u': 'U', 'vu': 'V', 'vi': 'V',
           'ics': 'X', 'ipsilon': 'Y', 'zeta': 'Z', 'kappa': 'K'},
    'fi': {'aa': 'A', 'bee': 'B', 'see': 'C', 'dee': 'D', 'ee': 'E', 'äf': 'F', 'gee': 'G',
           'hoo': 'H', 'ii': 'I', 'jii': 'J', 'koo': 'K', 'äl': 'L', 'äm': 'M', 'än': 'N',
           'oo': 'O', 'pee': 'P', 'kuu': 'Q', 'är': 'R', 'äs': 'S', 'tee': 'T', 'uu': 'U',
           'vee': 'V', 'äks': 'X', 'yy': 'Y', 'tset': 'Z'},
    'en': {'double-u': 'W', 'zed': 'Z', 'zee': 'Z', 'ay': 'A', 'bee': 'B', 'cee': 'C',
           'dee': 'D', 'ee': 'E', 'ef': 'F', 'gee': 'G', 'aitch': 'H', 'jay': 'J', 'kay': 'K',
           'el': 'L', 'ell': 'L', 'em': 'M', 'en': 'N', 'pee': 'P', 'cue': 'Q', 'ar': 'R',
           'ess': 'S', 'tee': 'T', 'you': 'U', 'vee': 'V', 'ex': 'X', 'why': 'Y'},
}
PHRASES = {
    'es': [('doble uve', 'W'), ('uve doble', 'W'), ('i griega', 'Y'), ('más', '+')],
    'it': [('doppia vu', 'W'), ('doppio vu', 'W'), ('i lunga', 'J'), ('i greca', 'Y'), ('più', '+')],
    'fi': [('kaksois-vee', 'W'), ('plus', '+'), ('viiva', '-'), ('väliviiva', '-'), ('miinus', '-')],
    'en': [('plus', '+')],
}
IGNORE = {
    'en': {'um', 'uh', 'er', 'erm', 'and', 'the', 'letter', "that's", "it's", 'is', 'so', 'like', 'then', 'yeah'},
    'es': {'y', 'letra', 'la', 'el', 'eh', 'este', 'pues', 'mm', 'vale'},
    'it': {'ehm', 'cioè', 'poi', 'lettera', 'la', 'il', 'allora', 'eh', 'mm'},
    'fi': {'öö', 'niinku', 'ja', 'sitten', 'eli', 'siis', 'kirjain', 'tota', 'no', 'ää'},
}


def _it_word(w):
    """Parse one Italian number word ('trecentoventotto'); return (value, cls) or None."""
    if w == 'zero':
        return 0, 'zero'
    m = re.fullmatch(r'(?:(due|tre|quattro|cinque|sei|sette|otto|nove)?(cento))?'
                     r'(venti|vent|trenta|trent|quaranta|quarant|cinquanta|cinquant|sessanta|sessant|'
                     r'settanta|settant|ottanta|ottant|novanta|novant|'
                     r'dieci|undici|dodici|tredici|quattordici|quindici|sedici|diciassette|diciotto|diciannove)?'
                     r'(uno|un|due|tre|tré|quattro|cinque|sei|sette|otto|nove)?', w)
    if not m or not w:
        return None
    h, cento, x, u = m.groups()
    val, cls = 0, None
    if cento:
        val += 100 * (_IT_U[h] if h else 1)
        cls = 'hund'
    if x:
        if x in _IT_T:
            val += _IT_T[x]
            cls = 'unit'
        else:
            val += _IT_X[x]
            cls = 'tens'
    if u:
        val += _IT_U[u]
        cls = 'unit'
    return (val, cls) if cls else None


def _fi_word(w):
    if w == 'nolla':
        return 0, 'zero'
    if w in _FI_U:
        return _FI_U[w], 'unit'
    stems = '|'.join(sorted(_FI_U_STEM, key=len, reverse=True))
    units = '|'.join(sorted(set(_FI_U_STEM) | set(_FI_U), key=len, reverse=True))
    m = re.fullmatch(rf'(?:({stems})?(sata|sataa))?'
                     rf'(?:(kymmenen)|(?:({stems})(kymmentä|kyt|kytä))|(?:({stems})toista))?'
                     rf'({units})?', w)
    if not m or not w:
        return None
    h, sata, kymmenen, xs, xk, ts, u = m.groups()
    val, cls = 0, None
    if sata:
        val += 100 * (_FI_U_STEM[h] if h else 1)
        cls = 'hund'
    if kymmenen:
        val += 10
        cls = 'unit'
    if xk:
        val += 10 * _FI_U_STEM[xs]
        cls = 'tens'
    if ts:
        val += 10 + _FI_U_STEM[ts]
        cls = 'unit'
    if u:
        val += _FI_U_STEM.get(u) or _FI_U[u]
        cls = 'unit'
    return (val, cls) if cls else None


def _num_word(w, lang):
    if lang == 'en':
        if w in _EN:
            v = _EN[w]
            return v, ('zero' if v == 0 else 'unit' if v < 20 else 'tens')
        if w == 'hundred':
            return 100, 'mult'
        return None
    if lang == 'es':
        if w in _ES:
            v = _ES[w]
            if v == 0:
                return v, 'zero'
            if v < 100 and (v < 30 and v != 20):
                return v, 'unit'
            return v, ('tens' if v < 100 else 'hund')
        return None
    if lang == 'it':
        return _it_word(w)
    if lang == 'fi':
        return _fi_word(w)
    return None


def is_spoken(s, lang):
    toks = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", s.lower())
    for t in toks:
        if _num_word(t, lang) is not None and len(t) > 1:
            return True
        if t in LETTERS.get(lang, {}) and len(t) > 1:
            return True
    return False


def spoken_to_compact(s, lang):
    """Read a spoken run of digits/letters; return the compact string."""
    s = s.lower()
    for ph, rep in PHRASES.get(lang, []):
        s = re.sub(rf'(?<!\w){re.escape(ph)}(?!\w)', f' §{rep}§ ', s)
    if lang == 'en':
        s = re.sub(r'(?<=[a-z])-(?=[a-z])', ' ', s.replace('double-u', '§W§'))
    toks = re.findall(r"§.§|[^\W_]+(?:'[^\W\d_]+)?|[,;:.!?()]", s)
    out = []
    cur, cls = None, None
    repeat = 1
    skip_next = False

    def flush():
        nonlocal cur, cls
        if cur is not None:
            out.append(str(cur))
        cur, cls = None, None

    for t in toks:
        if t.startswith('§'):
            flush()
            out.append(t[1])
            continue
        if t in ',;:.!?()':
            flush()
            continue
        if t in IGNORE.get(lang, set()):
            continue
        if skip_next:                 # Italian 'A come Ancona': drop the example word
            skip_next = False
            continue
        if lang == 'it' and t == 'come':
            skip_next = True
            continue
        if lang == 'en' and t in ('double', 'triple'):
            flush()
            repeat = 2 if t == 'double' else 3
            continue
        nw = _num_word(t, lang)
        if nw is not None:
            v, c = nw
            if c == 'mult':          # English "hundred"
                cur = (cur or 1) * 100
                cls = 'hund'
                continue
            if repeat > 1:
                flush()
                out.append(str(v) * repeat)
                repeat = 1
                continue
            if cur is not None and ((cls == 'hund' and c in ('unit', 'tens') and v < 100) or
                                    (cls == 'tens' and c == 'unit' and v < 10)):
                cur += v
                cls = 'done' if c == 'unit' else c
                continue
            flush()
            cur, cls = v, c
            if c == 'zero':
                flush()
            continue
        flush()
        if t.isdigit():
            out.append(t)
        elif t in LETTERS.get(lang, {}):
            out.append(LETTERS[lang][t] * repeat)
            repeat = 1
        elif len(t) == 1 and t.isalpha():
            out.append(t.upper() * repeat)
            repeat = 1
        elif re.fullmatch(r'[a-z0-9]+', t):
            out.append(t.upper())
        else:
            out.append('?' + t + '?')
    flush()
    return ''.join(out).upper()


def compact(s, lang):
    """Compact form of a written or spoken id/iban/phone/postcode."""
    if is_spoken(s, lang):
        return spoken_to_compact(s, lang)
    return re.sub(r'[^0-9A-Za-z+\-]', '', s).upper()


# ------------------------------------------------------------------ pool
def pool(seed=8):
    r = random.Random(seed)
    print('# DNI');      print(' '.join(dni(r.randrange(10 ** 7, 8 * 10 ** 7)) for _ in range(14)))
    print('# NIE');      print(' '.join(nie(r.choice('XYZ'), r.randrange(10 ** 6, 10 ** 7)) for _ in range(10)))
    print('# NUSS');     print(' '.join(nuss(r.choice([8, 28, 41, 46, 29, 30, 3, 50, 48, 35]),
                                              r.randrange(10 ** 7, 10 ** 8)) for _ in range(8)))
    nh = []
    while len(nh) < 14:
        d9 = str(r.choice([4, 6])) + ''.join(str(r.randrange(10)) for _ in range(8))
        c = nhs_digit(d9)
        if c is not None:
            nh.append(d9 + str(c))
    print('# NHS');      print(' '.join(nh))
    print('# hetu')
    print(' '.join(hetu(r.randrange(1, 29), r.randrange(1, 13), r.randrange(1936, 2015),
                        r.randrange(2, 900)) for _ in range(18)))
    print('# TS');       print(' '.join((lambda p: p + luhn_digit(p))('80380' + ''.join(
        str(r.randrange(10)) for _ in range(14))) for _ in range(4)))
    print('# IBAN GB')
    for _ in range(8):
        bank = r.choice(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL', 'NAIA', 'CPBK'])
        print(iban_make('GB', bank + ''.join(str(r.randrange(10)) for _ in range(14))))
    print('# IBAN ES')
    for _ in range(10):
        bank = r.choice(['2100', '0049', '0182', '2038', '0081', '1465', '2080', '0128'])
        br = f"{r.randrange(10000):04d}"
        acc = ''.join(str(r.randrange(10)) for _ in range(10))
        print(iban_make('ES', es_bban(bank, br, acc)))
    print('# IBAN IT')
    for _ in range(10):
        abi = r.choice(['03069', '02008', '05034', '01030', '03062', '05387', '08327', '07601'])
        cab = f"{r.randrange(1000, 99999):05d}"
        conto = ''.join(str(r.randrange(10)) for _ in range(12))
        print(iban_make('IT', it_bban(abi, cab, conto)))
    print('# IBAN FI')
    for _ in range(10):
        pre = r.choice(['1', '2', '5', '8', '39', '4055', '31', '47'])
        thirteen = pre + ''.join(str(r.randrange(10)) for _ in range(13 - len(pre)))
        print(iban_make('FI', fi_bban(thirteen)))
    print('# IBAN RO/PL')
    print(iban_make('RO', 'BTRL' + ''.join(str(r.randrange(10)) for _ in range(16))))
    print(iban_make('PL', ''.join(str(r.randrange(10)) for _ in range(24))))


if __name__ == '__main__':
    a = sys.argv[1:]
    if not a or a[0] == 'pool':
        pool(int(a[1]) if len(a) > 1 else 8)
    elif a[0] == 'dni':
        print(dni(int(a[1])))
    elif a[0] == 'nie':
        print(nie(a[1], int(a[2])))
    elif a[0] == 'cf':
        print(cf(a[1], a[2], int(a[3]), int(a[4]), int(a[5]), a[6], a[7]))
    elif a[0] == 'hetu':
        print(hetu(int(a[1]), int(a[2]), int(a[3]), int(a[4])))
    elif a[0] == 'nhs':
        print(a[1] + str(nhs_digit(a[1])))
    elif a[0] == 'check':
        lang = a[2] if len(a) > 2 else 'en'
        c = compact(a[1], lang)
        print(c, iban_check(c) if re.match(r'[A-Z]{2}\d\d', c) and len(c) > 14 else id_check(c))
