"""``stories transcript`` and ``stories models``: transcripts out, Whisper models in."""

from __future__ import annotations

from pathlib import Path

import click

from stories.errors import ConfigError
from stories.store import Store
from wiring.cli_common import errors_as_click, settings_from


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

    with Store(settings_from(ctx).db_path) as store:
        segments = store.segments(store.get(story_id)["id"])
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
@click.option("--language", "languages", multiple=True, metavar="CODE",
              help="Show the route for this language too (repeatable); default: the story languages.")
@click.pass_context
@errors_as_click
def models_list(ctx, languages: tuple[str, ...]) -> None:
    """Installed models, then which model each language goes to and how well it is expected to do."""
    from stories.languages import STORY_LANGUAGES
    from transcribe import quality, routing
    from transcribe.models import list_models

    settings = settings_from(ctx)
    installed = list_models(settings.cache_dir)
    click.echo("Installed Whisper models:")
    for info in installed:
        size = f"{info.size_bytes / 2**20:.0f} MB" if info.size_bytes else "-"
        where = info.path or ("assembled on first use" if info.installed else "not installed")
        spoken = f"{len(info.languages)} languages" if info.multilingual else ", ".join(info.languages)
        click.echo(f"  {info.name:<16} {info.family or '?':<14} {size:>8}  {spoken:<13} {where}")
    click.echo(f"\nModel per language (expected word error rate; over {settings.max_expected_wer:g}% "
               f"flags the story for a careful review):")
    for language in dict.fromkeys([*STORY_LANGUAGES, *settings.models, *languages]):
        try:
            route = routing.choose(language, installed, settings.model, settings.models)
        except ConfigError as exc:
            click.echo(f"  {language:<4} -                {exc}")
            continue
        figures = quality.estimates(route.family, language)
        shown = ", ".join(f"{figures[k]:4.1f}% {k}" for k in ("published", "measured") if k in figures)
        weak = "  WEAK" if route.expected and route.expected.wer > settings.max_expected_wer else ""
        click.echo(f"  {language:<4} {route.model:<16} {shown or 'no published figure':<30}{weak}  "
                   f"({route.reason})")


@models.command("add")
@click.argument("source")
@click.option("--name", help="Name to install it under (default: the folder's name, or the size).")
@click.option("--size", help="Which Whisper size it is (tiny, base, small, medium, large-v3...), when "
                             "its name does not say.")
@click.pass_context
@errors_as_click
def models_add(ctx, source: str, name: str | None, size: str | None) -> None:
    """Install a Whisper model for routing: a local CTranslate2 folder, or a size name to download.

    A folder is copied into the model cache with the sha256 of each file recorded. A name (small,
    medium, large-v3-turbo...) is fetched from the Hugging Face hub, which needs the internet.
    """
    from transcribe import install

    settings = settings_from(ctx)
    if Path(source).expanduser().is_dir():
        info = install.add_folder(Path(source), settings.cache_dir, name, size)
    else:
        info = install.download(source, settings.cache_dir, name)
    click.echo(f"{info.name}: {info.family}, {info.size_bytes / 2**20:.0f} MB, in {info.path}")


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
