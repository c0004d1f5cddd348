"""Load and validate a theme codebook kept as TOML.

The codebook is data, not spaCy config, so researchers can edit it and
version it apart from the model. Every mistake is reported when the file is
loaded, naming the file and the theme, rather than surfacing later as a story
that silently got no tags; `analyse.codebook_check` lists them all, with lines.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from stories.errors import ConfigError
from stories.model import Theme

from . import codebook_check as rules
from .codebook_check import CodebookError, TokenPattern, Where

DEFAULT_CODEBOOK = Path(__file__).parent / "codebooks" / "default.toml"

# Unknown keys are refused: a typo such as `pattern =` would otherwise give a
# theme that never matches, and a key meant for a newer version must not be
# silently ignored by this one.
_CODEBOOK_KEYS = {"name", "version", "description", "languages"}
_GROUP_KEYS = {"id", "label", "labels", "description", "parent"}
_THEME_KEYS = {"id", "label", "labels", "description", "group", "patterns", "token_patterns", "exclude",
               "weak"}
_TOP_KEYS = {"codebook", "group", "theme"}


@dataclass(frozen=True)
class CodebookGroup:
    """A heading that themes (and, through `parent`, other groups) are filed under."""

    id: str
    label: str
    description: str = ""
    parent: str = ""
    #: The label in other languages (``{"es": "Área de servicio"}``); ``label`` stands in for the rest.
    labels: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class CodebookTheme(Theme):
    """One theme (as the archive shows it) and what signals it, per language code."""

    # language code -> phrases / Matcher patterns; nothing mutates them after loading.
    patterns: dict[str, list[str]] = field(default_factory=dict)
    token_patterns: dict[str, list[TokenPattern]] = field(default_factory=dict)
    #: Phrases that look like the theme but are not: a match inside one is dropped.
    exclude: dict[str, list[str]] = field(default_factory=dict)
    #: Everyday words that point to the theme but often mention it in passing ("mum", "work"): alone,
    #: in one sentence, they give a low-confidence tag, which is not published until a moderator
    #: accepts it. With a pattern of the theme, or in two sentences, they count in full.
    weak: dict[str, list[str]] = field(default_factory=dict)

    def patterns_for(self, language: str) -> list[str]:
        """The phrases for `language`, or an empty list when it has none."""
        return list(self.patterns.get(language, []))


@dataclass(frozen=True)
class Codebook:
    """A versioned set of themes, grouped."""

    name: str
    version: str
    groups: tuple[CodebookGroup, ...]
    themes: tuple[CodebookTheme, ...]
    description: str = ""
    #: `[codebook] languages`, what the codebook is meant for; () when not declared.
    declared_languages: tuple[str, ...] = ()

    def languages(self) -> set[str]:
        """Language codes that at least one theme has patterns for."""
        return {lang for t in self.themes for lang in (*t.patterns, *t.token_patterns, *t.weak)}


T = TypeVar("T")


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Read and validate the codebook at `path` (the default one when None).

    Raises ConfigError naming the file and the line, for TOML syntax errors, or
    (a CodebookError) the theme or group, for content errors.
    """
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"Codebook {path} does not exist") from None
    except OSError as e:
        raise ConfigError(f"Codebook {path} cannot be read: {e}") from e
    except tomllib.TOMLDecodeError as e:
        # tomllib's message carries "(at line N, column M)".
        raise ConfigError(f"Codebook {path} is not valid TOML: {e}") from e
    return parse_codebook(data, path)  # type: ignore[return-value]  # None only when collecting


def parse_codebook(data: dict, path: Path, errors: list[CodebookError] | None = None) -> Codebook | None:
    """The codebook in TOML `data` read from `path`.

    Raises the first CodebookError; with `errors` given, collects them all there (and returns None).
    """

    def fail(e: CodebookError) -> None:
        if errors is None:
            raise e
        errors.append(e)

    def attempt(fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except CodebookError as e:
            fail(e)
            return None

    top = Where(f"Codebook {path}")
    meta = attempt(partial(_parse_meta, data, path, top))
    raw_groups = attempt(partial(rules.tables, data, "group", top)) or []
    groups = [attempt(partial(_parse_group, r, top.item("group", i, r))) for i, r in enumerate(raw_groups)]
    parents = {g.id: g.parent for g in groups if g}
    for i, g in enumerate(groups):
        if g and g.parent:
            attempt(partial(_check_parent, g.id, g.parent, parents, top.item("group", i, raw_groups[i])))
    # Every id given, even a broken group's, so one mistake is not echoed by each of its themes.
    group_ids = {r["id"].strip() for r in raw_groups if isinstance(r.get("id"), str)}
    raw = attempt(partial(rules.tables, data, "theme", top)) or []
    where = [top.item("theme", i, t) for i, t in enumerate(raw)]
    themes = [attempt(partial(_parse_theme, t, group_ids, w)) for t, w in zip(raw, where, strict=True)]
    for kind, items in (("group", raw_groups), ("theme", raw)):
        ids = [item.get("id", "").strip() if isinstance(item.get("id"), str) else None for item in items]
        for i, item_id in enumerate(ids):
            if item_id and item_id in ids[:i]:  # each repeat is an error naming the later entry
                at = Where(f"{top.label}, {kind} {item_id}", kind, i)
                fail(at.error(f"duplicate {kind} id {item_id!r}", "id"))
    if meta is None or errors:
        return None
    return Codebook(meta[0], meta[1], tuple(g for g in groups if g), tuple(t for t in themes if t), *meta[2:])


def _parse_meta(data: dict[str, Any], path: Path, top: Where) -> tuple[str, str, str, tuple[str, ...]]:
    rules.no_unknown_keys(data, _TOP_KEYS, top)
    meta = data.get("codebook")
    if not isinstance(meta, dict):
        raise top.error("needs a [codebook] table with name and version")
    at = Where(f"{top.label}, [codebook]")
    rules.no_unknown_keys(meta, _CODEBOOK_KEYS, at)
    version = meta.get("version")
    if not isinstance(version, str) or not version.strip():
        raise top.error('[codebook] version must be a quoted string, e.g. "2026.11.1"', "version")
    name = meta.get("name", path.stem)
    if not isinstance(name, str):
        raise top.error("[codebook] name must be a string", "name")
    langs = meta.get("languages", [])
    if not isinstance(langs, list) or not all(isinstance(x, str) and x.strip() for x in langs):
        raise top.error('[codebook] languages must be a list of codes, e.g. ["en", "es"]', "languages")
    return name, version.strip(), rules.text(meta, "description", at), tuple(x.strip() for x in langs)


def _parse_group(raw: dict[str, Any], at: Where) -> CodebookGroup:
    rules.no_unknown_keys(raw, _GROUP_KEYS, at)
    keys = ("id", "label", "description", "parent")
    return CodebookGroup(*(rules.text(raw, key, at, required=key in ("id", "label")) for key in keys),
                         labels=rules.labels(raw, at))


def _check_parent(group_id: str, parent: str, parents: dict[str, str], at: Where) -> None:
    if parent not in parents:
        known = ", ".join(sorted(parents)) or "none defined"
        raise at.error(f"unknown parent group {parent!r} (known: {known})", "parent")
    seen, current = {group_id}, parent
    while current:  # walk up: a cycle would make the hierarchy endless
        if current in seen:
            raise at.error(f"parent {parent!r} leads back to {group_id!r} (a cycle)", "parent")
        seen.add(current)
        current = parents.get(current, "")


def _parse_theme(raw: dict[str, Any], group_ids: set[str], at: Where) -> CodebookTheme:
    rules.no_unknown_keys(raw, _THEME_KEYS, at)
    theme_id = rules.text(raw, "id", at, True)
    group = rules.text(raw, "group", at)
    if group and group not in group_ids:
        known = ", ".join(sorted(group_ids)) or "none defined"
        raise at.error(f"unknown group {group!r} (known: {known})", "group")
    return CodebookTheme(
        id=theme_id,
        label=rules.text(raw, "label", at, True),
        labels=rules.labels(raw, at),
        description=rules.text(raw, "description", at),
        group=group,
        patterns=rules.phrases(raw, "patterns", at),
        token_patterns=rules.token_patterns(raw, at),
        exclude=rules.phrases(raw, "exclude", at),
        weak=rules.phrases(raw, "weak", at),
    )


