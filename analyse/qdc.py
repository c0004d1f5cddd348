"""Codebooks as REFI-QDA Codebook files (.qdc), the exchange format of QualCoder, NVivo, ATLAS.ti, MAXQDA.

    export_qdc(load_codebook(), "cosie.qdc")   # open it in QualCoder
    codebook = import_qdc("cosie.qdc")         # ...and read it back, nothing lost

Groups become non-codable Codes holding their subgroups and themes; themes
become codable Codes, named by their label (what those programs show). The
standard has no field for our ids, order, labels in other languages, patterns
or exclusions, so each Code's Description starts with a marker line and ends
with the rest as JSON:

    [stories:theme=housing;n=3;version=2026.11.2]
    Having a safe, affordable home...
    --- stories patterns (JSON) ---
    {"patterns": {"en": ["rent", ...]}}

The codebook's name, version, description and languages go in CodeBook's
`origin` attribute the same way. A .qdc made elsewhere has no markers: its
ids are slugs of the code names, a code holding other codes becomes a group,
and its themes have no patterns. Either way the result is validated as a
TOML codebook would be.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from itertools import count
from pathlib import Path
from typing import Any

from stories.errors import ConfigError
from stories.refi_qda import GUID_NAMESPACE, colour

from .codebook import Codebook, parse_codebook

NS = "urn:QDA-XML:codebook:1.0"
_ORIGIN = "Stories "
_SEPARATOR = "\n--- stories patterns (JSON) ---\n"
_MARKER = re.compile(r"\[stories:(theme|group)=([^;\]\n]+)((?:;\w+=[^;\]\n]*)*)\]\n?")

ET.register_namespace("", NS)


def export_qdc(codebook: Codebook, path: Path | str) -> None:
    """Write `codebook` to `path` as a REFI-QDA codebook (UTF-8 XML)."""
    meta = {"name": codebook.name, "version": codebook.version, "description": codebook.description,
            "languages": list(codebook.declared_languages)}
    root = ET.Element(f"{{{NS}}}CodeBook", origin=_ORIGIN + json.dumps(meta, ensure_ascii=False))
    codes = ET.SubElement(root, f"{{{NS}}}Codes")
    placed: dict[str, ET.Element] = {}
    order = {g.id: n for n, g in enumerate(codebook.groups)}
    pending = list(codebook.groups)
    while pending:  # parents first: a group may be listed before the group it is filed under
        group = next(g for g in pending if not g.parent or g.parent in placed)
        pending.remove(group)
        text = _marker("group", group.id, order[group.id], codebook.version) + group.description
        placed[group.id] = _code(placed.get(group.parent, codes), "group", group.id, group.label,
                                 text + _appendix({"labels": group.labels}))
    for n, theme in enumerate(codebook.themes):
        text = _marker("theme", theme.id, n, codebook.version) + theme.description
        extra = {"labels": theme.labels, "patterns": theme.patterns, "token_patterns": theme.token_patterns,
                 "exclude": theme.exclude, "weak": theme.weak}
        _code(placed.get(theme.group, codes), "theme", theme.id, theme.label, text + _appendix(extra))
    if not len(codes):
        raise ConfigError("A REFI-QDA codebook needs at least one code; this codebook has none")
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def import_qdc(path: Path | str) -> Codebook:
    """Read a REFI-QDA codebook, ours or another program's. Raises ConfigError naming what is wrong."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        root = ET.fromstring(raw)
    except OSError as e:
        raise ConfigError(f"Codebook {path} cannot be read: {e}") from e
    except ET.ParseError as e:
        raise ConfigError(f"Codebook {path} is not valid XML: {e}") from e  # "line N, column M"
    if _local(root.tag) == "Project":  # a .qde project file carries its codebook inside
        root = next((c for c in root if _local(c.tag) == "CodeBook"), root)
    codes = [c for c in root if _local(c.tag) == "Codes"]
    if _local(root.tag) != "CodeBook" or len(codes) != 1:
        raise ConfigError(f"Codebook {path} is not a REFI-QDA codebook (a CodeBook holding one Codes)")
    origin = root.get("origin", "")
    if origin.startswith(_ORIGIN + "{"):
        try:
            meta = json.loads(origin.removeprefix(_ORIGIN))
        except json.JSONDecodeError as e:
            raise ConfigError(f"Codebook {path}: the origin attribute is not our JSON ({e})") from e
    else:  # a hash of the file stands in for a version, so tags can be traced to it
        version = "qdc-" + hashlib.sha256(raw).hexdigest()[:12]
        meta = {"name": path.stem, "version": version, "description": f"Imported from {origin or path.name}"}
    data: dict[str, Any] = {"codebook": meta, "group": [], "theme": []}
    _walk(codes[0], "", data, count(), path)
    for kind in ("group", "theme"):  # back into the order they were written in (new codes last)
        data[kind] = [entry for _, entry in sorted(data[kind], key=lambda e: e[0])]
    codebook = parse_codebook(data, path)
    assert codebook is not None  # without an error list, errors are raised
    return codebook


def _appendix(extra: dict[str, Any]) -> str:
    """What the standard has no field for (labels in other languages, patterns), as JSON after the text."""
    kept = {key: value for key, value in extra.items() if value}
    return _SEPARATOR + json.dumps(kept, ensure_ascii=False) if kept else ""


def _code(parent: ET.Element, kind: str, item_id: str, label: str, text: str) -> ET.Element:
    guid = uuid.uuid5(GUID_NAMESPACE, f"{kind}:{item_id}")
    attrs = {"guid": str(guid), "name": label, "isCodable": "true" if kind == "theme" else "false"}
    if kind == "theme":
        attrs["color"] = colour(guid)
    element = ET.SubElement(parent, f"{{{NS}}}Code", attrs)
    ET.SubElement(element, f"{{{NS}}}Description").text = text  # before any child Code, as the schema says
    return element


def _marker(kind: str, item_id: str, n: int, version: str) -> str:
    return f"[stories:{kind}={item_id};n={n};version={version}]\n"


def _walk(element: ET.Element, group: str, data: dict[str, Any], seq: count, path: Path) -> None:
    """Add each Code under `element` to data["group"] / data["theme"] as (sort key, TOML-like table)."""
    for code in (c for c in element if _local(c.tag) == "Code"):
        name, codable = code.get("name"), code.get("isCodable")
        if name is None or code.get("guid") is None or codable not in ("true", "false", "1", "0"):
            raise ConfigError(f"Codebook {path}: every Code needs guid, name and isCodable (true or false)")
        marker, text, extra = _read_description(code)
        # Ours sort by the position they were exported from; codes added in another program go last.
        key = (0, int(marker.get("n", 0)), next(seq)) if marker else (1, 0, next(seq))
        nested = any(_local(c.tag) == "Code" for c in code)
        kind = marker.get("kind") or ("group" if nested or codable in ("false", "0") else "theme")
        item_id = marker.get("id") or _unique(_slug(name), data[kind])
        shown = {"label": name, "description": text}
        if kind == "theme":
            data["theme"].append((key, {"id": item_id, "group": group, **shown, **extra}))
            continue
        data["group"].append((key, {"id": item_id, "parent": group, **shown,
                                    **({"labels": extra["labels"]} if "labels" in extra else {})}))
        if not marker and codable in ("true", "1"):  # another program's codable parent code: a theme too
            theme_id = _unique(_slug(name), data["theme"])
            data["theme"].append((key, {"id": theme_id, "group": item_id, **shown}))
        _walk(code, item_id, data, seq, path)


def _read_description(code: ET.Element) -> tuple[dict[str, str], str, dict[str, Any]]:
    """(marker fields, description, patterns appendix) from a Code's Description."""
    text = next((d.text or "" for d in code if _local(d.tag) == "Description"), "")
    found = _MARKER.match(text)
    marker: dict[str, str] = {}
    if found:
        marker = {"kind": found.group(1), "id": found.group(2)}
        marker |= dict(f.split("=", 1) for f in found.group(3).split(";")[1:])
        text = text[found.end() :]
    text, separator, appendix = text.rpartition(_SEPARATOR) if _SEPARATOR in text else (text, "", "")
    try:
        extra = json.loads(appendix) if separator else {}
    except json.JSONDecodeError as e:
        raise ConfigError(f"Code {code.get('name')!r}: its patterns are not JSON ({e})") from e
    return marker, text.strip(), extra


def _slug(name: str) -> str:
    """ "Housing & Rent" -> "housing-rent"; accents dropped so ids stay plain ASCII."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "code"


def _unique(slug: str, taken: list[tuple[Any, dict[str, Any]]]) -> str:
    """`slug`, or "slug-2", "slug-3"... when two codes have the same name."""
    ids = {entry["id"] for _, entry in taken}
    return next(c for c in (slug if n == 1 else f"{slug}-{n}" for n in count(1)) if c not in ids)


def _local(tag: str) -> str:
    """The tag without its namespace: files from some programs use none, or another prefix."""
    return tag.rsplit("}", 1)[-1]
