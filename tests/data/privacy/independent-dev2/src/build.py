"""Turns the hand-written source files (src_*.txt) into stories.jsonl.

Source format: each story starts with a line '### <id>'; its text follows
(line breaks kept). A planted detail is written inline as ⟦t|text⟧ where t is
n=name p=phone e=email a=address z=postcode i=id b=iban. The markers are
removed and one details[] entry is recorded per marked occurrence."""
import json, re, sys

TYPES = {"n": "name", "p": "phone", "e": "email", "a": "address",
         "z": "postcode", "i": "id", "b": "iban"}
MARK = re.compile(r"⟦([npeazib])\|(.+?)⟧", re.S)


def parse(path, lang):
    stories = []
    cur_id, lines = None, []

    def flush():
        if cur_id is None:
            return
        raw = "\n".join(lines).strip()
        details = [{"text": m.group(2), "type": TYPES[m.group(1)]} for m in MARK.finditer(raw)]
        text = MARK.sub(lambda m: m.group(2), raw)
        if "⟦" in text or "⟧" in text:
            sys.exit(f"unbalanced marker in {cur_id}")
        stories.append({"id": cur_id, "language": lang, "text": text, "details": details})

    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("### "):
            flush()
            cur_id, lines = line[4:].strip(), []
        else:
            lines.append(line)
    flush()
    return stories


if __name__ == "__main__":
    out = []
    for lang in ["en", "es", "it", "fi"]:
        out += parse(f"src_{lang}.txt", lang)
    with open("stories.jsonl", "w", encoding="utf-8") as f:
        for s in out:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    print(len(out), "stories written")
