"""The public archive as a REFI-QDA project (.qdpx), for QualCoder, NVivo, ATLAS.ti and MAXQDA.

A .qdpx is a zip holding ``project.qde`` (the project as QDA-XML) and one
plain-text file per story under ``sources/``. Each published story becomes a
TextSource; the codebook's groups and themes become Codes (with the same GUIDs
as ``stories codebook export``, so a codebook and a project line up); each
piece of theme evidence becomes a PlainTextSelection over its sentence, coded
with its theme. Only ``archive.db`` is read, and only read-only: the export
can hold nothing the public archive does not.
"""

from __future__ import annotations

import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from xml.sax.saxutils import quoteattr

from publish import traces
from publish.traces import sqlite3
from publish.urls import story_path
from stories.errors import StoriesError
from stories.refi_qda import GUID_NAMESPACE, colour

NS = "urn:QDA-XML:project:1.0"
USER_NAME = "Stories archive"
#: Stories read per read transaction. sync_story waits at most 10 s for the write lock, so a long
#: export must let go between batches, or a withdrawal could not reach the archive while it runs.
BATCH = 200
#: Story-level variables: (archive column, REFI-QDA typeOfVariable, value element).
VARIABLES = (("language", "Text", "TextValue"), ("place", "Text", "TextValue"), ("date", "Date", "DateValue"))
# Characters XML 1.0 forbids even escaped; a transcript could carry one and break the whole file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
try:
    ORIGIN = "Stories " + metadata.version("stories")
except metadata.PackageNotFoundError:  # a checkout that was never installed
    ORIGIN = "Stories"


class ExportError(StoriesError):
    """The archive cannot be exported (missing, not an archive, or the file cannot be written)."""


def guid(kind: str, key: str) -> str:
    """A GUID that stays the same for the same thing, so a re-export re-imports cleanly."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def connect_readonly(archive_path: Path) -> sqlite3.Connection:
    """Open the archive read-only, as Datasette does; raises ExportError if it is not there."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise ExportError(f"No archive at {archive_path} yet: run `stories publish` first")
    conn = traces.connect_readonly(archive_path)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if not {"stories", "segments", "themes", "story_themes", "theme_evidence"} <= tables:
        conn.close()
        raise ExportError(f"{archive_path} is not a Stories archive: run `stories publish` first")
    return conn


def story_batches(conn: sqlite3.Connection) -> Iterator[list[dict]]:
    """Every story whose teller agreed to research use, in id order, ``BATCH`` at a time; each batch,
    and what the caller reads while holding it (segments, evidence), in one read transaction.

    A bulk export for analysis is research use: a teller who let the public read their story but
    said no to research is left out, though their story stays on the archive's pages."""
    last = ""
    while True:
        conn.execute("begin")
        try:
            rows = [dict(r) for r in conn.execute("select * from stories where research_use = 1 and id > ? "
                                                  "order by id limit ?",
                                                  [last, BATCH])]
            if rows:
                yield rows
        finally:
            conn.execute("commit")
        if len(rows) < BATCH:
            return
        last = rows[-1]["id"]


def write_qdpx(archive_path: Path, out_path: Path, base_url: str = "") -> dict[str, int]:
    """Write the archive as a REFI-QDA project to ``out_path``.

    Returns counts: ``sources`` (stories), ``codes`` (groups and themes),
    ``codings`` (one per theme per selection) and ``skipped`` (evidence whose sentence is
    not in its story's published text, so it has no place to point at).
    """
    conn = connect_readonly(archive_path)
    out_path = Path(out_path)
    part = out_path.with_name(f".{out_path.name}.part")
    counts = {"sources": 0, "codes": 0, "codings": 0, "skipped": 0}
    user = guid("user", USER_NAME)
    try:
        # The project XML is streamed to a temporary file while each story's text goes into the
        # zip, so a 100k-story archive never sits in memory as one tree.
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf, tempfile.TemporaryFile() as qde, \
                closing(story_batches(conn)) as batches:
            codebook, theme_guids = _codebook(conn)
            counts["codes"] = len(codebook.findall(".//Code"))
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            qde.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
            qde.write(f"<Project xmlns={quoteattr(NS)} name={quoteattr(USER_NAME)} "
                      f"origin={quoteattr(ORIGIN)} creatingUserGUID={quoteattr(user)} "
                      f"creationDateTime={quoteattr(stamp)}>\n".encode())
            users = ET.Element("Users")
            ET.SubElement(users, "User", guid=user, name=USER_NAME)
            variables = ET.Element("Variables")
            for name, kind, _ in VARIABLES:
                ET.SubElement(variables, "Variable", guid=guid("variable", name), name=name,
                              typeOfVariable=kind)
            for element in (users, codebook, variables) if len(codebook[0]) else (users, variables):
                qde.write(_serialise(element))  # Codes needs a Code: no codebook rather than an empty one
            for story in (story for batch in batches for story in batch):
                # Opened at the first story: the schema wants at least one source in Sources.
                qde.write(b"" if counts["sources"] else b"  <Sources>\n")
                text, source = _source(conn, story, user, theme_guids, base_url, counts)
                zf.writestr(f"sources/{source.get('guid')}.txt", text.encode("utf-8"))
                qde.write(_serialise(source, level=2))
                counts["sources"] += 1
            qde.write(b"  </Sources>\n" if counts["sources"] else b"")
            description = ET.Element("Description")
            description.text = _project_description(conn, base_url)
            qde.write(_serialise(description))
            qde.write(b"</Project>\n")
            qde.seek(0)
            with zf.open("project.qde", "w") as entry:
                while chunk := qde.read(1 << 20):
                    entry.write(chunk)
        part.replace(out_path)
    except OSError as e:
        raise ExportError(f"Cannot write {out_path}: {e}") from e
    finally:
        part.unlink(missing_ok=True)
        conn.close()
    return counts


def _codebook(conn: sqlite3.Connection) -> tuple[ET.Element, dict[str, str]]:
    """CodeBook with one non-codable Code per group holding its themes; and theme id -> GUID."""
    book = ET.Element("CodeBook")
    codes = ET.SubElement(book, "Codes")
    groups: dict[str, ET.Element] = {}
    theme_guids: dict[str, str] = {}
    for theme in conn.execute('select id, label, "group", group_label, description from themes order by id'):
        parent = codes
        if theme["group"]:
            if theme["group"] not in groups:
                # Not codable, as in analyse.qdc: evidence is coded with themes, never a whole group.
                groups[theme["group"]] = ET.SubElement(codes, "Code", guid=guid("group", theme["group"]),
                                                       name=_clean(theme["group_label"] or theme["group"]),
                                                       isCodable="false")
            parent = groups[theme["group"]]
        theme_guid = guid("theme", theme["id"])
        code = ET.SubElement(parent, "Code", guid=theme_guid, name=_clean(theme["label"] or theme["id"]),
                             isCodable="true", color=colour(uuid.UUID(theme_guid)))
        ET.SubElement(code, "Description").text = _clean(theme["description"] or "")
        theme_guids[theme["id"]] = theme_guid
    return book, theme_guids


def _source(conn: sqlite3.Connection, story: dict, user: str, theme_guids: dict[str, str], base_url: str,
            counts: dict[str, int]) -> tuple[str, ET.Element]:
    """The story's plain text, and its TextSource with a coded selection per evidence sentence."""
    story_id = story["id"]
    # Importers read the .txt with universal newlines, so a "\r" would shift every position after it.
    text = _newlines(story["text"] or "")
    segments = [_newlines(r["text"] or "") for r in
                conn.execute("select text from segments where story_id = ? order by idx", [story_id])]
    starts = _segment_starts(text, segments, story["kind"])
    source_guid = guid("story", story_id)
    published = story["published_at"] or ""
    stamp = {"creationDateTime": published} if _DATETIME.fullmatch(published) else {}
    source = ET.Element("TextSource", guid=source_guid, name=_clean(story["title"] or story_id),
                        plainTextPath=f"internal://{source_guid}.txt", creatingUser=user, **stamp)
    lines = [("Title", story["title"]), ("Teller", story["teller"]), ("Date", story["date"]),
             ("Place", story["place"]), ("Language", story["language"]), ("Story id", story_id),
             ("Permalink", base_url.rstrip("/") + story_path(story_id))]
    ET.SubElement(source, "Description").text = _clean("\n".join(f"{k}: {v}" for k, v in lines if v))
    # One selection per span of text, with one Coding per theme found in it (importers refuse
    # the same code twice on the same span).
    spans: dict[tuple[int, int], dict[str, list[str]]] = {}
    seconds: dict[tuple[int, int], float] = {}
    for row in conn.execute("select theme_id, segment_idx, matched, sentence, start from theme_evidence "
                            "where story_id = ? order by segment_idx, rowid", [story_id]):
        found = _locate(text, _newlines(row["sentence"] or ""), starts, row["segment_idx"])
        if found is None or row["theme_id"] not in theme_guids:
            counts["skipped"] += 1
            continue
        matched = spans.setdefault(found, {}).setdefault(row["theme_id"], [])
        if row["matched"] and row["matched"] not in matched:
            matched.append(row["matched"])
        if row["start"] is not None:
            seconds[found] = min(seconds.get(found, row["start"]), row["start"])
    for (start, end), themes in sorted(spans.items()):
        key = f"{story_id}:{start}:{end}"
        selection = ET.SubElement(source, "PlainTextSelection", guid=guid("selection", key),
                                  name=_clean(text[start:end]), startPosition=str(start),
                                  endPosition=str(end), creatingUser=user, **stamp)
        # Becomes the coding's memo in QualCoder: what the tagger matched, and where to hear it.
        memo = ["Matched: " + ", ".join(sorted({w for found in themes.values() for w in found}))]
        if story["audio"] and (start, end) in seconds:
            memo.append("Listen: " + base_url.rstrip("/") + story_path(story_id, seconds[(start, end)]))
        ET.SubElement(selection, "Description").text = _clean("\n".join(memo))
        for theme_id in sorted(themes):
            coding = ET.SubElement(selection, "Coding", guid=guid("coding", f"{key}:{theme_id}"),
                                   creatingUser=user, **stamp)
            ET.SubElement(coding, "CodeRef", targetGUID=theme_guids[theme_id])
            counts["codings"] += 1
    for name, _, element in VARIABLES:
        value = story.get(name) or ""
        if value and (element != "DateValue" or _DATE.fullmatch(value)):
            holder = ET.SubElement(source, "VariableValue")
            ET.SubElement(holder, "VariableRef", targetGUID=guid("variable", name))
            ET.SubElement(holder, element).text = _clean(value)
    return text, source


def _segment_starts(text: str, segments: list[str], kind: str) -> list[int] | None:
    """Where each segment starts in the text, if it is its segments joined as ``publish.prepare`` joins
    them (paragraphs with a blank line, a recording's segments with a space); None if not."""
    for joiner in ("\n\n", " ") if kind == "text" else (" ", "\n\n"):
        if joiner.join(segments) == text:
            starts, pos = [], 0
            for segment in segments:
                starts.append(pos)
                pos += len(segment) + len(joiner)
            return starts
    return None


def _locate(text: str, sentence: str, starts: list[int] | None, segment_idx: int) -> tuple[int, int] | None:
    """(start, end) of the evidence sentence in the text: the occurrence nearest its segment.

    The analyse stage read the segments stripped and joined by single spaces, and
    cuts very long sentences to a window marked with "…", so a sentence not found
    as it is is matched with any run of whitespace between its words, and without
    those marks. A sentence filed under a segment may start in an earlier one,
    hence "nearest".
    """
    core = sentence.strip().removeprefix("…").removesuffix("…").strip()
    if not core:
        return None
    spans = _occurrences(text, core)
    if not spans:  # a regex per sentence is slow, so only when the plain search fails
        pattern = r"\s+".join(map(re.escape, core.split()))
        spans = [found.span() for found in re.finditer(pattern, text)]
    if not spans:
        return None
    if starts is None or not 0 <= segment_idx < len(starts):
        return spans[0]
    lo = starts[segment_idx]
    hi = starts[segment_idx + 1] if segment_idx + 1 < len(starts) else len(text)
    return min(spans, key=lambda span: max(lo - span[1], span[0] - hi, 0))  # ties: the first


def _occurrences(text: str, core: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(core)
    while at >= 0:
        spans.append((at, at + len(core)))
        at = text.find(core, at + len(core))
    return spans


def _project_description(conn: sqlite3.Connection, base_url: str) -> str:
    has_info = conn.execute("select 1 from sqlite_master where name = 'archive_info'").fetchone()
    info = dict(conn.execute("select key, value from archive_info").fetchall()) if has_info else {}
    codebook = " ".join(filter(None, (info.get("codebook_name"), info.get("codebook_version"))))
    lines = ["Stories from the public Stories archive" + (f" at {base_url}" if base_url else "") + ".",
             f"Codebook: {codebook}." if codebook else "",
             "Each coded selection is a sentence the theme tagger found as evidence for a theme."]
    return _clean("\n".join(filter(None, lines)))


def _serialise(element: ET.Element, level: int = 1) -> bytes:
    """One child of Project as indented UTF-8 XML, in the default namespace the Project tag declares."""
    ET.indent(element, space="  ", level=level)
    return ("  " * level + ET.tostring(element, encoding="unicode") + "\n").encode("utf-8")


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _newlines(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")
