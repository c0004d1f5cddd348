"""``stories export``: the public archive as a file for a researcher's own tools.

Three formats, all read from ``archive.db`` alone (never the working store):
``qdpx`` (a REFI-QDA project, see ``publish.qdpx``), ``csv`` (the stories
table as Datasette's CSV gives it) and ``json`` (each story with its
segments and themes, evidence included, nested).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from publish.qdpx import ExportError, connect_readonly, story_batches, write_qdpx
from publish.urls import story_path
from stories.model import EXPORT_FORMATS

FORMATS = EXPORT_FORMATS
#: Columns of ``stories`` that hold a JSON list; the JSON export gives them as lists.
JSON_LISTS = ("theme_groups", "service_areas", "self_tags")

__all__ = ["FORMATS", "ExportError", "export_archive", "format_for"]


def format_for(path: Path) -> str:
    """The export format a file name asks for by its suffix; raises ExportError if none does."""
    fmt = Path(path).suffix.lower().removeprefix(".")
    if fmt not in FORMATS:
        raise ExportError(f"Cannot tell the format from {Path(path).name!r}: "
                          f"name it .qdpx, .csv or .json, or give the format")
    return fmt


def export_archive(archive_path: Path, fmt: str, out_path: Path, base_url: str = "") -> str:
    """Write the archive to ``out_path`` as ``fmt`` (qdpx, csv or json); returns a one-line summary.

    Raises ExportError if the archive is not built yet, the format is unknown
    or the file cannot be written.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out_path = Path(out_path)
    if fmt == "qdpx":
        counts = write_qdpx(archive_path, out_path, base_url)
        skipped = (f"; {_n(counts['skipped'], 'piece')} of evidence not found in the story's text left out"
                   if counts["skipped"] else "")
        return (f"Wrote {_n(counts['sources'], 'story')}, {_n(counts['codes'], 'code')} and "
                f"{_n(counts['codings'], 'coding')} to {out_path} (REFI-QDA){skipped}")
    writer = _write_csv if fmt == "csv" else _write_json
    conn = connect_readonly(archive_path)
    try:
        count = _atomic(out_path, lambda f: writer(conn, f, base_url))
    finally:
        conn.close()
    return f"Wrote {_n(count, 'story')} to {out_path} ({fmt.upper()})"


def _n(count: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun if count == 1 else plural}"


def _atomic(out_path: Path, write: Callable) -> int:
    """Write through a temporary file moved into place, so a failed export leaves no half file."""
    part = out_path.with_name(f".{out_path.name}.part")
    try:
        with part.open("w", encoding="utf-8", newline="") as f:
            count = write(f)
        part.replace(out_path)
    except OSError as e:
        raise ExportError(f"Cannot write {out_path}: {e}") from e
    finally:
        part.unlink(missing_ok=True)
    return count


def _write_csv(conn, f, base_url: str) -> int:
    """Every column of ``stories``, with a header row; empty cells for nulls, as Datasette writes."""
    out = csv.writer(f)
    out.writerow([c[0] for c in conn.execute("select * from stories limit 0").description])
    count = 0
    with closing(story_batches(conn)) as batches:  # short read locks, so publishing is never held up
        for batch in batches:
            out.writerows(["" if v is None else v for v in row.values()] for row in batch)
            count += len(batch)
    return count


def _write_json(conn, f, base_url: str) -> int:
    """A JSON list of stories, written one story at a time so a big archive is never all in memory."""
    f.write("[")
    count = 0
    with closing(story_batches(conn)) as batches:  # short read locks, so publishing is never held up
        for story in (story for batch in batches for story in batch):
            f.write(",\n" if count else "\n")
            f.write(json.dumps(_story(conn, story, base_url), ensure_ascii=False))
            count += 1
    f.write("\n]\n" if count else "]\n")
    return count


def _story(conn, story: dict, base_url: str) -> dict:
    story_id = story["id"]
    for column in JSON_LISTS:
        story[column] = _json_list(story.get(column))
    story["permalink"] = base_url.rstrip("/") + story_path(story_id)
    story["segments"] = [dict(r) for r in conn.execute(
        'select idx, start, "end", text from segments where story_id = ? order by idx', [story_id])]
    evidence: dict[str, list[dict]] = {}
    for r in conn.execute('select theme_id, segment_idx, start, "end", matched, sentence from theme_evidence '
                          "where story_id = ? order by segment_idx, rowid", [story_id]):
        item = dict(r)
        evidence.setdefault(item.pop("theme_id"), []).append(item)
    # Replaces the column's list of theme ids: each entry carries its id, and much more.
    story["themes"] = [{**dict(r), "evidence": evidence.get(r["theme_id"], [])} for r in conn.execute(
        "select st.theme_id, t.label, st.mentions, st.strength from story_themes st "
        "left join themes t on t.id = st.theme_id where st.story_id = ? order by st.theme_id", [story_id])]
    return story


def _json_list(value: str | None) -> list:
    try:
        parsed = json.loads(value) if value else []
    except json.JSONDecodeError:
        return [value]
    return parsed if isinstance(parsed, list) else [parsed]
