"""Build ../stories.jsonl from the hand-written sources en.txt, es.txt, it.txt, fi.txt.

Source format: a story starts with a header line "== <id> | <style> | <topic>".
Following lines (up to the next header) form the text; line breaks are kept.
Lines starting with "#" are comments. Planted details are written inline as
[[t:text]] with t in n=name p=phone e=email a=address c=postcode i=id b=iban.
The markup is removed; every distinct (text, type) pair is listed once.
"""
import json
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "stories.jsonl")
TYPES = {"n": "name", "p": "phone", "e": "email", "a": "address",
         "c": "postcode", "i": "id", "b": "iban"}
MARK = re.compile(r"\[\[([npeacib]):(.+?)\]\]")
LANGS = ["en", "es", "it", "fi"]
PARTICLES = {"de", "del", "la", "las", "los", "di", "da", "dos", "van", "von", "der", "den", "af", "bin", "el", "al"}


def parse(path):
    stories, cur = [], None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if line.startswith("== "):
            sid, style, topic = [x.strip() for x in line[3:].split("|")]
            cur = {"id": sid, "style": style, "topic": topic, "lines": []}
            stories.append(cur)
        elif cur is not None:
            cur["lines"].append(line)
    return stories


def render(src):
    """strip markup; return text, details, marked spans"""
    out, spans, pos = [], [], 0
    for m in MARK.finditer(src):
        out.append(src[pos:m.start()])
        start = sum(len(x) for x in out)
        out.append(m.group(2))
        spans.append((start, start + len(m.group(2)), m.group(2), TYPES[m.group(1)]))
        pos = m.end()
    out.append(src[pos:])
    return "".join(out), spans


def main():
    warnings = []
    rows = []
    for lang in LANGS:
        for st in parse(os.path.join(HERE, lang + ".txt")):
            src = "\n".join(st["lines"]).strip("\n")
            if "[[" in MARK.sub("", src) or "]]" in MARK.sub("", src):
                warnings.append("%s: stray markup" % st["id"])
            text, spans = render(src)
            det = OrderedDict()
            for a, b, t, ty in spans:
                if t in det and det[t] != ty:
                    warnings.append("%s: %r typed both %s and %s" % (st["id"], t, det[t], ty))
                det.setdefault(t, ty)
            # occurrences of a detail string that were not marked (and not inside another mark)
            for t in det:
                for m in re.finditer(re.escape(t), text):
                    if not any(a <= m.start() and m.end() <= b for a, b, _, _ in spans):
                        warnings.append("%s: unmarked occurrence of %r" % (st["id"], t))
            # tokens of multi-word names that occur elsewhere unmarked
            for t, ty in det.items():
                if ty != "name":
                    continue
                for tok in re.findall(r"[^\W\d_][\w'’-]{2,}", t):
                    if tok.lower() in PARTICLES:
                        continue
                    for m in re.finditer(r"(?<!\w)" + re.escape(tok) + r"(?!\w)", text):
                        if not any(a <= m.start() and m.end() <= b for a, b, _, _ in spans):
                            warnings.append("%s: name token %r unmarked at %d" % (st["id"], tok, m.start()))
            n = len(re.findall(r"\S+", text))
            if not 60 <= n <= 160:
                warnings.append("%s: %d words" % (st["id"], n))
            rows.append({"id": st["id"], "language": lang, "text": text,
                         "details": [{"text": t, "type": ty} for t, ty in det.items()],
                         "_style": st["style"], "_topic": st["topic"], "_words": n})
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: v for k, v in r.items() if not k.startswith("_")},
                               ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "index.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tstyle\ttopic\twords\tdetails\n")
        for r in rows:
            f.write("%s\t%s\t%s\t%d\t%d\n" % (r["id"], r["_style"], r["_topic"], r["_words"], len(r["details"])))
    # summary
    cnt = Counter()
    sty = Counter()
    for r in rows:
        sty[(r["language"], r["_style"])] += 1
        for d in r["details"]:
            cnt[(d["type"], r["language"])] += 1
    types = ["name", "phone", "email", "address", "postcode", "id", "iban"]
    print("| type | " + " | ".join(LANGS) + " | total |")
    print("|---|" + "---:|" * (len(LANGS) + 1))
    for ty in types:
        print("| %s | %s | %d |" % (ty, " | ".join(str(cnt[(ty, l)]) for l in LANGS),
                                  sum(cnt[(ty, l)] for l in LANGS)))
    print("| **total** | %s | %d |" % (" | ".join(str(sum(cnt[(ty, l)] for ty in types)) for l in LANGS),
                                      sum(cnt.values())))
    print("stories:", len(rows), " with no details:",
          {l: sum(1 for r in rows if r["language"] == l and not r["details"]) for l in LANGS})
    print("styles:", {l: {s: sty[(l, s)] for s in "abcd"} for l in LANGS})
    ws = [r["_words"] for r in rows]
    print("words min/max/mean: %d/%d/%.0f" % (min(ws), max(ws), sum(ws) / len(ws)))
    for w in warnings:
        print("WARN", w)
    print("build warnings:", len(warnings))


if __name__ == "__main__":
    main()
