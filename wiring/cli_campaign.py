"""``stories campaign``: open, list and close campaigns."""

from __future__ import annotations

from pathlib import Path

import click

from stories.store import Store
from wiring.cli_common import errors_as_click, opened_store, settings_from


@click.group()
def campaign() -> None:
    """Campaigns: a form with its own prompts, places and codebook (/c/SLUG)."""


@campaign.command("add")
@click.argument("slug")
@click.option("--title", required=True, help='What the campaign is, e.g. "Getting into work, Valencia 2027".')
@click.option("--description", default="", help="A sentence or two shown above the form.")
@click.option("--prompt", "prompts", multiple=True, help="A question to start from (repeat for more).")
@click.option("--place", "places", multiple=True, help="A place tellers may choose (repeat for more).")
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A codebook TOML that tags this campaign's stories (default: the installation's).")
@click.pass_context
@errors_as_click
def campaign_add(ctx, slug: str, title: str, description: str, prompts: tuple[str, ...],
                 places: tuple[str, ...], codebook: Path | None) -> None:
    """Open campaign SLUG (or update it). Prints the form's address."""
    import analyse
    from stories.campaigns import add_campaign
    from wiring.cli_review import cli_actor

    settings = settings_from(ctx)
    with Store(settings.db_path) as store:
        store.init()
        if codebook is not None:
            # Checked now, not when the first story is analysed: a broken codebook would fail every story.
            book = analyse.load_codebook(codebook.resolve())
            store.save_themes(book.themes)
        opened = add_campaign(store, slug, title, description=description, prompts=prompts, places=places,
                              codebook=str(codebook.resolve()) if codebook else "", actor=cli_actor())
    click.echo(f"{opened.slug}: {opened.title}")
    click.echo(f"Form: http://127.0.0.1:{settings.web_port}/c/{opened.slug}")
    click.echo(f"Interviews (reporters): http://127.0.0.1:{settings.web_port}/c/{opened.slug}/interview")


@campaign.command("list")
@click.pass_context
@errors_as_click
def campaign_list(ctx) -> None:
    """Every campaign with its number of stories."""
    from stories.campaigns import list_campaigns, story_counts

    with opened_store(ctx) as store:
        counts = story_counts(store)
        for c in list_campaigns(store):
            state = "open" if c.is_open else f"closed {c.closed_at[:10]}"
            click.echo(f"{c.slug}\t{counts.get(c.slug, 0)} stories\t{state}\t{c.title}")


@campaign.command("close")
@click.argument("slug")
@click.pass_context
@errors_as_click
def campaign_close(ctx, slug: str) -> None:
    """Take no more stories under SLUG; those filed stay, and stay published."""
    from stories.campaigns import close_campaign

    with opened_store(ctx) as store:
        closed = close_campaign(store, slug)
    click.echo(f"{closed.slug}: closed")


COMMANDS = [campaign]
