"""Assemble stories.jsonl from the hand-written sources in src/*.txt.

Source format (one block per story):
    @@ <id> <register>
    <text; several lines only for letters>
    --
    <type>: <exact substring>
    ...
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def parse(path, lang):
    raw = open(path, encoding="utf-8").read()
    out = []
    for block in re.split(r"^@@ ", raw, flags=re.M)[1:]:
        head, _, rest = block.partition("\n")
        sid, register = head.split()
        text, sep, det = rest.partition("\n--\n")
        if not sep:  # block ending with "--" and nothing after
            text, sep, det = rest.partition("\n--")
        if not sep:  # last block without details
            text, det = rest, ""
        text = text.strip("\n")
        details = []
        for line in det.splitlines():
            if not line.strip():
                continue
            typ, _, val = line.partition(": ")
            details.append({"text": val, "type": typ.strip()})
        out.append({"id": sid, "language": lang, "register": register,
                    "text": text, "details": details})
    return out


def main():
    rows = []
    for lang in ("en", "es", "it", "fi"):
        rows += parse(os.path.join(HERE, "src", lang + ".txt"), lang)
    with open(os.path.join(HERE, "stories.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("wrote", len(rows), "stories")


if __name__ == "__main__":
    main()
