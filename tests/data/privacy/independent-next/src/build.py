#!/usr/bin/env python3
"""Strip the inline markup from src/<lang>.txt and write stories.jsonl.

Markup: a story starts with `### <lang>-<NN> | <style>`; planted details are
written inline as [[type:exact text]] with type in n, p, e, a, pc, id, ib.
"""
import json
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent
ROOT = SRC.parent
LANGS = ["en", "es", "it", "fi"]
TYPES = {"n": "name", "p": "phone", "e": "email", "a": "address",
         "pc": "postcode", "id": "id", "ib": "iban"}
HEAD = re.compile(r"^### ([a-z]{2})-(\d\d) \| ([abcd])\s*$")
MARK = re.compile(r"\[\[([a-z]+):([^\[\]\n]+?)\]\]")


class MarkupError(Exception):
    pass


def strip(body, where):
    """Return (text, spans) with spans = [(start, end, type, text)]."""
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(body):
        chunk = body[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        t, s = m.group(1), m.group(2)
        if t not in TYPES:
            raise MarkupError("%s: unknown type %r in %r" % (where, t, m.group(0)))
        if s != s.strip():
            raise MarkupError("%s: detail with outer whitespace %r" % (where, s))
        spans.append((length, length + len(s), TYPES[t], s))
        out.append(s)
        length += len(s)
        pos = m.end()
    out.append(body[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise MarkupError("%s: stray markup left: %r" % (where, text[max(0, text.find("[[") - 30):text.find("[[") + 40]))
    return text, spans


def parse(lang):
    path = SRC / ("%s.txt" % lang)
    stories, cur = [], None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = HEAD.match(line)
        if m:
            if m.group(1) != lang:
                raise MarkupError("%s:%d: header language %s" % (path.name, lineno, m.group(1)))
            cur = {"id": "%s-%s" % (lang, m.group(2)), "language": lang,
                   "style": m.group(3), "lines": [], "line": lineno}
            stories.append(cur)
        elif line.startswith("###"):
            raise MarkupError("%s:%d: malformed header %r" % (path.name, lineno, line))
        elif cur is not None:
            cur["lines"].append(line)
    for s in stories:
        body = "\n".join(s.pop("lines")).strip("\n").strip()
        s["raw"] = body
        s["text"], s["spans"] = strip(body, "%s (line %d)" % (s["id"], s["line"]))
        seen, details = {}, []
        for _, _, t, txt in s["spans"]:
            if txt in seen:
                if seen[txt] != t:
                    raise MarkupError("%s: %r marked both %s and %s" % (s["id"], txt, seen[txt], t))
                continue
            seen[txt] = t
            details.append({"text": txt, "type": t})
        s["details"] = details
    return stories


def build_all():
    allst = []
    for lang in LANGS:
        allst.extend(parse(lang))
    return allst


def record(s):
    return {"id": s["id"], "language": s["language"], "text": s["text"], "details": s["details"]}


def main():
    try:
        stories = build_all()
    except MarkupError as e:
        print("markup error:", e)
        sys.exit(1)
    with open(ROOT / "stories.jsonl", "w", encoding="utf-8") as f:
        for s in stories:
            f.write(json.dumps(record(s), ensure_ascii=False) + "\n")
    print("wrote %d stories, %d details to %s" % (
        len(stories), sum(len(s["details"]) for s in stories), ROOT / "stories.jsonl"))


if __name__ == "__main__":
    main()
