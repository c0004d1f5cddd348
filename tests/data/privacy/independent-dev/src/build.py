"""Build stories.jsonl from the hand-written sources in src/*.txt.

Source format: a line "@@ <id>" starts a story; the following lines are its
text. A planted detail is written inline as [[type|exact text]]; the markup is
removed and the detail recorded. Repeated identical details are listed once.
Standard library only.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[(name|phone|email|address|postcode|id|iban)\|([^\]]+)\]\]")


def parse(path):
    lang = path.stem
    stories, cur, lines = [], None, []

    def flush():
        if cur is None:
            return
        raw = " ".join(l.strip() for l in lines if l.strip())
        details = []
        for m in MARK.finditer(raw):
            d = {"text": m.group(2), "type": m.group(1)}
            if d not in details:
                details.append(d)
        text = MARK.sub(lambda m: m.group(2), raw)
        if "[[" in text or "]]" in text:
            sys.exit(f"unparsed markup in {cur}")
        stories.append({"id": cur, "language": lang, "text": text, "details": details})

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("@@ "):
            flush()
            cur, lines = line[3:].strip(), []
        else:
            lines.append(line)
    flush()
    return stories


def main():
    out = []
    for lang in ["en", "es", "it", "fi"]:
        p = HERE / "src" / f"{lang}.txt"
        if p.exists():
            out.extend(parse(p))
    with open(HERE / "stories.jsonl", "w", encoding="utf-8") as f:
        for s in out:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    print(f"wrote {len(out)} stories")


if __name__ == "__main__":
    main()
