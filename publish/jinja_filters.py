"""Filters the archive's templates use, given to Datasette's Jinja environment."""

from __future__ import annotations

from datasette import hookimpl

from stories.languages import language_name


@hookimpl(specname="prepare_jinja2_environment")
def add_filters(env, datasette):
    """``{{ code|language_name }}``: "es" is shown as "Spanish"."""
    env.filters["language_name"] = language_name
