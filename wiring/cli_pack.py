"""``stories pack``: an evidence pack on one theme, as HTML and PDF, from the published archive."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from wiring.cli_common import errors_as_click, settings_from


def _iso_date(ctx, param, value: str | None) -> str | None:
    """Reject a bad ``--since`` before any work, with the option's name in the message."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD.") from None


@click.command()
@click.argument("theme")
@click.option("--place", help="Only stories from this place (as the archive spells it, e.g. Leeds).")
@click.option("--since", callback=_iso_date, metavar="YYYY-MM-DD",
              help="Only stories received on or after this date.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default="the current folder", help="Folder to write the pack into.")
@click.pass_context
@errors_as_click
def pack(ctx, theme: str, place: str | None, since: str | None, out_dir: Path) -> None:
    """Write an evidence pack on THEME (e.g. housing): counts, consented quotes with citations,
    the codebook's definition and a note on method. Prints the HTML and PDF paths.
    """
    import publish
    from publish.pack import write_pack

    settings = settings_from(ctx)
    # The pack names the archive as its public pages do, so citations match the site.
    title = json.loads(publish.METADATA.read_text()).get("title") or "Stories"
    html_path, pdf_path = write_pack(settings.archive_path, theme, out_dir, settings.archive_url, title,
                                     place=place, since=since)
    click.echo(html_path)
    click.echo(pdf_path)


COMMANDS = [pack]
