"""The archive's map page: how long /map takes to render, and the SVG it sends.

    .venv/bin/python bench/map.py [--stories 2000] [--places 3,30,158] [--requests 30]

For each count of places, fills a working store with --stories synthetic stories
(bench/archive_data.py) told from that many places of the gazetteer (the first of
them a city, the rest chosen at random, seeded), publishes it (not timed), then
asks Datasette's own client for /map --requests times after a warm-up and prints
the median and slowest, the CPU time per request, the page's size and the SVG's,
and the CPU time of the first map_svg (the first row's includes reading the outlines).

To compare with an older map, run this file from an export of that commit
(`git archive COMMIT | tar -x -C DIR`, then copy bench/map.py there): it imports
the tree it lies in.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def archive_with_places(work: Path, stories: int, places: int):
    """Settings for a published archive of ``stories`` stories from ``places`` gazetteer places."""
    import archive_data

    import publish
    from stories.places import choices
    from stories.settings import load_settings
    from stories.store import Store
    from wiring.tasks import sync_themes

    gazetteer = choices()
    rng = random.Random(places)
    cities = [p.name for p in gazetteer if p.level == "city"]
    chosen = [cities[0], *rng.sample([p.name for p in gazetteer if p.name != cities[0]], places - 1)]
    archive_data.PLACES = tuple(chosen)
    settings = load_settings(environ={"STORIES_HOME": str(work / "home")})
    settings.home.mkdir(parents=True, exist_ok=True)
    with Store(settings.db_path) as store:
        store.init()
        sync_themes(settings, store)
        archive_data.fill_store(store, stories)
        publish.build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
    return settings


def time_map_page(settings, requests: int) -> tuple[list[float], float, str]:
    """Milliseconds for each GET /map after one warm-up, CPU milliseconds per request, and the page.

    The CPU time (this process's, all threads: Datasette's client runs here) is the figure to
    compare on a busy machine, where waiting for a core inflates the wall-clock times.
    """
    from datasette.app import Datasette

    from publish import METADATA, STATIC, TEMPLATES

    async def run():
        ds = Datasette([str(settings.archive_path)], metadata=json.loads(METADATA.read_text()),
                       settings={"suggest_facets": False}, template_dir=str(TEMPLATES),
                       static_mounts=[("assets", str(STATIC)), ("audio", str(settings.published_dir))])
        await ds.invoke_startup()
        first = await ds.client.get("/map")
        assert first.status_code == 200, first.text[:500]
        times = []
        cpu = time.process_time()
        for _ in range(requests):
            started = time.perf_counter()
            response = await ds.client.get("/map")
            times.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200
        return times, 1000 * (time.process_time() - cpu) / requests, first.text

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--places", default="1,3,30,158", help="counts of places, comma-separated")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    from sqlite_utils.utils import sqlite3

    import publish.maps as maps

    print(f"map code: {Path(maps.__file__).parent.parent}")
    print("| places | /map median ms | /map slowest ms | /map CPU ms | first map_svg CPU ms | page KB "
          "| svg KB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for count in (int(n) for n in args.places.split(",")):
        with tempfile.TemporaryDirectory(prefix="stories-map-") as work:
            settings = archive_with_places(Path(work), args.stories, count)
            conn = sqlite3.connect(settings.archive_path)
            clusters = maps.place_clusters(conn)
            conn.close()
            started = time.process_time()
            maps.map_svg(clusters)  # the first drawing of this extent: nothing cached
            alone = 1000 * (time.process_time() - started)
            times, cpu, page = time_map_page(settings, args.requests)
            svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
            print(f"| {len(clusters)} | {statistics.median(times):.1f} | {max(times):.1f} | {cpu:.1f} "
                  f"| {alone:.1f} | {len(page.encode()) / 1024:.0f} | {len(svg.encode()) / 1024:.0f} |")


if __name__ == "__main__":
    main()
