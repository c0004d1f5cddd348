"""Helpers every ``stories`` command shares."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

import click

from stories.errors import StoriesError
from stories.settings import Settings
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


@contextmanager
def opened_store(ctx: click.Context) -> Iterator[Store]:
    """The working store of the command's data folder, its schema up to date; closed afterwards."""
    with Store(settings_from(ctx).db_path) as store:
        store.init()
        yield store
