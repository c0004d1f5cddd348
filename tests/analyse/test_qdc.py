"""analyse.qdc: codebooks to and from REFI-QDA .qdc files, losslessly for ours."""

import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from analyse.codebook import DEFAULT_CODEBOOK, load_codebook
from analyse.qdc import NS, export_qdc, import_qdc
from stories.errors import ConfigError

Q = f"{{{NS}}}"

# What QualCoder writes: categories (not codable) holding codes and subcategories.
FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="urn:QDA-XML:codebook:1.0 Codebook.xsd" origin="QualCoder-3.5">
<Codes>
<Code guid="0b7a1c1e-3d1f-4c55-9d44-2f1c0e7a9b01" name="Barriers" isCodable="false">
<Description>What stands in the way of getting help.</Description>
<Code guid="0b7a1c1e-3d1f-4c55-9d44-2f1c0e7a9b02" name="Waiting lists" isCodable="true" color="#F1FDAA">
<Description>Months on a list.</Description>
</Code>
<Code guid="0b7a1c1e-3d1f-4c55-9d44-2f1c0e7a9b03" name="Digital" isCodable="false">
<Code guid="0b7a1c1e-3d1f-4c55-9d44-2f1c0e7a9b04" name="No internet / no phone" isCodable="true"
      color="#AAB"/>
<Code guid="0b7a1c1e-3d1f-4c55-9d44-2f1c0e7a9b05" name="Waiting lists" isCodable="true"/>
</Code>
</Code>
<Code guid="0b7a1c1e-3d1f-4c55-9d44-2f1c0e7a9b06" name="Salud mental" isCodable="true">
<Code guid="0b7a1c1e-3d1f-4c55-9d44-2f1c0e7a9b07" name="Ansiedad" isCodable="true"/>
</Code>
<Code guid="0b7a1c1e-3d1f-4c55-9d44-2f1c0e7a9b08" name="Trust in staff" isCodable="true"/>
</Codes>
</CodeBook>
"""


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "default.qdc"
    export_qdc(load_codebook(DEFAULT_CODEBOOK), path)
    return path


def test_round_trip_of_the_default_codebook_loses_nothing(exported):
    original = load_codebook(DEFAULT_CODEBOOK)
    again = import_qdc(exported)
    assert again == original  # ids, labels, descriptions, groups, patterns, exclusions, order
    assert any(t.patterns for t in again.themes)


NEW_FORMAT = """
[codebook]
name = "new"
version = "2"
description = "Nested groups, token patterns and exclusions."
languages = ["en", "es"]

[[group]]
id = "housing-services"
label = "Housing services"
parent = "services"

[[group]]
id = "services"
label = "Services"

[[theme]]
id = "housing"
group = "housing-services"
label = "Housing"
description = "A home."
[theme.patterns]
en = ["rent", "flat"]
es = ["alquiler"]
[theme.token_patterns]
en = [[{LEMMA = "wait"}, {LOWER = "for", OP = "?"}, {LOWER = "a"}, {LEMMA = "flat"}]]
[theme.exclude]
en = ["flat rate", "flat out"]

[[theme]]
id = "ungrouped"
label = "Ungrouped"
"""


def test_round_trip_of_the_new_format(tmp_path):
    source = tmp_path / "new.toml"
    source.write_text(NEW_FORMAT, encoding="utf-8")
    original = load_codebook(source)
    export_qdc(original, tmp_path / "new.qdc")
    assert import_qdc(tmp_path / "new.qdc") == original  # nested groups, token patterns, exclusions


def test_export_follows_the_standard(exported):
    root = ET.parse(exported).getroot()
    assert root.tag == f"{Q}CodeBook" and root.get("origin")
    assert [child.tag for child in root] == [f"{Q}Codes"]  # Sets is optional, and may not be empty
    codebook = load_codebook(DEFAULT_CODEBOOK)
    top = root.find(f"{Q}Codes")
    groups = {c.get("name") for c in top if c.get("isCodable") == "false"}
    assert groups == {g.label for g in codebook.groups if not g.parent}
    for code in root.iter(f"{Q}Code"):
        uuid.UUID(code.get("guid"))
        assert code.get("name")
        assert code.get("isCodable") in ("true", "false")
        assert code[0].tag == f"{Q}Description"  # before any nested Code, as the schema orders them
        if code.get("isCodable") == "true":
            assert re.fullmatch(r"#[0-9a-f]{6}", code.get("color"))
            assert not code.findall(f"{Q}Code")  # themes are leaves
    theme = next(c for c in root.iter(f"{Q}Code") if c.get("name") == "Housing")
    assert theme.find(f"{Q}Description").text.startswith("[stories:theme=housing;")


def test_guids_are_stable_across_exports(exported, tmp_path):
    export_qdc(load_codebook(DEFAULT_CODEBOOK), tmp_path / "again.qdc")

    def guids(path):
        return [(c.get("name"), c.get("guid")) for c in ET.parse(path).getroot().iter(f"{Q}Code")]

    assert guids(exported) == guids(tmp_path / "again.qdc")


def test_foreign_codebook_gets_slug_ids_and_the_hierarchy(tmp_path):
    path = tmp_path / "qualcoder.qdc"
    path.write_text(FOREIGN, encoding="utf-8")
    codebook = import_qdc(path)
    assert [(g.id, g.label, g.parent) for g in codebook.groups] == [
        ("barriers", "Barriers", ""),
        ("digital", "Digital", "barriers"),
        ("salud-mental", "Salud mental", ""),  # a codable code with children: a group...
    ]
    assert [(t.id, t.label, t.group) for t in codebook.themes] == [
        ("waiting-lists", "Waiting lists", "barriers"),
        ("no-internet-no-phone", "No internet / no phone", "digital"),
        ("waiting-lists-2", "Waiting lists", "digital"),  # same name, another id
        ("salud-mental", "Salud mental", "salud-mental"),  # ...and a theme in it
        ("ansiedad", "Ansiedad", "salud-mental"),
        ("trust-in-staff", "Trust in staff", ""),
    ]
    assert codebook.groups[0].description == "What stands in the way of getting help."
    assert all(not t.patterns and not t.exclude for t in codebook.themes)
    assert codebook.version.startswith("qdc-") and codebook.name == "qualcoder"


def test_codes_added_in_another_program_come_back_after_ours(exported):
    tree = ET.parse(exported)
    housing = next(c for c in tree.getroot().iter(f"{Q}Code") if c.get("name") == "Housing")
    group = next(c for c in tree.getroot().iter(f"{Q}Code") if housing in list(c))
    ET.SubElement(group, f"{Q}Code", guid=str(uuid.uuid4()), name="Damp & mould", isCodable="true")
    tree.write(exported, encoding="utf-8", xml_declaration=True)
    codebook = import_qdc(exported)
    assert codebook.themes[:-1] == load_codebook(DEFAULT_CODEBOOK).themes
    added = codebook.themes[-1]
    assert (added.id, added.label, added.group) == ("damp-mould", "Damp & mould", "service-area")
    assert added.patterns == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<CodeBook><Codes>", "not valid XML: .*line"),
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "not a REFI-QDA codebook"),
        ("<Project/>", "not a REFI-QDA codebook"),
        ('<CodeBook><Codes><Code guid="x" name="A"/></Codes></CodeBook>', "isCodable"),
    ],
)
def test_bad_files_are_config_errors(tmp_path, text, message):
    path = tmp_path / "bad.qdc"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        import_qdc(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot be read"):
        import_qdc(tmp_path / "nope.qdc")
