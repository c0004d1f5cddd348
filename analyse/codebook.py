"""Load and validate a theme codebook kept as TOML.

The codebook is data, not spaCy config, so researchers can edit it and
version it apart from the model. Every mistake is reported when the file is
loaded, naming the file and the theme, rather than surfacing later as a story
that silently got no tags.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stories.errors import ConfigError
from stories.model import Theme

DEFAULT_CODEBOOK = Path(__file__).parent / "codebooks" / "default.toml"

# Unknown keys are refused: a typo such as `pattern =` would otherwise give a
# theme that never matches, and a key meant for a newer version (exclusions,
# token patterns) must not be silently ignored by this one.
_CODEBOOK_KEYS = {"name", "version", "description"}
_GROUP_KEYS = {"id", "label", "description"}
_THEME_KEYS = {"id", "label", "description", "group", "patterns"}
_TOP_KEYS = {"codebook", "group", "theme"}


@dataclass(frozen=True)
class CodebookGroup:
    """A heading that themes are filed under."""

    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class CodebookTheme(Theme):
    """One theme (as the archive shows it) and the phrases that signal it, per language code."""

    # language code -> phrases; nothing mutates it after loading.
    patterns: dict[str, list[str]] = field(default_factory=dict)

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

    def languages(self) -> set[str]:
        """Language codes that at least one theme has patterns for."""
        return {lang for t in self.themes for lang in t.patterns}


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Read and validate the codebook at `path` (the default one when None).

    Raises ConfigError naming the file (and the line, for TOML syntax errors,
    or the theme, for content errors).
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
    return _parse(data, path)


def _parse(data: dict[str, Any], path: Path) -> Codebook:
    where = f"Codebook {path}"
    _no_unknown_keys(data, _TOP_KEYS, where)

    meta = data.get("codebook")
    if not isinstance(meta, dict):
        raise ConfigError(f"{where}: needs a [codebook] table with name and version")
    _no_unknown_keys(meta, _CODEBOOK_KEYS, f"{where}, [codebook]")
    version = meta.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ConfigError(f'{where}: [codebook] version must be a quoted string, e.g. "2026.11.1"')
    name = meta.get("name", path.stem)
    if not isinstance(name, str):
        raise ConfigError(f"{where}: [codebook] name must be a string")

    groups = tuple(_parse_group(g, i, where) for i, g in enumerate(_tables(data, "group", where)))
    _no_duplicates([g.id for g in groups], "group", where)
    group_ids = {g.id for g in groups}

    themes = tuple(_parse_theme(t, i, group_ids, where) for i, t in enumerate(_tables(data, "theme", where)))
    _no_duplicates([t.id for t in themes], "theme", where)
    return Codebook(name=name, version=version.strip(), groups=groups, themes=themes)


def _parse_group(raw: dict[str, Any], i: int, where: str) -> CodebookGroup:
    label = f"{where}, group {raw.get('id') or f'#{i + 1}'}"
    _no_unknown_keys(raw, _GROUP_KEYS, label)
    return CodebookGroup(
        id=_required_str(raw, "id", label),
        label=_required_str(raw, "label", label),
        description=_optional_str(raw, "description", label),
    )


def _parse_theme(raw: dict[str, Any], i: int, group_ids: set[str], where: str) -> CodebookTheme:
    label = f"{where}, theme {raw.get('id') or f'#{i + 1}'}"
    _no_unknown_keys(raw, _THEME_KEYS, label)
    theme_id = _required_str(raw, "id", label)
    group = _optional_str(raw, "group", label)
    if group and group not in group_ids:
        known = ", ".join(sorted(group_ids)) or "none defined"
        raise ConfigError(f"{label}: unknown group {group!r} (known: {known})")

    raw_patterns = raw.get("patterns", {})
    if not isinstance(raw_patterns, dict):
        raise ConfigError(f'{label}: patterns must be a table of language = ["phrase", ...]')
    patterns: dict[str, list[str]] = {}
    for lang, phrases in raw_patterns.items():
        if not isinstance(phrases, list):
            raise ConfigError(f"{label}: patterns.{lang} must be a list of strings")
        cleaned: list[str] = []
        for phrase in phrases:
            if not isinstance(phrase, str) or not phrase.strip():
                # An empty phrase would match nothing (or, worse, everything).
                raise ConfigError(f"{label}: patterns.{lang} has an empty or non-text pattern ({phrase!r})")
            # Collapse whitespace so "council  flat" and "council flat" agree.
            phrase = " ".join(phrase.split())
            if phrase not in cleaned:
                cleaned.append(phrase)
        patterns[lang] = cleaned

    return CodebookTheme(
        id=theme_id,
        label=_required_str(raw, "label", label),
        description=_optional_str(raw, "description", label),
        group=group,
        patterns=patterns,
    )


def _tables(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{where}: {key} entries must be written as [[{key}]]")
    return value


def _required_str(raw: dict[str, Any], key: str, label: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{label}: missing {key} (a non-empty string)")
    return value.strip()


def _optional_str(raw: dict[str, Any], key: str, label: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(f"{label}: {key} must be a string")
    return value.strip()


def _no_unknown_keys(raw: dict[str, Any], allowed: set[str], label: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ConfigError(
            f"{label}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
        )


def _no_duplicates(ids: list[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ConfigError(f"{where}, {what} {item}: duplicate {what} id {item!r}")
        seen.add(item)
