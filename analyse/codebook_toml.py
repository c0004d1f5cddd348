"""Write a Codebook back as TOML (for codebooks imported from REFI-QDA, then edited by hand).

tomli-w writes the TOML, so any token pattern spaCy accepts ({"LOWER": {"IN": [...]}} too) reads
back as it was written.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from analyse.codebook import Codebook


def _some(**fields: Any) -> dict[str, Any]:
    """The fields that have a value: TOML has no null, and the loader takes absence as empty."""
    return {key: value for key, value in fields.items() if value}


def dump_codebook(codebook: Codebook) -> str:
    """TOML text that ``load_codebook`` reads back into an equal codebook."""
    document = {
        "codebook": _some(name=codebook.name, version=codebook.version, description=codebook.description,
                          languages=list(codebook.declared_languages)),
        "group": [_some(id=g.id, label=g.label, labels=dict(g.labels), description=g.description,
                        parent=g.parent)
                  for g in codebook.groups],
        "theme": [
            _some(id=t.id, group=t.group, label=t.label, labels=dict(t.labels), description=t.description,
                  patterns={lang: list(v) for lang, v in t.patterns.items()},
                  exclude={lang: list(v) for lang, v in t.exclude.items()},
                  weak={lang: list(v) for lang, v in t.weak.items()},
                  token_patterns={lang: [list(p) for p in v] for lang, v in t.token_patterns.items()})
            for t in codebook.themes
        ],
    }
    return tomli_w.dumps(document)
