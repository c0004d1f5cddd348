"""``stories analyse``, ``stories codebook`` and ``stories themes``: the researcher's tools."""

from __future__ import annotations

from pathlib import Path

import click

from stories.store import Store
from wiring.cli_common import errors_as_click, settings_from


@click.command("analyse")
@click.argument("story_ids", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every analysed story.")
@click.pass_context
@errors_as_click
def analyse_command(ctx, story_ids: tuple[str, ...], everything: bool) -> None:
    """Tag stories again with the current codebook and report what changed."""
    from stories.states import RETAGGABLE
    from wiring import syncer
    from wiring.tasks import retag

    if not story_ids and not everything:
        raise click.UsageError("Name stories, or use --all.")
    settings = settings_from(ctx)
    with Store(settings.db_path) as store:
        ids = [s["id"] for s in store.all(RETAGGABLE)] if everything else list(story_ids)
        changed = 0
        for story_id in ids:
            added, removed = retag(settings, store, story_id, "cli:analyse")
            if added or removed:
                changed += 1
                click.echo(f"{story_id}: " + " ".join([f"+{t}" for t in sorted(added)] +
                                                     [f"-{t}" for t in sorted(removed)]))
        click.echo(f"Re-tagged {len(ids)} stories; {changed} changed.")
        syncer.drain(settings, store, only=ids)  # published ones follow now (a running syncer would too)


@click.group()
def codebook() -> None:
    """Check, export and import codebooks (TOML, REFI-QDA .qdc)."""


@codebook.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@errors_as_click
def codebook_check(path: Path) -> None:
    """Validate a codebook: each problem with its line; warnings for patterns that can never match."""
    from analyse.codebook_check import check_codebook

    problems = check_codebook(path)
    for p in problems:
        where = f"{path}:{p.line}" if p.line else str(path)
        click.echo(f"{where}: {p.level}: {p.message}")
    errors = sum(p.level == "error" for p in problems)
    if errors:
        raise click.ClickException(f"{errors} error(s) in {path}")
    click.echo(f"{path}: OK ({len(problems)} warning(s))")


@codebook.command("export")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--codebook", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The TOML codebook (default: the one in use).")
@click.pass_context
@errors_as_click
def codebook_export(ctx, target: Path, source: Path | None) -> None:
    """Write the codebook as REFI-QDA (.qdc), for QualCoder, Taguette, NVivo or ATLAS.ti."""
    from analyse import load_codebook
    from analyse.qdc import export_qdc
    from wiring.tasks import codebook_path

    export_qdc(load_codebook(source or codebook_path(settings_from(ctx))), target)
    click.echo(target)


@codebook.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@errors_as_click
def codebook_import(source: Path, target: Path) -> None:
    """Turn a REFI-QDA .qdc codebook into a TOML codebook (then add patterns to it)."""
    from analyse.codebook_toml import dump_codebook
    from analyse.qdc import import_qdc

    target.write_text(dump_codebook(import_qdc(source)), encoding="utf-8")
    click.echo(target)


@click.group()
def themes() -> None:
    """Grow the codebook from the stories themselves."""


@themes.command("suggest")
@click.option("--language", default="en", show_default=True)
@click.option("--min-count", default=3, show_default=True, help="Seen at least this often.")
@click.option("--top", default=20, show_default=True)
@click.pass_context
@errors_as_click
def themes_suggest(ctx, language: str, min_count: int, top: int) -> None:
    """Frequent, distinctive phrases across the stories that no theme covers yet.

    Reads approved stories whose tellers agreed to research use.
    """
    from analyse import load_codebook, load_pipeline
    from analyse.suggest import codebook_covered, suggest_themes
    from stories.states import APPROVED_ANY
    from wiring.tasks import codebook_path

    settings = settings_from(ctx)
    path = codebook_path(settings)
    nlp = load_pipeline(language, path)
    covered = codebook_covered([p for t in load_codebook(path).themes for p in t.patterns_for(language)], nlp)
    with Store(settings.db_path) as store:
        # Growing a codebook is research: only stories whose tellers agreed to research use,
        # once a moderator has approved them (the examples quote whole sentences).
        texts = [(s["id"], " ".join(seg.text for seg in store.segments(s["id"])))
                 for s in store.all(APPROVED_ANY)
                 if store.consents(s["id"]).get("research")
                 and (s["language"] or s["detected_language"] or "en") == language]
    found = suggest_themes(texts, covered, nlp, min_count=min_count, top=top)
    if not found:
        click.echo("No uncovered phrases seen often enough.")
    for s in found:
        click.echo(f"{s.phrase!r}: {s.count} times in {s.stories} stories "
                   f"(distinctiveness {s.distinctiveness:.1f})")
        for story_id, sentence in s.examples:
            click.echo(f"    {story_id}: {sentence}")


COMMANDS = [analyse_command, codebook, themes]
