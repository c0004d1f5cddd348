"""Write a Codebook back as TOML (for codebooks imported from REFI-QDA, then edited by hand)."""

from __future__ import annotations

import json

from analyse.codebook import Codebook


def _string(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def _inline(pattern: list[dict]) -> str:
    """A token pattern as a TOML array of inline tables."""
    tokens = ("{" + ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in t.items()) + "}"
              for t in pattern)
    return f"[{', '.join(tokens)}]"


def dump_codebook(codebook: Codebook) -> str:
    """TOML text that ``load_codebook`` reads back into an equal codebook."""
    lines = ["[codebook]", f"name = {_string(codebook.name)}", f"version = {_string(codebook.version)}"]
    if codebook.description:
        lines.append(f"description = {_string(codebook.description)}")
    if codebook.declared_languages:
        lines.append(f"languages = {json.dumps(list(codebook.declared_languages))}")
    for group in codebook.groups:
        lines += ["", "[[group]]", f"id = {_string(group.id)}", f"label = {_string(group.label)}"]
        if group.description:
            lines.append(f"description = {_string(group.description)}")
        if group.parent:
            lines.append(f"parent = {_string(group.parent)}")
    for theme in codebook.themes:
        lines += ["", "[[theme]]", f"id = {_string(theme.id)}", f"group = {_string(theme.group)}",
                  f"label = {_string(theme.label)}"]
        if theme.description:
            lines.append(f"description = {_string(theme.description)}")
        for table, values in (("patterns", theme.patterns), ("exclude", theme.exclude), ("weak", theme.weak)):
            if values:
                lines.append(f"[theme.{table}]")
                lines += [f"{lang} = {json.dumps(list(v), ensure_ascii=False)}" for lang, v in values.items()]
        if theme.token_patterns:
            lines.append("[theme.token_patterns]")
            lines += [f"{lang} = [{', '.join(_inline(p) for p in v)}]"
                      for lang, v in theme.token_patterns.items()]
    return "\n".join(lines) + "\n"
