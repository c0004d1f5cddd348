"""The form's process: ``waitress --call wiring.web:create_app``, with the project's logging."""

from __future__ import annotations

from flask import Flask

import collect
from wiring import logs


def create_app() -> Flask:
    """The form and moderation app, logging as the other processes do."""
    logs.configure()
    return collect.create_app()
