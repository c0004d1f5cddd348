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
@click.option("--consent", "consents", multiple=True,
              type=click.Choice(["publish", "quote", "research", "name"]),
              help="What the teller agreed to; repeat for several. "
                   "Without 'name' the teller is anonymous.")
@click.option("--name", "teller_name", default="",
              help="The teller's name (published only with --consent name).")
@click.option("--pseudonym", default="", help="Name to show when the teller is anonymous.")
@click.option("--contact", default="", help="How to reach the teller (never published).")
@click.pass_context
@errors_as_click
def add(ctx, path: Path, title, language, place, consents, teller_name, pseudonym, contact) -> None:
    """Add a story from a file, exactly as the web form does, and queue it.

    Prints the story's id; the teller's private withdrawal code goes to stderr.
    """
    from collect.intake import Submission, receive_path
    from stories.queue import JobQueue

    settings = settings_from(ctx)
    store = Store(settings.db_path)
    try:
        store.init()
        submission = Submission(title=title or path.stem, language=language, place=place,
                                consents={c: True for c in consents}, contact=contact,
                                teller_name=teller_name, pseudonym=pseudonym)
        receipt = receive_path(store, JobQueue(settings), settings, path, submission)
    finally:
        store.close()
    click.echo(receipt.story_id)
    click.echo(f"Withdrawal code (give it to the teller): {receipt.withdrawal_code}", err=True)


@cli.command()
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@click.pass_context
@errors_as_click
def worker(ctx, burst: bool) -> None:
    """Run queued jobs: transcribe, analyse, and keep the archive in line with each story."""
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


def _review_action(ctx, story_id: str, action) -> None:
    """Run a moderation action as the CLI user, then bring the archive in line at once."""
    from stories.tasks import sync_archive

    settings = settings_from(ctx)
    store = Store(settings.db_path)
    try:
        action(store)
        sync_archive(settings, store, story_id)
        click.echo(f"{story_id}: {store.get(story_id)['state']}")
    finally:
        store.close()


def cli_actor() -> str:
    import getpass

    return f"cli:{getpass.getuser()}"


@cli.command()
@click.argument("story_id")
@click.pass_context
@errors_as_click
def approve(ctx, story_id: str) -> None:
    """Approve a story in review; pending redactions are accepted. Publishes it if consented."""
    from stories.review import approve as approve_story

    _review_action(ctx, story_id, lambda store: approve_story(store, story_id, cli_actor()))


@cli.command()
@click.argument("story_id")
@click.option("--reason", required=True, help="Why it is rejected (kept in the audit log).")
@click.pass_context
@errors_as_click
def reject(ctx, story_id: str, reason: str) -> None:
    """Reject a story; it leaves the archive if it was there."""
    from stories.review import reject as reject_story

    _review_action(ctx, story_id, lambda store: reject_story(store, story_id, cli_actor(), reason))


@cli.command()
@click.argument("story_id")
@click.pass_context
@errors_as_click
def reopen(ctx, story_id: str) -> None:
    """Send an approved, published or rejected story back to review (and out of the archive)."""
    from stories.review import reopen as reopen_story

    _review_action(ctx, story_id, lambda store: reopen_story(store, story_id, cli_actor()))


@cli.command()
@click.argument("id_or_code")
@click.pass_context
@errors_as_click
def withdraw(ctx, id_or_code: str) -> None:
    """Withdraw a story by its id or the teller's withdrawal code; it leaves the archive now."""
    from stories.errors import StoryNotFound
    from stories.withdrawal import find_by_code
    from stories.withdrawal import withdraw as withdraw_story

    settings = settings_from(ctx)
    store = Store(settings.db_path)
    try:
        try:
            story_id = store.get(id_or_code)["id"]
        except StoryNotFound:
            story_id = find_by_code(store, id_or_code)["id"]
    finally:
        store.close()
    _review_action(ctx, story_id,
                   lambda store: withdraw_story(store, story_id, cli_actor(), settings.media_dir))


@cli.group()
def user() -> None:
    """Moderator and admin accounts."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["moderator", "admin"]), default="moderator", show_default=True)
@click.password_option(help="The password (asked for when not given).")
@click.pass_context
@errors_as_click
def user_add(ctx, name: str, role: str, password: str) -> None:
    """Create an account (or reset its password and role)."""
    from stories.users import add_user

    store = Store(settings_from(ctx).db_path)
    try:
        store.init()
        add_user(store, name, password, role)
    finally:
        store.close()
    click.echo(f"{name.strip().lower()}: {role}")


def main() -> None:
    cli(prog_name="stories")
