"""Fixtures for the archive's page tests."""

import pytest
from browser import archive_server
from published import build, publish_story

from stories.media import IncomingFile, keep
from wiring import tasks


@pytest.fixture
def archive_url(store, settings, speech):
    """A real `datasette serve` on an archive with a real audio story on a theme, and a written one."""
    tasks.sync_themes(settings, store)
    incoming = IncomingFile.copy_of(speech("librivox-0870.wav"), settings.incoming_dir)
    path, _ = keep(incoming, settings.media_dir, "wav")
    publish_story(store, "Waiting for a home", [
        (0.0, 2.5, "We waited two years for social housing."),
        (2.5, 5.0, "The council lost our forms twice."),
        (5.0, 7.0, "A neighbour finally helped us apply.")],
        tags=[("housing", 0, "social housing")], media={"path": path, "sha": incoming.sha256},
        pseudonym="Sam")
    publish_story(store, "Another story", [(None, None, "Nothing to see about homes.")])
    build(store, settings)
    with archive_server(settings) as url:
        yield url
