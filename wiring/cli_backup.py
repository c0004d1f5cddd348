"""``stories backup`` and ``stories restore``: the working store and its media, taken while running."""

from __future__ import annotations

from pathlib import Path

import click

from wiring.cli_common import errors_as_click, settings_from


@click.command("backup")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@click.option("--link", "media", flag_value="link",
              help="Hard-link media files instead of copying them (same file system only; "
                   "a snapshot of the names, not a second copy of the bytes).")
@click.option("--no-media", "media", flag_value="none",
              help="List media in the manifest without copying them (media backed up elsewhere).")
@click.option("--copy", "media", flag_value="copy", default=True, hidden=True)
@click.pass_context
@errors_as_click
def backup_command(ctx, path: Path, media: str) -> None:
    """Back up the working store and its media into the new folder PATH.

    Safe while the web server and worker run: the store is copied with SQLite's
    online backup API. The archive is not included: `stories publish` rebuilds it.
    """
    from stories.backup import backup

    report = backup(settings_from(ctx), path, media)
    click.echo(f"Backed up {report.stories} stories and {report.media_files} media files "
               f"({report.media_bytes / 1e6:.1f} MB) to {report.path}")
    if report.missing:
        click.echo(f"Not on disk, so not in the backup ({len(report.missing)}): "
                   + ", ".join(report.missing), err=True)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a working store that holds stories (it is kept in replaced-<time>/).")
@click.pass_context
@errors_as_click
def restore_command(ctx, path: Path, force: bool) -> None:
    """Restore a backup made by `stories backup` into the data folder.

    Stop the web server and worker first. Then run `stories publish` to rebuild the archive.
    """
    from stories.backup import restore

    report = restore(settings_from(ctx), path, force)
    if report.set_aside:
        click.echo(f"The replaced store is kept in {report.set_aside}")
    click.echo(f"Restored {report.stories} stories; media: {report.media_restored} copied, "
               f"{report.media_present} already in place")
    problems = [f"missing: {p}" for p in report.missing] + [f"damaged: {p}" for p in report.damaged]
    if problems:
        raise click.ClickException(f"{len(problems)} media files could not be restored:\n  "
                                   + "\n  ".join(problems))


COMMANDS = [backup_command, restore_command]
