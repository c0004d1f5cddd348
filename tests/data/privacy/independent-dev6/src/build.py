#!/usr/bin/env python3
"""Build ../stories.jsonl from the hand-written sources src/{en,es,it,fi}.txt.

Source format
  # comment line (only outside stories, or lines starting with '# ')
  ## <id> <style>          starts a story (style: written | spoken)
  paragraph text ...       blank lines separate paragraphs (kept as "\n\n")
Inline markup
  [[surface|type]]             a planted detail, written exactly as it appears
  [[surface|type|value]]       same, with the canonical value of a spoken id/iban
  [[surface|id|nocheck]]       an identifier that has no public check digit
Outputs: ../stories.jsonl, index.tsv (id, language, style, planted), canonical.tsv
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LANGS = [l for l in ["en", "es", "it", "fi"] if os.path.exists(os.path.join(HERE, l + ".txt"))]
MARK = re.compile(r"\[\[([^\[\]|]+)\|(\w+)(?:\|([^\[\]|]+))?\]\]")


def parse(lang):
    stories = []
    cur = None
    with open(os.path.join(HERE, lang + ".txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("## "):
                sid, style = line[3:].split()
                cur = {"id": sid, "style": style, "lines": []}
                stories.append(cur)
            elif line.startswith("# "):
                continue
            elif cur is not None:
                cur["lines"].append(line)
    out = []
    for s in stories:
        paras, buf = [], []
        for ln in s["lines"] + [""]:
            if ln.strip():
                buf.append(ln.strip())
            elif buf:
                paras.append(" ".join(buf))
                buf = []
        raw = "\n\n".join(paras)
        details, canon, seen = [], [], set()
        for m in MARK.finditer(raw):
            surf, typ, val = m.group(1), m.group(2), m.group(3)
            if (surf, typ) not in seen:
                seen.add((surf, typ))
                details.append({"text": surf, "type": typ})
                if val:
                    canon.append((s["id"], surf, val))
        text = MARK.sub(lambda m: m.group(1), raw)
        if "[[" in text or "]]" in text:
            raise SystemExit("unclosed markup in " + s["id"])
        out.append(({"id": s["id"], "language": lang, "text": text, "details": details}, s["style"], canon))
    return out


def main():
    rows, index, canon = [], [], []
    for lang in LANGS:
        for story, style, c in parse(lang):
            rows.append(story)
            index.append((story["id"], lang, style, "yes" if story["details"] else "no"))
            canon.extend(c)
    with open(os.path.join(ROOT, "stories.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "index.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tlanguage\tstyle\tplanted\n")
        for r in index:
            f.write("\t".join(r) + "\n")
    with open(os.path.join(HERE, "canonical.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tdetail_text\tcanonical\n")
        for r in canon:
            f.write("\t".join(r) + "\n")
    print("wrote %d stories, %d details" % (len(rows), sum(len(r["details"]) for r in rows)))


if __name__ == "__main__":
    main()
