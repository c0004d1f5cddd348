"""What makes a codebook valid (the validators `load_codebook` runs), and `check_codebook`.

    for problem in check_codebook("my.toml"):
        print(f"my.toml: {problem}")   # my.toml: line 12: error: theme housing: missing label

`check_codebook` reports every error, not just the first; or, when there are none,
warnings about patterns that look wrong once their language's pipeline reads them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from spacy.matcher import Matcher
from spacy.vocab import Vocab

from stories.errors import ConfigError

TokenPattern = list[dict[str, Any]]  #: a spaCy Matcher pattern: one table of attributes per token
_VOCAB = Vocab()  # only for validating token patterns


class CodebookError(ConfigError):
    """A content error that also says where: `kind` "group"/"theme" number `index`, `key` path in it."""

    def __init__(self, message: str, kind: str = "codebook", index: int | None = None, key: tuple = ()):
        super().__init__(message)
        self.kind, self.index, self.key = kind, index, key


@dataclass(frozen=True)
class Where:
    """Where a value comes from, for the error message and for the line number."""

    label: str
    kind: str = "codebook"
    index: int | None = None

    def error(self, message: str, *key: str) -> CodebookError:
        return CodebookError(f"{self.label}: {message}", self.kind, self.index, key)

    def item(self, kind: str, i: int, raw: dict[str, Any]) -> Where:
        return Where(f"{self.label}, {kind} {raw.get('id') or f'#{i + 1}'}", kind, i)


def phrases(raw: dict[str, Any], key: str, at: Where) -> dict[str, list[str]]:
    """`raw[key]` as language -> phrases, whitespace collapsed and duplicates dropped."""
    table = raw.get(key, {})
    if not isinstance(table, dict):
        raise at.error(f'{key} must be a table of language = ["phrase", ...]', key)
    result: dict[str, list[str]] = {}
    for lang, items in table.items():
        if not isinstance(items, list):
            raise at.error(f"{key}.{lang} must be a list of strings", key, lang)
        result[lang] = []
        for phrase in items:
            if not isinstance(phrase, str) or not phrase.strip():
                # An empty phrase would match nothing (or, worse, everything).
                raise at.error(f"{key}.{lang} has an empty or non-text pattern ({phrase!r})", key, lang)
            phrase = " ".join(phrase.split())  # so "council  flat" and "council flat" agree
            if phrase not in result[lang]:
                result[lang].append(phrase)
    return result


_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def labels(raw: dict[str, Any], at: Where) -> dict[str, str]:
    """`raw["labels"]` as language code -> the label in that language (stripped)."""
    table = raw.get("labels", {})
    if not isinstance(table, dict):
        raise at.error('labels must be a table of language = "label", e.g. { es = "Empleo" }', "labels")
    result = {}
    for lang, label in table.items():
        if not _LANGUAGE_CODE.fullmatch(lang):
            raise at.error(f"labels.{lang}: {lang!r} is not a language code such as es, it or fi",
                           "labels", lang)
        if not isinstance(label, str) or not label.strip():
            raise at.error(f"labels.{lang} must be a non-empty string", "labels", lang)
        result[lang] = " ".join(label.split())
    return result


def token_patterns(raw: dict[str, Any], at: Where) -> dict[str, list[TokenPattern]]:
    """`raw["token_patterns"]`, each pattern checked by spaCy's Matcher."""
    table = raw.get("token_patterns", {})
    if not isinstance(table, dict):
        raise at.error('token_patterns must be a table of language = [[{LOWER = "a"}]]', "token_patterns")
    for lang, patterns in table.items():
        if not isinstance(patterns, list) or not all(
            isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
        ):
            message = f"token_patterns.{lang} must be a list of patterns, each a list of token tables"
            raise at.error(message, "token_patterns", lang)
        for n, pattern in enumerate(patterns, 1):
            try:  # spaCy's own check, so the tagger never meets a pattern it refuses
                Matcher(_VOCAB, validate=True).add("check", [pattern])
            except ValueError as e:
                why = "; ".join(ln.strip("- ") for ln in str(e).splitlines() if ln.startswith("- ")) or e
                message = f"token_patterns.{lang} pattern {n} is not a valid spaCy pattern: {why}"
                raise at.error(message, "token_patterns", lang) from e
    return dict(table)


def tables(data: dict[str, Any], key: str, top: Where) -> list[dict[str, Any]]:
    """The `[[key]]` entries."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise top.error(f"{key} entries must be written as [[{key}]]", key)
    return value


def text(raw: dict[str, Any], key: str, at: Where, required: bool = False) -> str:
    """`raw[key]` stripped ("" when absent and not required)."""
    value = raw.get(key, "")
    if required and (not isinstance(value, str) or not value.strip()):
        raise at.error(f"missing {key} (a non-empty string)", key)
    if not isinstance(value, str):
        raise at.error(f"{key} must be a string", key)
    return value.strip()


def no_unknown_keys(raw: dict[str, Any], allowed: set[str], at: Where) -> None:
    """Refuse keys not in `allowed`: a typo such as `pattern =` would give a theme that never matches."""
    unknown = sorted(set(raw) - allowed)
    if unknown:
        allowed_text = ", ".join(sorted(allowed))
        raise at.error(f"unknown key(s) {', '.join(unknown)} (allowed: {allowed_text})", unknown[0])


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a codebook: "error" (it will not load) or "warning" (it loads, but look)."""

    level: Literal["error", "warning"]
    line: int | None
    message: str

    def __str__(self) -> str:
        return (f"line {self.line}: " if self.line else "") + f"{self.level}: {self.message}"


def check_codebook(path: Path | str) -> list[Problem]:
    """Every error in the codebook at `path`, or (when it has none) every warning, in line order."""
    # Imported here, not at the top: analyse.codebook imports this module's validators.
    from .codebook import load_codebook, parse_codebook
    from .pipeline import pattern_warnings

    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except (OSError, UnicodeDecodeError) as e:
        return [Problem("error", None, f"cannot be read: {e}")]
    except tomllib.TOMLDecodeError as e:
        at = re.search(r"at line (\d+)", str(e))
        return [Problem("error", int(at.group(1)) if at else None, f"not valid TOML: {e}")]
    lines = source.splitlines()
    errors: list[CodebookError] = []
    parse_codebook(data, path, errors)
    problems = []
    for e in errors:  # the report is about one file: no "Codebook PATH, " before each message
        message = str(e).removeprefix(f"Codebook {path}").lstrip(",: ")
        problems.append(Problem("error", find_line(lines, e.kind, e.index, e.key), message))
    if not problems:  # (theme index, key, word, message)
        for w in pattern_warnings(load_codebook(path)):
            problems.append(Problem("warning", find_line(lines, "theme", *w[:3]), w[3]))
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


_HEADER = re.compile(r"\s*\[\[?\s*([\w.\-]+)\s*\]\]?")
_KEY = re.compile(r"\s*([\w\-.\"' ]+?)\s*=")
_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'[^\']*\'')


def find_line(lines: list[str], kind: str, index: int | None, key: tuple = (), word: str = "") -> int | None:
    """The line (from 1) of `key` (or of `word` after it) in the `index`-th [[kind]], else of its id.

    tomllib keeps no positions, so the text is scanned; kind "codebook" searches the whole file."""
    entries, stop = list(_entries(lines)), len(lines)
    if kind != "codebook":  # just the index-th [[kind]], up to the next item or top-level table
        starts = [i for i, (_, header, _) in enumerate(entries) if header == f"[[{kind}]]"]
        if index is None or index >= len(starts):
            return None
        ends = [i for i, (_, h, _) in enumerate(entries) if i > starts[index] and h and f"[{kind}." not in h]
        stop = entries[ends[0]][0] if ends else stop
        entries = entries[starts[index] : ends[0] if ends else None]
    paths = [(n, p[1:] if kind == "codebook" and p[:1] == ("codebook",) else p) for n, _, p in entries]
    for wanted in (key, () if kind == "codebook" else ("id",)):  # a key not found: the item's id line
        hits = [(-min(len(p), len(wanted)), abs(len(p) - len(wanted)), n)  # most specific, then first
                for n, p in paths if wanted and p and p[: len(wanted)] == wanted[: len(p)]]
        if hits:
            n = min(hits)[2]
            return next((m + 1 for m in range(n, stop) if word and word in lines[m]), n + 1)
    return entries[0][0] + 1 if entries and kind != "codebook" else None


def _entries(lines: list[str]) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line index, header or "", path) per table header and key outside arrays: `en = [...]` under
    [theme.patterns] has the path ("patterns", "en")."""
    section: tuple[str, ...] = ()
    depth = 0
    for n, line in enumerate(lines):
        code = _STRING.sub('""', line).split("#")[0]  # brackets in strings and comments do not count
        if depth == 0 and (header := _HEADER.match(code)):
            parts = tuple(header.group(1).split("."))
            section = parts[1:] if parts[0] in ("theme", "group") else parts
            yield n, header.group(0).strip().replace(" ", ""), section
        elif depth == 0 and (keyed := _KEY.match(line)):
            yield n, "", section + tuple(p.strip("\"' ") for p in keyed.group(1).split("."))
        depth += code.count("[") - code.count("]")
