"""``stories transcript`` and ``stories models``: transcripts out, Whisper models in."""

from __future__ import annotations

from pathlib import Path

import click

from stories.cli_common import errors_as_click, settings_from
from stories.store import Store


@click.command("transcript")
@click.argument("story_id")
@click.option("--format", "fmt", type=click.Choice(["vtt", "srt", "txt"]), default="vtt", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_context
@errors_as_click
def transcript(ctx, story_id: str, fmt: str, output: Path | None) -> None:
    """Export one story's transcript as WebVTT, SRT or plain text with timecodes (private copy)."""
    from stories.captions import to_srt, to_text, to_webvtt

    store = Store(settings_from(ctx).db_path)
    try:
        segments = store.segments(store.get(story_id)["id"])
    finally:
        store.close()
    try:
        text = {"vtt": to_webvtt, "srt": to_srt, "txt": to_text}[fmt](segments)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@click.group()
def models() -> None:
    """Whisper models: what is installed, and conversions for openai-whisper."""


@models.command("list")
@click.pass_context
@errors_as_click
def models_list(ctx) -> None:
    """Installed models with their size and languages."""
    from transcribe.models import list_models

    for info in list_models(settings_from(ctx).cache_dir):
        size = f"{info.size_bytes / 2**20:.0f} MB" if info.size_bytes else "-"
        where = info.path or ("assembled on first use" if info.installed else "not installed")
        languages = "multilingual" if info.multilingual else ", ".join(info.languages)
        click.echo(f"{info.name:<12} {size:>8}  {languages:<14} {where}")


@models.command("convert")
@click.argument("name")
@click.pass_context
@errors_as_click
def models_convert(ctx, name: str) -> None:
    """Write an openai-whisper checkpoint from a packaged CTranslate2 model, for offline use."""
    from transcribe.convert import convert_to_openai
    from transcribe.models import resolve_model

    settings = settings_from(ctx)
    target = settings.cache_dir / "openai-whisper" / f"{Path(name).name}.pt"
    target.parent.mkdir(parents=True, exist_ok=True)
    click.echo(convert_to_openai(resolve_model(name, settings.cache_dir), target))


COMMANDS = [transcript, models]
