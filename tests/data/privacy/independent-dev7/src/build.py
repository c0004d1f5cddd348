"""Build ../stories.jsonl and index.tsv from the hand-written sources en.txt, es.txt, it.txt, fi.txt.

Source format: a story starts with a header line `### <id> | <style>` (style a/b/c/d);
its text runs until the next header. Planted details are written inline as
`[[type:exact text]]`, type one of n (name), p (phone), e (email), a (address),
pc (postcode), id (id), ib (iban). The markup is removed; each distinct detail
string is listed once per story, in order of first appearance.
Lines starting with `#` before the first header are comments. Standard library only.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LANGS = ["en", "es", "it", "fi"]
TYPES = {"n": "name", "p": "phone", "e": "email", "a": "address", "pc": "postcode",
         "id": "id", "ib": "iban"}
MARK = re.compile(r"\[\[([a-z]+):(.+?)\]\]", re.S)
HEAD = re.compile(r"^### (\S+) \| ([abcd])\s*$")


def parse(lang):
    stories, cur = [], None
    with open(os.path.join(HERE, f"{lang}.txt"), encoding="utf-8") as f:
        for line in f:
            m = HEAD.match(line)
            if m:
                cur = {"id": m.group(1), "style": m.group(2), "lines": []}
                stories.append(cur)
            elif cur is not None:
                cur["lines"].append(line.rstrip("\n"))
    out = []
    for s in stories:
        raw = "\n".join(s["lines"]).strip()
        details, seen = [], {}
        for m in MARK.finditer(raw):
            t, txt = m.group(1), m.group(2)
            if t not in TYPES:
                sys.exit(f"{s['id']}: unknown type {t!r}")
            if "\n" in txt:
                sys.exit(f"{s['id']}: detail spans lines: {txt!r}")
            if txt in seen:
                if seen[txt] != TYPES[t]:
                    sys.exit(f"{s['id']}: {txt!r} marked with two types")
                continue
            seen[txt] = TYPES[t]
            details.append({"text": txt, "type": TYPES[t]})
        text = MARK.sub(lambda m: m.group(2), raw)
        if "[[" in text or "]]" in text:
            sys.exit(f"{s['id']}: unbalanced markup")
        out.append(({"id": s["id"], "language": lang, "text": text, "details": details}, s["style"]))
    return out


def main():
    rows, index = [], []
    for lang in LANGS:
        for story, style in parse(lang):
            rows.append(story)
            index.append((story["id"], style))
    with open(os.path.join(ROOT, "stories.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "index.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tstyle\n")
        for i, s in index:
            f.write(f"{i}\t{s}\n")
    print(f"wrote {len(rows)} stories, {sum(len(r['details']) for r in rows)} details")


if __name__ == "__main__":
    main()
