"""The completeness check both Babel catalogues (the form's and the archive's) must pass."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po


def entries(catalogue) -> dict:
    """id -> translation; a plural's forms as tuples (a .mo reads back lists)."""
    def plain(value):
        return tuple(value) if isinstance(value, list | tuple) else value
    return {plain(m.id): plain(m.string) for m in catalogue if m.id}


def check_catalogue(translations: Path, locale: str) -> None:
    """The locale's .po has every entry of messages.pot, all translated (each plural form too), with
    the same placeholders (``%(count)s`` and the scripts' ``{count}``), and its .mo is compiled from it."""
    po_path = translations / locale / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as f:
        po = read_po(f)
    with (translations / "messages.pot").open("rb") as f:
        pot = read_po(f)
    assert {m.id for m in pot if m.id} == {m.id for m in po if m.id}, "run `make translations`"
    untranslated = [m.id for m in po if m.id and (not m.string or m.fuzzy
                                                  or (isinstance(m.string, tuple) and not all(m.string)))]
    assert untranslated == [], f"{locale}: translate these in {po_path}"
    problems = [(m.id, errors) for m, errors in po.check()]
    assert problems == [], problems
    for m in po:
        if m.id and isinstance(m.id, str):
            assert re.findall(r"\{\w+\}", m.id) == re.findall(r"\{\w+\}", m.string), m.id
    with (translations / locale / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        mo = read_mo(f)
    assert entries(po) == entries(mo), f"{locale}: the .mo is older than the .po: run `make translations`"
