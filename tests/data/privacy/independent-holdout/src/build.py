#!/usr/bin/env python3
"""Strip [[type:text]] markup from src/<lang>.txt and write stories.jsonl (standard library only)."""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LANGS = ['en', 'es', 'it', 'fi']
TYPES = {'n': 'name', 'p': 'phone', 'e': 'email', 'a': 'address', 'pc': 'postcode',
         'id': 'id', 'ib': 'iban'}
MARK = re.compile(r'\[\[([a-z]+):(.*?)\]\]', re.S)
HEAD = re.compile(r'^### (en|es|it|fi)-(\d\d) \| ([a-d])\s*$')


def strip_markup(raw, where=''):
    """Return (text, spans) where spans = [(start, end, type, text)]."""
    raw = raw.strip()
    out, spans, pos, errors = [], [], 0, []
    n = 0
    for m in MARK.finditer(raw):
        out.append(raw[pos:m.start()])
        n += len(raw[pos:m.start()])
        t, val = m.group(1), m.group(2)
        if t not in TYPES:
            errors.append(f'{where}: unknown type {t!r}')
            t = 'n'
        if '[[' in val or not val.strip() or val != val.strip():
            errors.append(f'{where}: bad marked text {val!r}')
        spans.append((n, n + len(val), TYPES[t], val))
        out.append(val)
        n += len(val)
        pos = m.end()
    out.append(raw[pos:])
    text = ''.join(out)
    if '[[' in text or ']]' in text:
        errors.append(f'{where}: stray markup')
    return text, spans, errors


def parse_source(lang):
    path = os.path.join(HERE, f'{lang}.txt')
    stories, cur, errors = [], None, []
    with open(path, encoding='utf-8') as fh:
        for line in fh:
            line = line.rstrip('\n')
            if line.startswith('###'):
                m = HEAD.match(line)
                if not m:
                    errors.append(f'{lang}: bad header {line!r}')
                    continue
                if m.group(1) != lang:
                    errors.append(f'{lang}: header language mismatch {line!r}')
                cur = {'id': f'{m.group(1)}-{m.group(2)}', 'language': lang,
                       'style': m.group(3), 'raw': []}
                stories.append(cur)
            elif cur is not None:
                cur['raw'].append(line)
            elif line.strip():
                errors.append(f'{lang}: text before first header')
    for s in stories:
        s['raw'] = '\n'.join(s['raw'])
        s['text'], s['spans'], e = strip_markup(s['raw'], s['id'])
        errors += e
        seen = {}
        details = []
        for _, _, t, v in s['spans']:
            if v in seen:
                if seen[v] != t:
                    errors.append(f"{s['id']}: {v!r} marked both {seen[v]} and {t}")
                continue
            seen[v] = t
            details.append({'text': v, 'type': t})
        s['details'] = details
    return stories, errors


def load_all():
    allst, errs = [], []
    for lang in LANGS:
        st, e = parse_source(lang)
        allst += st
        errs += e
    return allst, errs


def main():
    stories, errors = load_all()
    with open(os.path.join(ROOT, 'stories.jsonl'), 'w', encoding='utf-8') as fh:
        for s in stories:
            fh.write(json.dumps({'id': s['id'], 'language': s['language'], 'text': s['text'],
                                 'details': s['details']}, ensure_ascii=False) + '\n')
    for e in errors:
        print('BUILD ERROR:', e)
    print(f'wrote {len(stories)} stories, {sum(len(s["details"]) for s in stories)} details '
          f'-> {os.path.join(ROOT, "stories.jsonl")}')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
