"""``stories export``: the public archive as REFI-QDA (.qdpx), CSV or JSON, for researchers' tools.

It reads only the public archive. One story's transcript from the working store (a private
copy, for moderators) is ``stories transcript`` in cli_models.
"""

from __future__ import annotations

from pathlib import Path

import click

from stories.model import EXPORT_FORMATS
from wiring.cli_common import errors_as_click, settings_from


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS),
              help="qdpx (QualCoder, NVivo, ATLAS.ti, MAXQDA), csv or json; default: PATH's suffix.")
@click.pass_context
@errors_as_click
def export_archive(ctx, path: Path, fmt: str | None) -> None:
    """Export the public archive (archive.db only, never the working store) to PATH.

    \b
    stories export stories.qdpx   # a REFI-QDA project: stories coded with their themes
    stories export stories.csv    # the stories table, one row per story
    stories export stories.json   # each story with its segments and themes nested
    """
    from publish.export import export_archive as write_export
    from publish.export import format_for

    settings = settings_from(ctx)
    click.echo(write_export(settings.archive_path, fmt or format_for(path), path, settings.archive_url))


COMMANDS = [export_archive]
