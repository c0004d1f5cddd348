"""Helpers every ``stories`` command shares."""

from __future__ import annotations

import functools

import click

from stories.errors import StoriesError
from stories.settings import Settings


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
