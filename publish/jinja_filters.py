"""What the archive's templates need in Datasette's Jinja environment: its languages and filters."""

from __future__ import annotations

from datasette import hookimpl

from publish import i18n


@hookimpl(specname="prepare_jinja2_environment")
def add_filters(env, datasette):
    """``_()``, ``{% trans %}`` and ``{{ code|language_name }}`` ("es" is "Spanish", or "Español"
    on a Spanish page), each in the page's language."""
    i18n.install(env)
