"""``stories approve|reject|reopen|retry|withdraw`` and ``stories user``: moderation from the shell."""

from __future__ import annotations

import click

from stories.store import Store
from stories.users import MIN_PASSWORD, ROLES
from wiring.cli_common import errors_as_click, opened_store, settings_from


def _review_action(ctx, story_id: str, action, queue: bool = False) -> None:
    """Run a moderation action as the CLI user, then bring the archive in line at once.

    The action put the story in the outbox in its own transaction; syncing it here is only to be
    prompt (a running syncer would do the same). ``queue``: the story goes back to the worker (a retry).
    """
    from stories.queue import JobQueue
    from wiring import syncer

    settings = settings_from(ctx)
    with Store(settings.db_path) as store:
        action(store)
        if queue:
            JobQueue(settings).submit(story_id)
            click.echo(f"{story_id}: queued again; `stories worker` will process it")
        else:
            syncer.drain(settings, store, only=[story_id])
            click.echo(f"{story_id}: {store.get(story_id)['state']}")


def cli_actor() -> str:
    import getpass

    return f"cli:{getpass.getuser()}"


@click.command()
@click.argument("story_id")
@click.pass_context
@errors_as_click
def approve(ctx, story_id: str) -> None:
    """Approve a story in review; pending redactions are accepted. Publishes it if consented."""
    from stories.review import approve as approve_story

    _review_action(ctx, story_id, lambda store: approve_story(store, story_id, cli_actor()))


@click.command()
@click.argument("story_id")
@click.option("--reason", required=True, help="Why it is rejected (kept in the audit log).")
@click.pass_context
@errors_as_click
def reject(ctx, story_id: str, reason: str) -> None:
    """Reject a story; it leaves the archive if it was there."""
    from stories.review import reject as reject_story

    _review_action(ctx, story_id, lambda store: reject_story(store, story_id, cli_actor(), reason))


@click.command()
@click.argument("story_id")
@click.pass_context
@errors_as_click
def reopen(ctx, story_id: str) -> None:
    """Send an approved, published or rejected story back to review (and out of the archive)."""
    from stories.review import reopen as reopen_story

    _review_action(ctx, story_id, lambda store: reopen_story(store, story_id, cli_actor()))


@click.command()
@click.argument("story_id")
@click.option("--language", help="Transcribe it in this language (a code such as fi); the model follows it.")
@click.pass_context
@errors_as_click
def retry(ctx, story_id: str, language: str | None) -> None:
    """Queue a failed story, or one in review, to be transcribed again (its file was kept)."""
    from stories.review import retry as retry_story

    _review_action(ctx, story_id, lambda store: retry_story(store, story_id, cli_actor(), language),
                   queue=True)


@click.command()
@click.argument("id_or_code")
@click.pass_context
@errors_as_click
def withdraw(ctx, id_or_code: str) -> None:
    """Withdraw a story by its id or the teller's withdrawal code; it leaves the archive now."""
    from stories.errors import StoryNotFound
    from stories.media_store import media_store
    from stories.withdrawal import find_by_code
    from stories.withdrawal import withdraw as withdraw_story

    settings = settings_from(ctx)
    with Store(settings.db_path) as store:
        try:
            story_id = store.get(id_or_code)["id"]
        except StoryNotFound:
            story_id = find_by_code(store, id_or_code)["id"]
    _review_action(ctx, story_id,
                   lambda store: withdraw_story(store, story_id, cli_actor(), media_store(settings)))


def _long_enough(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise click.BadParameter(f"The password must be at least {MIN_PASSWORD} characters; try again.")
    return password


@click.group()
def user() -> None:
    """Accounts: reporters (interviews), moderators and admins."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="moderator", show_default=True)
@click.option("--password", help="The password (asked for when not given).")
@click.pass_context
@errors_as_click
def user_add(ctx, name: str, role: str, password: str | None) -> None:
    """Create an account, or reset its password and role (which ends its sessions)."""
    from stories.users import add_user

    if password is None:
        # The length is checked before the second asking, not after both.
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True,
                                value_proc=_long_enough)
    with opened_store(ctx) as store:
        add_user(store, name, password, role)
    click.echo(f"{name.strip().lower()}: {role}")


@user.command("remove")
@click.argument("name")
@click.pass_context
@errors_as_click
def user_remove(ctx, name: str) -> None:
    """Delete an account; anyone signed in with it is signed out at their next request."""
    from stories.users import remove_user

    with opened_store(ctx) as store:
        remove_user(store, name)
    click.echo(f"{name.strip().lower()}: removed, and its sessions ended")


COMMANDS = [approve, reject, reopen, retry, withdraw, user]
