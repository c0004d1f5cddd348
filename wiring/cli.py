"""The ``stories`` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from stories.settings import load_settings
from stories.store import Store
from wiring import (
    cli_analyse,
    cli_archive,
    cli_backup,
    cli_campaign,
    cli_export,
    cli_models,
    cli_pack,
    cli_review,
    cli_workers,
    logs,
)
from wiring.cli_common import errors_as_click, opened_store, settings_from


@click.group()
@click.version_option(package_name="stories")
@click.pass_context
@errors_as_click
def cli(ctx: click.Context) -> None:
    """Stories: lived-experience stories, from upload to a searchable archive.

    The data folder is $STORIES_HOME (default ./instance).
    """
    logs.configure()
    ctx.obj = load_settings()


@cli.command()
@click.pass_context
@errors_as_click
def init(ctx: click.Context) -> None:
    """Create the data folder, the working store and an empty archive."""
    from wiring.tasks import publish_archive, sync_themes

    settings = settings_from(ctx)
    settings.home.mkdir(parents=True, exist_ok=True)
    with Store(settings.db_path) as store:
        applied = store.init()
        sync_themes(settings, store)
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
@click.option("--self-tag", "self_tags", multiple=True, metavar="THEME",
              help="A theme the teller chose for their story (repeatable), e.g. housing.")
@click.option("--feeling", type=click.IntRange(1, 5),
              help="How the experience felt to the teller: 1 very bad ... 5 very good.")
@click.option("--campaign", default="", metavar="SLUG", help="File the story under this open campaign.")
@click.pass_context
@errors_as_click
def add(ctx, path: Path, title, language, place, consents, teller_name, pseudonym, contact, self_tags,
        feeling, campaign) -> None:
    """Add a story from a file, exactly as the web form does, and queue it.

    Prints the story's id; the teller's private withdrawal code goes to stderr.
    """
    from stories.intake import Submission, receive_path
    from stories.queue import JobQueue
    from wiring.tasks import sync_themes

    settings = settings_from(ctx)
    with Store(settings.db_path) as store:
        store.init()
        if self_tags and not store.themes():
            sync_themes(settings, store)
        submission = Submission(title=title or path.stem, language=language, place=place,
                                consents={c: True for c in consents}, contact=contact,
                                teller_name=teller_name, pseudonym=pseudonym,
                                self_tags=list(self_tags), feeling=feeling, campaign=campaign)
        receipt = receive_path(store, JobQueue(settings), settings, path, submission)
    click.echo(receipt.story_id)
    click.echo(f"Withdrawal code (give it to the teller): {receipt.withdrawal_code}", err=True)


@cli.command()
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@click.option("--engine", type=click.Choice(["faster-whisper", "openai-whisper"]),
              help="Transcription engine (default: the STORIES_ENGINE setting).")
@click.option("--model", help="Force one Whisper model for every language it can do: tiny.en, base, an "
                              "added model's name, a CTranslate2 folder or a .pt checkpoint "
                              "(default: chosen by each story's language; see `stories models list`).")
@click.option("--remote", metavar="URL", help="Work for the coordinator at URL (its form's address) "
                                              "over HTTP, with no store or media here; needs --token "
                                              "and STORIES_QUEUE=redis://….")
@click.option("--token", envvar="STORIES_WORKER_TOKEN", help="This worker's token (`stories token add`); "
              "also read from STORIES_WORKER_TOKEN, which keeps it out of the process list.")
@click.pass_context
@errors_as_click
def worker(ctx, burst: bool, engine: str | None, model: str | None, remote: str | None,
           token: str | None) -> None:
    """Run queued jobs: transcribe and analyse; an archive syncer runs beside them.

    With --burst the outbox is drained once the queue is empty, so the archive is in line on exit.
    With --remote the coordinator keeps the store, the media and the archive; this worker keeps only
    its model cache, and its step settings come with each job.
    """
    from stories.report import progress_bar
    from wiring import syncer
    from wiring.tasks import requeue_unfinished, sync_themes, watch_leases, wire

    settings = settings_from(ctx).with_(**{k: v for k, v in (("engine", engine), ("model", model)) if v})
    if remote or token:
        from wiring.remote import wire_remote

        if not (remote and token):
            raise click.UsageError("--remote and --token go together")
        queue = wire_remote(settings, remote, token)
        click.echo(f"Working for {remote}; Ctrl-C stops.")
        if burst:
            click.echo(f"Ran {queue.run_burst()} jobs.")
        else:
            queue.run_forever()
        return
    with Store(settings.db_path) as store:
        store.init()
        sync_themes(settings, store)
    terminal = sys.stderr.isatty()

    def show(story_id: str, done: float, total: float) -> None:
        click.echo("\r" + progress_bar(story_id, done, total), err=True, nl=done >= total)

    queue = wire(settings, reporter=show if terminal else None)
    recovered = requeue_unfinished(settings, queue)
    if recovered:
        click.echo(f"Re-queued {len(recovered)} unfinished stories: {', '.join(recovered)}")
    if burst:
        click.echo(f"Ran {queue.run_burst()} jobs.")
        with opened_store(ctx) as store:
            syncer.drain(settings, store)
    else:
        watch_leases(settings, queue)  # another machine's worker may die holding a story
        syncer.start_thread(settings)  # decisions reach the archive while a long job runs
        queue.run_forever()


@cli.command("publish")
@click.pass_context
@errors_as_click
def publish_command(ctx) -> None:
    """Build or refresh archive.db from the working store."""
    from wiring import syncer
    from wiring.tasks import publish_archive

    settings = settings_from(ctx)
    count = publish_archive(settings)
    click.echo(f"Published {count} stories to {settings.archive_path}")
    with opened_store(ctx) as store:
        verdict = syncer.verify(settings, store)
    click.echo(verdict.summary().splitlines()[0])
    if not verdict.ok:
        raise click.ClickException(verdict.summary())


@cli.command()
@click.argument("story_id", required=False)
@click.pass_context
@errors_as_click
def status(ctx, story_id: str | None) -> None:
    """List stories with their state, or show one: state, timings, errors."""
    from stories.report import show_list, show_story

    with Store(settings_from(ctx).db_path) as store:
        store.init()
        click.echo(show_story(store, story_id) if story_id else show_list(store))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--no-worker", is_flag=True, help="Leave transcription to `stories worker --remote` "
              "machines: the form (with the workers' API), the archive and the syncer only.")
@click.pass_context
@errors_as_click
def serve(ctx, host: str, no_worker: bool) -> None:
    """Start the upload form, a worker, the archive syncer and Datasette. Ctrl-C stops them all."""
    from wiring.serve import run_all

    raise SystemExit(run_all(settings_from(ctx), host, worker=not no_worker))


for command in (*cli_review.COMMANDS, *cli_archive.COMMANDS, *cli_models.COMMANDS, *cli_analyse.COMMANDS,
                *cli_export.COMMANDS, *cli_pack.COMMANDS, *cli_campaign.COMMANDS, *cli_backup.COMMANDS,
                *cli_workers.COMMANDS):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="stories")
