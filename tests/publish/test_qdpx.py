"""The REFI-QDA export: a real archive built by the real publish code, read back two ways."""

import re
import uuid
import xml.etree.ElementTree as ET
import zipfile

import pytest
from sqlite_utils.utils import sqlite3
from steps import save_analysis, save_transcript

from publish import build_archive, sync_story
from publish.export import ExportError
from publish.qdpx import GUID_NAMESPACE, _locate, guid, write_qdpx
from stories import review
from stories.model import Analysis, Redaction, Segment, Theme, ThemeTag, Transcript
from stories.withdrawal import withdraw

NS = "{urn:QDA-XML:project:1.0}"
CANARY = "canary-qdpx@example.org"
BASE = "https://archive.example.org"
THEMES = [Theme("employment", "Employment", "Work", "service-area"),
          Theme("housing", "Housing", "Homes", "service-area"),
          Theme("loneliness", "Loneliness", "Feeling alone", "")]
#: Project's children in the order the REFI-QDA 1.0 schema's sequence gives them.
PROJECT_ORDER = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
                 "Description", "NoteRef"]
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def make_story(store, title, segments, tags, kind="text", consents=None, approve=True, redactions=()):
    fields = {"title": title, "kind": kind, "place": "", "language": "en", "teller_name": "Sarah Jones",
              "pseudonym": "Robin", "original_filename": "canary-filename.m4a"}
    story_id = store.create_story(fields, consents or {"publish": True, "research": True}, contact=CANARY)
    save_transcript(store, story_id, Transcript(segments, "en", 0.9, 4.0, "fw", "tiny.en"), "w", 1.0)
    analysis = Analysis(tags, [], THEMES, "2026.11.1", redactions=list(redactions))
    save_analysis(store, story_id, analysis, "w", 0.1)
    if approve:
        review.approve(store, story_id, "mod")
    return story_id


@pytest.fixture
def archive(store, settings):
    """Two published stories (one written, one recorded), one never shared, one withdrawn."""
    rent = "Then Sarah Jones put the rent up and I felt alone."
    written = make_story(store, "Rent day", [Segment(0, "I lost my job in March."),
                                             Segment(1, rent + "\r\nThe landlord never called.")], [
        ThemeTag("employment", 0, "job", "I lost my job in March."),
        ThemeTag("housing", 1, "rent", rent), ThemeTag("loneliness", 1, "alone", rent),
        ThemeTag("housing", 1, "landlord", "The landlord never called."),
    ], redactions=[Redaction(1, 5, 16, "Sarah Jones", "name")])
    # Whisper's segments start with a space; the tagger read them stripped and joined, so its
    # sentence runs over two segments with one space where the archive's text has two.
    recorded = make_story(store, "On my own\x0c", [Segment(0, " I was on my own", 0.0, 2.0),
                                                   Segment(1, " for months after the move.", 2.0, 4.0)], [
        ThemeTag("loneliness", 1, "months", "I was on my own for months after the move.", 2.0, 4.0),
        # A tag's own copy of its sentence is never published: evidence is quoted from the public text.
        ThemeTag("housing", 1, "move", "A sentence that is nowhere in the story.", 2.0, 4.0),
    ], kind="audio")
    make_story(store, "Never shared", [Segment(0, "I lost my job.")], [ThemeTag("employment", 0, "job",
                                                                                "I lost my job.")],
               consents={"publish": False})
    gone = make_story(store, "Taken back", [Segment(0, "My job went.")], [ThemeTag("employment", 0, "job",
                                                                                    "My job went.")])
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    withdraw(store, gone, "teller", settings.media_dir)
    sync_story(store, gone, settings.archive_path, settings.media_dir, settings.published_dir)
    return {"written": written, "recorded": recorded, "gone": gone}


@pytest.fixture
def exported(archive, settings, tmp_path):
    path = tmp_path / "stories.qdpx"
    counts = write_qdpx(settings.archive_path, path, BASE)
    return path, counts


def read_project(path):
    """An importer written from the standard and QualCoder's reader, not from our writer.

    Finds the .qde, reads each TextSource's text from ``sources/`` (or ``Sources/``) with
    universal newlines as QualCoder does, and returns codes, sources and their codings.
    """
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        qde = next(n for n in names if n.endswith(".qde") and "/" not in n)
        root = ET.fromstring(zf.read(qde))
        folder = "sources/" if any(n.startswith("sources/") for n in names) else "Sources/"
        codes, categories = {}, {}

        def walk(element, parent):
            for code in element.findall(f"{NS}Code"):
                target = categories if code.get("isCodable") == "false" else codes
                target[code.get("guid")] = {"name": code.get("name"), "parent": parent}
                walk(code, code.get("guid"))

        walk(root.find(f"{NS}CodeBook/{NS}Codes"), None)
        sources = {}
        for source in root.iter(f"{NS}TextSource"):
            file = folder + source.get("plainTextPath").split("internal://", 1)[1]
            text = zf.read(file).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
            selections = []
            for sel in source.findall(f"{NS}PlainTextSelection"):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                refs = [list(c)[0].get("targetGUID") for c in sel.findall(f"{NS}Coding")]
                selections.append({"text": text[start:end], "name": sel.get("name"), "codes": refs})
            sources[source.get("guid")] = {"name": source.get("name"), "text": text, "selections": selections,
                                           "memo": source.findtext(f"{NS}Description")}
    return root, codes, categories, sources


def test_project_is_well_formed_refi_qda(exported):
    path, counts = exported
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        raw = zf.read("project.qde")
    assert "project.qde" in names and all(n == "project.qde" or n.startswith("sources/") for n in names)
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(raw)
    assert root.tag == f"{NS}Project" and root.get("name") and root.get("origin").startswith("Stories")
    children = [c.tag.removeprefix(NS) for c in root]
    assert all(c.tag.startswith(NS) for c in root.iter())  # every element in the REFI namespace
    assert children == sorted(children, key=PROJECT_ORDER.index)
    assert children[:3] == ["Users", "CodeBook", "Variables"] and "Sources" in children
    users = root.findall(f"{NS}Users/{NS}User")
    assert [u.get("name") for u in users] == ["Stories archive"]
    guids = [e.get("guid") for e in root.iter() if e.get("guid") is not None]
    assert all(GUID.fullmatch(g) for g in guids) and len(guids) == len(set(guids))
    for code in root.iter(f"{NS}Code"):  # required attributes; Description before any child Code
        assert code.get("guid") and code.get("name") and code.get("isCodable") in ("true", "false")
        kids = [k.tag.removeprefix(NS) for k in code]
        assert kids == sorted(kids, key=["Description", "NoteRef", "Code"].index)
    for source in root.iter(f"{NS}TextSource"):
        kids = [k.tag.removeprefix(NS) for k in source]
        assert kids == sorted(kids, key=["Description", "PlainTextContent", "PlainTextSelection", "Coding",
                                         "NoteRef", "VariableValue"].index)
        assert source.get("plainTextPath").startswith("internal://")
        assert source.get("creatingUser") == users[0].get("guid")
    for coding in root.iter(f"{NS}Coding"):
        assert [k.tag for k in coding][0] == f"{NS}CodeRef"  # QualCoder reads the first child
    assert counts == {"sources": 2, "codes": 4, "codings": 6, "skipped": 0}


def test_codes_sources_and_selections_read_back(exported, archive, settings):
    root, codes, categories, sources = read_project(exported[0])
    assert {c["name"] for c in codes.values()} == {"Employment", "Housing", "Loneliness"}
    assert [c["name"] for c in categories.values()] == ["service-area"]
    group = next(iter(categories))
    assert {c["name"]: c["parent"] for c in codes.values()} == {
        "Employment": group, "Housing": group, "Loneliness": None}
    assert len(sources) == 2
    db = sqlite3.connect(settings.archive_path)
    texts = dict(db.execute("select id, text from stories"))
    for story_id, source_guid in ((archive["written"], guid("story", archive["written"])),
                                  (archive["recorded"], guid("story", archive["recorded"]))):
        source = sources[source_guid]
        assert source["text"] == texts[story_id].replace("\r\n", "\n")
        assert f"Permalink: {BASE}/stories/{story_id}" in source["memo"]
        for sel in source["selections"]:
            assert sel["text"] == sel["name"] and sel["text"].strip() == sel["text"] != ""
            assert sel["codes"] and set(sel["codes"]) <= set(codes)  # every CodeRef hits a codable Code
        # Every piece of evidence is a selection over its sentence, coded with its theme.
        code_of = {c["name"].lower(): g for g, c in codes.items()}
        rows = db.execute("select theme_id, sentence from theme_evidence where story_id = ?", [story_id])
        for theme_id, sentence in rows:
            if sentence == "A sentence that is nowhere in the story.":
                assert not any(s["text"] == sentence for s in source["selections"])
                continue
            hits = [s for s in source["selections"] if " ".join(s["text"].split()) == sentence]
            assert len(hits) == 1 and code_of[theme_id] in hits[0]["codes"], (theme_id, sentence)
    written = sources[guid("story", archive["written"])]
    assert [s["text"] for s in written["selections"]] == [
        "I lost my job in March.", "Then [name] put the rent up and I felt alone.",
        "The landlord never called."]
    # Two themes on one sentence: one selection coded twice, not two overlapping selections.
    assert sorted(codes[g]["name"] for g in written["selections"][1]["codes"]) == ["Housing", "Loneliness"]
    recorded = sources[guid("story", archive["recorded"])]
    assert recorded["name"] == "On my own"  # a form feed in a title would make the XML unreadable
    assert [s["text"] for s in recorded["selections"]] == ["I was on my own  for months after the move."]


def test_the_codebook_importer_reads_the_project_codebook(exported, tmp_path):
    from analyse.qdc import import_qdc

    qde = tmp_path / "project.qde"
    qde.write_bytes(zipfile.ZipFile(exported[0]).read("project.qde"))
    codebook = import_qdc(qde)
    assert [(t.id, t.group) for t in codebook.themes] == [
        ("employment", "service-area"), ("housing", "service-area"), ("loneliness", "")]


def test_variables_give_language_place_and_date(exported, archive):
    root = read_project(exported[0])[0]
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{NS}Variable")}
    assert sorted(variables.values()) == ["date", "language", "place"]
    source = next(s for s in root.iter(f"{NS}TextSource")
                  if s.get("guid") == guid("story", archive["written"]))
    values = {variables[v.find(f"{NS}VariableRef").get("targetGUID")]: v[1].text
              for v in source.findall(f"{NS}VariableValue")}
    assert values["language"] == "en" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["date"])
    assert "place" not in values  # an empty place is left out, not written empty


def test_only_published_stories_and_nothing_private(exported, store, archive):
    path = exported[0]
    with zipfile.ZipFile(path) as zf:
        contents = b"\n".join(zf.read(n) for n in zf.namelist())  # decompressed: deflate hides strings
    for absent in (CANARY, "canary-filename", "Sarah Jones", "Never shared", "Taken back", "My job went",
                   archive["gone"]):
        assert absent.encode() not in contents, absent
    assert store.get(archive["gone"])["state"] == "withdrawn"


def test_guids_are_stable_and_match_the_codebook_export(exported, settings, tmp_path):
    from analyse import load_codebook
    from analyse.qdc import export_qdc

    again = tmp_path / "again.qdpx"
    write_qdpx(settings.archive_path, again, BASE)
    for name in zipfile.ZipFile(again).namelist():
        first, second = (zipfile.ZipFile(p).read(name) for p in (exported[0], again))
        stamp = re.compile(rb'(<Project [^>]*creationDateTime=")[^"]+')
        assert stamp.sub(rb"\1", first) == stamp.sub(rb"\1", second), name
    # A researcher who imported `stories codebook export`'s .qdc gets the same codes back.
    codebook = load_codebook()
    export_qdc(codebook, tmp_path / "codebook.qdc")
    qdc = {c.get("name"): c.get("guid") for c in ET.parse(tmp_path / "codebook.qdc").iter()
           if c.tag.endswith("}Code") and c.get("isCodable") == "true"}
    assert {t.label: guid("theme", t.id) for t in codebook.themes} == qdc


def test_an_empty_archive_exports_a_valid_project(store, settings, tmp_path):
    build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    counts = write_qdpx(settings.archive_path, tmp_path / "empty.qdpx")
    root = ET.fromstring(zipfile.ZipFile(tmp_path / "empty.qdpx").read("project.qde"))
    # Sources and Codes must hold at least one child in the schema, so they are left out, not empty.
    assert root.find(f"{NS}Sources") is None and root.find(f"{NS}CodeBook") is None
    assert counts == {"sources": 0, "codes": 0, "codings": 0, "skipped": 0}


def test_missing_archive_is_a_clear_error(settings, tmp_path):
    with pytest.raises(ExportError, match="stories publish"):
        write_qdpx(settings.archive_path, tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists()


@pytest.mark.parametrize("text, sentence, starts, idx, expected", [
    ("A b. A b.", "A b.", [0, 5], 1, (5, 9)),  # the occurrence in its own segment, not the first
    ("A b. A b.", "A b.", None, 1, (0, 4)),  # text is not its segments joined: the first one
    ("One two three four.", "…two three…", [0], 0, (4, 13)),  # a long sentence cut to a window
    ("I was\n\non my own.", "I was on my own.", [0, 7], 1, (0, 17)),  # over a paragraph break
    ("Nothing here.", "Gone.", [0], 0, None),
    ("Nothing here.", "  ", [0], 0, None),
])
def test_locate(text, sentence, starts, idx, expected):
    assert _locate(text, sentence, starts, idx) == expected


def test_guid_is_uuid5_of_kind_and_id():
    assert guid("theme", "housing") == str(uuid.uuid5(GUID_NAMESPACE, "theme:housing"))
