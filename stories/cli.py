"""The ``stories`` command: the second place (with tasks) that wires the stages."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import click

from stories.errors import StoriesError
from stories.settings import Settings, load_settings
from stories.store import Store


def errors_as_click(fn):
    """Library errors become ClickException: a clear message and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StoriesError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def settings_from(ctx: click.Context) -> Settings:
    return ctx.find_object(Settings)


@click.group()
@click.version_option(package_name="stories")
@click.pass_context
@errors_as_click
def cli(ctx: click.Context) -> None:
    """Stories: lived-experience stories, from upload to a searchable archive.

    The data folder is $STORIES_HOME (default ./instance).
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    ctx.obj = load_settings()


@cli.command()
@click.pass_context
@errors_as_click
def init(ctx: click.Context) -> None:
    """Create the data folder, the working store and an empty archive."""
    from stories.tasks import publish_archive

    settings = settings_from(ctx)
    settings.home.mkdir(parents=True, exist_ok=True)
    store = Store(settings.db_path)
    try:
        applied = store.init()
    finally:
        store.close()
    if not settings.archive_path.exists():
        publish_archive(settings)
    click.echo(f"Data folder {settings.home}: " +
               (f"applied {', '.join(applied)}" if applied else "schema up to date"))


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title of the story (default: the file name).")
@click.option("--language", default="", help="Language code such as 'en'; default: detect.")
@click.option("--place", default="", help="Where the story is from.")
@click.option("--consent", "consents", multiple=True, type=click.Choice(["publish"]),
              help="What the teller agreed to; repeat for several. Without it, nothing is published.")
@click.option("--contact", default="", help="How to reach the teller (never published).")
@click.pass_context
@errors_as_click
def add(ctx, path: Path, title, language, place, consents, contact) -> None:
    """Add a story from a file, exactly as the web form does, and queue it."""
    from collect.intake import Submission, receive_path
    from stories.queue import JobQueue

    settings = settings_from(ctx)
    store = Store(settings.db_path)
    try:
        store.init()
        submission = Submission(title=title or path.stem, language=language, place=place,
                                consents={c: True for c in consents}, contact=contact)
        story_id = receive_path(store, JobQueue(settings), settings, path, submission)
    finally:
        store.close()
    click.echo(story_id)


@cli.command()
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@click.pass_context
@errors_as_click
def worker(ctx, burst: bool) -> None:
    """Run queued jobs: transcribe, then analyse (and publish, if auto_publish is on)."""
    from stories.tasks import requeue_unfinished, wire

    settings = settings_from(ctx)
    store = Store(settings.db_path)
    store.init()
    store.close()
    queue = wire(settings)
    recovered = requeue_unfinished(settings, queue)
    if recovered:
        click.echo(f"Re-queued {len(recovered)} unfinished stories: {', '.join(recovered)}")
    if burst:
        click.echo(f"Ran {queue.run_burst()} jobs.")
    else:
        queue.run_forever()


@cli.command("publish")
@click.pass_context
@errors_as_click
def publish_command(ctx) -> None:
    """Build or refresh archive.db from the working store."""
    from stories.tasks import publish_archive

    settings = settings_from(ctx)
    count = publish_archive(settings)
    click.echo(f"Published {count} stories to {settings.archive_path}")


@cli.command()
@click.argument("story_id", required=False)
@click.pass_context
@errors_as_click
def status(ctx, story_id: str | None) -> None:
    """List stories with their state, or show one: state, timings, errors."""
    from stories.report import show_list, show_story

    store = Store(settings_from(ctx).db_path)
    try:
        store.init()
        click.echo(show_story(store, story_id) if story_id else show_list(store))
    finally:
        store.close()


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.pass_context
@errors_as_click
def serve(ctx, host: str) -> None:
    """Start the upload form, a worker and Datasette on archive.db. Ctrl-C stops all three."""
    from stories.serve import run_all

    raise SystemExit(run_all(settings_from(ctx), host))


def main() -> None:
    cli(prog_name="stories")
