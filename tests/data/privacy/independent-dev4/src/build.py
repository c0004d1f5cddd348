"""Turn the hand-written src/{en,es,it,fi}.txt files into stories.jsonl.

Source format: '@@ <id> <style>' starts a story, text lines follow, a line '##'
ends the text, then one 'type: exact text' line per planted detail.
"""
import json, os, re
HERE = os.path.dirname(os.path.abspath(__file__))
out = []
styles = {}
for lang in ["en", "es", "it", "fi"]:
    path = os.path.join(HERE, lang + ".txt")
    if not os.path.exists(path):
        continue
    blocks = re.split(r"^@@ ", open(path, encoding="utf-8").read(), flags=re.M)[1:]
    for b in blocks:
        head, rest = b.split("\n", 1)
        sid, style = head.split()
        text, det = rest.split("\n##\n", 1) if "\n##\n" in rest else (rest.rstrip("\n#"), "")
        text = "\n".join(l.rstrip() for l in text.strip("\n").split("\n"))
        details = []
        for line in det.split("\n"):
            if not line.strip():
                continue
            ty, t = line.split(": ", 1)
            details.append({"text": t.rstrip(), "type": ty.strip()})
        out.append({"id": sid, "language": lang, "text": text, "details": details})
        styles[sid] = style
with open(os.path.join(HERE, "..", "stories.jsonl"), "w", encoding="utf-8") as fh:
    for o in out:
        fh.write(json.dumps(o, ensure_ascii=False) + "\n")
with open(os.path.join(HERE, "styles.json"), "w") as fh:
    json.dump(styles, fh, indent=0)
print(len(out), "stories written")
