"""``stories token``: the tokens workers on other machines use (``stories worker --remote``)."""

from __future__ import annotations

import click

from wiring.cli_common import errors_as_click, opened_store


@click.group()
def token() -> None:
    """Worker tokens: add one per worker machine, remove it to shut that machine out at once."""


@token.command("add")
@click.argument("name")
@click.pass_context
@errors_as_click
def add(ctx, name: str) -> None:
    """Make a token for worker NAME (replacing its old one) and print it: it is shown only this once."""
    with opened_store(ctx) as store:
        try:
            secret = store.tokens.add(name)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="NAME") from exc
    click.echo(secret)
    click.echo(f"Token for worker {name!r}: give it to that machine as STORIES_WORKER_TOKEN; "
               "only its hash is kept.", err=True)


@token.command("remove")
@click.argument("name")
@click.pass_context
@errors_as_click
def remove(ctx, name: str) -> None:
    """Revoke NAME's token now: its next call gets 401, its results are refused, its stories go elsewhere."""
    with opened_store(ctx) as store:
        if not store.tokens.remove(name):
            raise click.ClickException(f"No worker called {name!r}")
    click.echo(f"Revoked the token of worker {name!r}.")


@token.command("list")
@click.pass_context
@errors_as_click
def list_tokens(ctx) -> None:
    """The workers that have a token, and when it was made."""
    with opened_store(ctx) as store:
        for row in store.tokens.names():
            click.echo(f"{row['name']}\t{row['created_at']}")


COMMANDS = [token]
