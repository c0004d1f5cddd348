"""Datasette's own client on the built archive, with the project's metadata and audio mount."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

from datasette.app import Datasette

from publish import METADATA, STATIC, TEMPLATES


def datasette_get(settings, path: str, status: int = 200, headers: dict | None = None):
    """GET ``path`` from a Datasette serving the archive as `stories serve` does."""
    return datasette_get_all(settings, [path], status, headers)[0]


def datasette_get_all(settings, paths: list[str], status: int = 200, headers: dict | None = None):
    """GET each path in turn from one Datasette, as one visitor going from page to page."""
    async def fetch():
        ds = Datasette([str(settings.archive_path)], metadata=json.loads(METADATA.read_text()),
                       settings={"suggest_facets": False, "num_sql_threads": 1}, template_dir=str(TEMPLATES),
                       static_mounts=[("assets", str(STATIC)), ("audio", str(settings.published_dir))])
        await ds.invoke_startup()
        responses = []
        for path in paths:
            response = await ds.client.get(path, headers=headers)
            assert response.status_code == status, (path, response.status_code, response.text[:500])
            responses.append(response)
        return responses

    # Its own thread: Playwright's sync API may hold an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, fetch()).result()
