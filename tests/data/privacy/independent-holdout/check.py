#!/usr/bin/env python3
"""Validate stories.jsonl against the sources (standard library only).

Run:  python3 src/build.py && python3 check.py
"""
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, 'src'))
import build  # noqa: E402
import num    # noqa: E402

LANGS = build.LANGS
TYPES = ['name', 'phone', 'email', 'address', 'postcode', 'id', 'iban']
FREE_IDS = {5, 10, 15, 20, 25, 30}
TITLES = {'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lady', 'lord',
          'sr', 'sra', 'srta', 'don', 'doña', 'dña', 'd', 'señor', 'señora', 'señorita',
          'sig', 'sig.ra', 'sigra', 'signor', 'signora', 'signore', 'signorina', 'dott',
          'dott.ssa', 'dottor', 'dottore', 'dottoressa', 'avv', 'ing', 'prof.ssa',
          'tohtori', 'rouva', 'herra', 'neiti', 'maisteri', 'professori'}
AT_WORDS = {'at', 'arroba', 'chiocciola', 'chiocciolina', 'ät', 'miukumauku', 'kissanhäntä'}
DOT_WORDS = {'dot', 'punto', 'piste', 'pisteen'}
EMAIL_RE = re.compile(r'[\w.+\-]+@[\w\-]+(\.[\w\-]+)+')
PHONE_RE = {
    'en': re.compile(r'07700900\d{3}|01(13|14|15|16|17|18|21|31|41|51|61)4960\d{3}|'
                     r'02079460\d{3}|01914980\d{3}|02896496\d{3}|02920180\d{3}|01632960\d{3}'),
    'es': re.compile(r'[6789]\d{8}'),
    'it': re.compile(r'3\d{8,9}|0\d{5,10}'),
    'fi': re.compile(r'0(4\d|50)\d{5,8}|0[1-35-9]\d{4,9}'),
}
CC = [('+358', 'fi'), ('+44', 'en'), ('+34', 'es'), ('+39', 'it')]
PC_RE = {
    'en': re.compile(r'[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}'),
    'es': re.compile(r'(0[1-9]|[1-4]\d|5[0-2])\d{3}'),
    'it': re.compile(r'\d{5}'),
    'fi': re.compile(r'\d{5}'),
}


def words(s):
    return re.findall(r"[^\W_]+", s.lower())


def check_phone(v, lang):
    c = num.compact(v, lang).replace('-', '')
    if c.startswith('00'):
        c = '+' + c[2:]
    country, nat = lang, c
    for code, ctry in CC:
        if c.startswith(code):
            rest = c[len(code):]
            country = ctry
            nat = rest if ctry in ('es', 'it') or rest.startswith('0') else '0' + rest
            break
    if c.startswith('+') and country == lang and not any(c.startswith(k) for k, _ in CC):
        return False, f'unknown country code in {c}'
    ok = PHONE_RE[country].fullmatch(nat) is not None
    return ok, f'{country}:{nat}'


def check_detail(d, lang, stats):
    t, v = d['type'], d['text']
    if t == 'name':
        first = v.split()[0].lower().rstrip('.,')
        if first in TITLES or v.split()[0].lower() in TITLES:
            return f'title inside name {v!r}'
        if any(ch.isdigit() for ch in v):
            return f'digit in name {v!r}'
        return None
    if t == 'email':
        if '@' in v:
            if not EMAIL_RE.fullmatch(v):
                return f'bad email {v!r}'
        else:
            w = set(words(v))
            if not (w & AT_WORDS and w & DOT_WORDS):
                return f'spoken email lacks at/dot word {v!r}'
            stats['spoken'] += 1
        return None
    if num.is_spoken(v, lang) and t in ('phone', 'postcode', 'id', 'iban'):
        stats['spoken'] += 1
    if t == 'phone':
        ok, info = check_phone(v, lang)
        return None if ok else f'bad phone {v!r} -> {info}'
    if t == 'postcode':
        c = num.compact(v, lang).replace('-', '')
        if lang == 'fi' and c.startswith('FI'):
            c = c[2:]
        return None if PC_RE[lang].fullmatch(c) else f'bad postcode {v!r} -> {c}'
    if t == 'iban':
        c = num.compact(v, lang).replace('-', '')
        ok, note = num.iban_check(c)
        if ok:
            stats['checked:' + note] += 1
            return None
        return f'bad iban {v!r} -> {c} ({note})'
    if t == 'id':
        c = num.compact(v, lang)
        ok, scheme, checked = num.id_check(c)
        if ok:
            stats[('checked:' if checked else 'format-only:') + scheme] += 1
            return None
        return f'bad id {v!r} -> {c} ({scheme})'
    if t == 'address':
        if not (re.search(r'\d', v) or num.is_spoken(v, lang)):
            return f'address without a number {v!r}'
        return None
    return f'unknown type {t}'


def main():
    errors, warnings = [], []
    stories, berr = build.load_all()
    errors += berr
    path = os.path.join(ROOT, 'stories.jsonl')
    with open(path, encoding='utf-8') as fh:
        js = [json.loads(l) for l in fh if l.strip()]
    if [(j['id'], j['text'], j['details']) for j in js] != \
            [(s['id'], s['text'], s['details']) for s in stories]:
        errors.append('stories.jsonl is out of date: run python3 src/build.py')
    table = collections.Counter()
    stats = collections.Counter()
    per_lang = collections.Counter()
    with_details = collections.Counter()
    wc_all = []
    for s in stories:
        sid, lang, text = s['id'], s['language'], s['text']
        n = int(sid[-2:])
        per_lang[lang] += 1
        if s['style'] != 'abcd'[(n - 1) % 4]:
            errors.append(f'{sid}: style {s["style"]} should be {"abcd"[(n - 1) % 4]}')
        if n in FREE_IDS and s['details']:
            errors.append(f'{sid}: should be detail-free but has {len(s["details"])}')
        if n not in FREE_IDS and not s['details']:
            errors.append(f'{sid}: has no details')
        if s['details']:
            with_details[lang] += 1
        wc = len(text.split())
        wc_all.append(wc)
        if not 80 <= wc <= 220:
            errors.append(f'{sid}: {wc} words')
        spans = s['spans']
        for d in s['details']:
            if d['text'] not in text:
                errors.append(f'{sid}: detail not in text {d["text"]!r}')
            e = check_detail(d, lang, stats)
            if e:
                errors.append(f'{sid}: {e}')
            table[(d['type'], lang)] += 1
        # occurrences of every detail string
        occ = []
        for d in s['details']:
            v = d['text']
            for m in re.finditer(re.escape(v), text):
                occ.append((m.start(), m.end(), v))
        for a0, a1, av in occ:
            for b0, b1, bv in occ:
                if av != bv and a0 < b0 < a1 < b1:
                    errors.append(f'{sid}: details overlap {av!r} / {bv!r}')
        # every whole-word, same-case occurrence of a detail must be marked (or lie inside a mark)
        marked = [(a, b) for a, b, _, _ in spans]
        for d in s['details']:
            v = d['text']
            for m in re.finditer(r'(?<!\w)' + re.escape(v) + r'(?!\w)', text):
                if not any(a <= m.start() and m.end() <= b for a, b in marked):
                    errors.append(f'{sid}: unmarked occurrence of {v!r} at {m.start()}')
        # heuristic warnings: unmarked e-mail-like strings or long digit runs in texts with details
        if s['details']:
            for m in re.finditer(r'[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d \-]{7,}\d', text):
                if not any(a <= m.start() < b for a, b in marked):
                    warnings.append(f'{sid}: unmarked look-alike {m.group()!r}')
    for lang in LANGS:
        if per_lang[lang] != 30:
            errors.append(f'{lang}: {per_lang[lang]} texts (want 30)')
        if with_details[lang] != 24:
            errors.append(f'{lang}: {with_details[lang]} texts with details (want 24)')
        ids = sorted(int(s['id'][-2:]) for s in stories if s['language'] == lang)
        if ids != list(range(1, 31)):
            errors.append(f'{lang}: ids are not 01..30')

    # report
    print(f'{"type":10}' + ''.join(f'{l:>6}' for l in LANGS) + f'{"total":>7}')
    for t in TYPES:
        row = [table[(t, l)] for l in LANGS]
        print(f'{t:10}' + ''.join(f'{x:6}' for x in row) + f'{sum(row):7}')
    tot = [sum(table[(t, l)] for t in TYPES) for l in LANGS]
    print(f'{"total":10}' + ''.join(f'{x:6}' for x in tot) + f'{sum(tot):7}')
    print(f'texts: {len(stories)}; with details: {sum(with_details.values())}; '
          f'words min/max/mean: {min(wc_all)}/{max(wc_all)}/{sum(wc_all) / len(wc_all):.0f}')
    print('spoken (said-aloud) numeric/e-mail details:', stats.pop('spoken', 0))
    for k in sorted(stats):
        print(f'  {k}: {stats[k]}')
    for w in warnings:
        print('warning:', w)
    for e in errors:
        print('ERROR:', e)
    print(f'{len(errors)} errors')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
