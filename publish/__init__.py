"""Publish: working store in, ``archive.db`` and redacted audio (served by Datasette) out."""

from pathlib import Path

from publish.archive import archived_ids, build_archive, prune_audio, remove_stories, sync_story
from publish.rules import may_publish, publishable

METADATA = Path(__file__).parent / "metadata.json"
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

__all__ = ["METADATA", "STATIC", "TEMPLATES", "archived_ids", "build_archive", "datasette_command",
           "may_publish", "prune_audio", "publishable", "remove_stories", "sync_story"]


def datasette_command(archive_path: Path, published_dir: Path, host: str, port: int, *,
                      allow_sql: bool = False, immutable: bool = False) -> list[str]:
    """Arguments to serve the archive and its audio with the project's metadata.

    Not ``--immutable`` by default: the archive is refreshed while Datasette runs, and
    Datasette already opens a mutable file read-only (``mode=ro``). ``immutable`` is for a
    deployment that serves a *copy* of ``archive.db``, replaced whole and Datasette restarted.
    Arbitrary SQL (``?sql=``, ``_where=``) is refused unless ``allow_sql``; the canned
    queries in metadata.json need only view-query, so search works either way.
    """
    database = ["--immutable", str(archive_path)] if immutable else [str(archive_path)]
    return ["datasette", "serve", *database, "--metadata", str(METADATA),
            "--template-dir", str(TEMPLATES), "--static", f"assets:{STATIC}",
            "--static", f"audio:{published_dir}",
            "--setting", "suggest_facets", "off",
            "--setting", "default_allow_sql", "on" if allow_sql else "off",
            "--host", host, "--port", str(port)]
