"""Publish: working store in, ``archive.db`` and redacted audio (served by Datasette) out."""

from pathlib import Path

from publish.archive import build_archive, sync_story
from publish.rules import may_publish, publishable

METADATA = Path(__file__).parent / "metadata.json"
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

__all__ = ["METADATA", "STATIC", "TEMPLATES", "build_archive", "datasette_command", "may_publish",
           "publishable", "sync_story"]


def datasette_command(archive_path: Path, published_dir: Path, host: str, port: int) -> list[str]:
    """Arguments to serve the archive and its audio with the project's metadata.

    Not ``--immutable``: the archive is refreshed while Datasette runs, and
    Datasette already opens a mutable file read-only (``mode=ro``).
    """
    return ["datasette", "serve", str(archive_path), "--metadata", str(METADATA),
            "--template-dir", str(TEMPLATES), "--static", f"assets:{STATIC}",
            "--static", f"audio:{published_dir}",
            "--setting", "suggest_facets", "off", "--host", host, "--port", str(port)]
