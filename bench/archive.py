"""The public archive at 100k stories: full publish, one story, ranked search and facets.

    .venv/bin/python bench/archive.py [--stories 100000] [--queries 100] [--keep DIR]

Fills a working store with --stories synthetic stories (bench/archive_data.py;
not timed), then measures:
  full publish:  publish.build_archive, first into no archive, then over the live one
  one story:     publish.sync_story after a story changed, and after a withdrawal
  search:        the canned queries search and search_segments, and the /search
                 page if the archive serves one, through a real Datasette on
                 127.0.0.1: --queries requests per term after a warm-up, common
                 and rare terms
  facets:        the stories table's JSON with language, place and themes facets
--keep DIR keeps the store and archive in DIR, and a later run with the same DIR
reuses the store instead of filling it again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlite_utils.utils import sqlite3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCH_P95_MS, FULL_PUBLISH_S, ONE_STORY_S = 50, 60, 1
MEASURE_SECONDS, MIN_ROUNDS = 60, 5
#: The facets that FACETS asks for, besides those the metadata sets for the stories table.
FACET_NAMES = {"language", "place"}
FACETS = "/archive/stories.json?_facet=language&_facet=place&_size=0"
#: Themes are counted from story_themes: an array facet on stories.themes runs past Datasette's limit.
THEME_FACET = "/archive/story_themes.json?_facet=theme_id&_size=0"


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(fn, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def start_datasette(settings, port: int, log: Path) -> subprocess.Popen:
    """Datasette serving the archive exactly as `stories serve` starts it, once it answers."""
    import publish

    args = publish.datasette_command(settings.archive_path, settings.published_dir, "127.0.0.1", port)
    command = [str(Path(sys.executable).parent / "datasette"), *args[1:]]
    settings.published_dir.mkdir(parents=True, exist_ok=True)  # as `stories serve` makes it
    server = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"datasette exited with {server.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/-/versions.json", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("datasette did not answer within 120 s")


def measure(client: httpx.Client, urls: list[str], repeat: int, check=None) -> list[float]:
    """Milliseconds per request, ``repeat`` times for each URL after a warm-up request each.

    A very slow URL stops after MEASURE_SECONDS (and at least MIN_ROUNDS rounds), so the bench ends.
    """
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:500])
        if check:
            check(url, response)
    times: list[float] = []
    deadline = time.monotonic() + MEASURE_SECONDS
    for done in range(repeat):
        if done >= MIN_ROUNDS and time.monotonic() > deadline:
            break
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            times.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, (url, response.status_code)
    return times


def sql_alone(archive: Path, query: str, terms: tuple[str, ...], repeat: int) -> float:
    """Median milliseconds of a canned query run straight on the archive file, without Datasette."""
    conn = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    times = []
    for _ in range(repeat + 1):
        for term in terms:
            started = time.perf_counter()
            conn.execute(query, {"q": term}).fetchall()
            times.append(1000 * (time.perf_counter() - started))
    conn.close()
    return statistics.median(times[len(terms):])


def one_story_syncs(store, settings, count: int) -> tuple[list[float], list[float]]:
    """Seconds to sync a story after an edit, and to take out a withdrawn one (``count`` each)."""
    import publish
    from stories.withdrawal import withdraw

    archive = sqlite3.connect(f"file:{settings.archive_path}?mode=ro", uri=True)
    ids = [r[0] for r in archive.execute("select id from stories order by random() limit ?", [2 * count])]
    paths = (settings.archive_path, settings.media_dir, settings.published_dir)
    changed, withdrawn = [], []
    for story_id in ids[:count]:
        with store.transaction():  # a moderator's correction, straight into the store
            store.db.execute("update segments set text = text || ' The support got better later.' "
                             "where story_id = ? and idx = 0", [story_id])
        seconds, published = timed(publish.sync_story, store, story_id, *paths)
        text = archive.execute("select text from stories where id = ?", [story_id]).fetchone()[0]
        assert published and "got better later" in text, story_id
        changed.append(seconds)
    for story_id in ids[count:]:
        withdraw(store, story_id, "teller", settings.media_dir)
        seconds, published = timed(publish.sync_story, store, story_id, *paths)
        gone = not archive.execute("select 1 from stories where id = ?", [story_id]).fetchone()
        assert not published and gone, story_id
        withdrawn.append(seconds)
    archive.close()
    return changed, withdrawn


def row(name: str, p50: str, p95: str, target: str, ok: bool | None) -> str:
    verdict = "" if ok is None else ("PASS" if ok else "MISS")
    return f"| {name} | {p50} | {p95} | {target} | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100, help="timed requests per term and query")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the store and archive in this folder")
    args = parser.parse_args()
    # Stopped with SIGTERM as with Ctrl-C: the finally clauses stop Datasette and clean up.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="stories-archive-"))
    try:
        run(args, work)
    except KeyboardInterrupt:
        sys.exit("interrupted: Datasette stopped" + ("" if args.keep else ", temporary files removed"))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args, work: Path) -> None:
    from archive_data import COMMON_TERMS, RARE_TERMS, fill_store

    import publish
    from stories.settings import load_settings
    from stories.store import Store
    from wiring.tasks import sync_themes

    settings = load_settings(environ={"STORIES_HOME": str(work / "home")})
    settings.home.mkdir(parents=True, exist_ok=True)
    with Store(settings.db_path) as store:
        store.init()
        if store.db["stories"].count == 0:
            sync_themes(settings, store)
            setup, _ = timed(fill_store, store, args.stories)
            print(f"setup: {args.stories} synthetic stories written to the working store in {setup:.1f} s "
                  f"(not timed)")
        else:
            print(f"setup: reusing the working store in {work} ({store.db['stories'].count} stories)")
        should = len(publish.publishable(store))
        paths = (settings.archive_path, settings.media_dir, settings.published_dir)
        settings.archive_path.unlink(missing_ok=True)
        first, count = timed(publish.build_archive, store, *paths)
        again, count_again = timed(publish.build_archive, store, *paths)
        assert count == count_again == should, (count, count_again, should)
        size_mb = settings.archive_path.stat().st_size / 2**20
        archived = sqlite3.connect(settings.archive_path)
        segments = archived.execute("select count(*) from segments").fetchone()[0]
        changed, withdrawn = one_story_syncs(store, settings, 7 if args.stories >= 1000 else 3)

    archive = json.loads(publish.METADATA.read_text())["databases"]["archive"]
    queries = {name: q["sql"] for name, q in archive["queries"].items()}
    FACET_NAMES.update(f if isinstance(f, str) else next(iter(f.values()))
                       for f in archive["tables"]["stories"].get("facets", []))
    port = free_port()
    server = start_datasette(settings, port, work / "datasette.log")
    results: list[tuple[str, list[float], float | None]] = []
    timed_out: set[str] = set()
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)

        def facets(url, response):
            # Datasette's JSON leaves out a facet that ran past facet_time_limit_ms (200 ms).
            timed_out.update(FACET_NAMES - set(response.json()["facet_results"]))

        facet_times = measure(client, [FACETS], max(5, args.queries // 10), facets)

        def theme_facet(url, response):
            if "theme_id" not in response.json()["facet_results"]:
                timed_out.add("story_themes.theme_id")

        theme_times = measure(client, [THEME_FACET], max(5, args.queries // 10), theme_facet)

        def found(url, response):
            assert response.text.strip() not in ("", "[]"), f"{url} found nothing"

        for label, terms in (("common", COMMON_TERMS), ("rare", RARE_TERMS)):
            for query in ("search", "search_segments"):
                urls = [f"/archive/{query}.json?_shape=array&q={t}" for t in terms]
                results.append((f"{query}, {label} terms ({', '.join(terms)})",
                                measure(client, urls, args.queries, found),
                                sql_alone(settings.archive_path, queries[query], terms, 5)))
        # The page comes last: it shares Datasette's connections, and must not colour the figures above.
        has_page = client.get("/search", params={"q": COMMON_TERMS[0]}).status_code == 200
        for label, terms in (("common", COMMON_TERMS), ("rare", RARE_TERMS)) if has_page else ():
            results.append((f"/search page, {label} terms",
                            measure(client, [f"/search?q={t}" for t in terms], args.queries), None))
        client.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    print(f"archive: {count} of {args.stories} synthetic stories published ({segments} segments, "
          f"{size_mb:.0f} MB); about 30% are audio stories without a recording, so no audio is encoded; "
          f"Datasette on 127.0.0.1, {os.cpu_count()} cores; {args.queries} timed requests per term")
    print("| measure | p50 | p95 | target | |")
    print("| --- | --- | --- | --- | --- |")
    print(row("full publish, no archive yet (build_archive)", f"{first:.1f} s", "", f"≤ {FULL_PUBLISH_S} s",
              first <= FULL_PUBLISH_S))
    print(row("full publish over the live archive", f"{again:.1f} s", "", f"≤ {FULL_PUBLISH_S} s",
              again <= FULL_PUBLISH_S))
    for name, times in ((f"one story changed (sync_story), {len(changed)} stories", changed),
                        (f"one story withdrawn (sync_story), {len(withdrawn)} stories", withdrawn)):
        print(row(name, f"{statistics.median(times):.3f} s", f"max {max(times):.3f} s", f"≤ {ONE_STORY_S} s",
                  max(times) <= ONE_STORY_S))
    for name, times, alone in results:
        p95 = percentile(times, 0.95)
        name = f"{name}, {len(times)} requests"
        extra = f" (SQL alone {alone:.1f} ms)" if alone is not None else ""
        # The budget is for ranked search through the HTTP API; the page adds facets over the matches.
        api = not name.startswith("/search page")
        print(row(name, f"{statistics.median(times):.1f} ms{extra}", f"{p95:.1f} ms",
                  f"p95 ≤ {SEARCH_P95_MS} ms" if api else "none (HTML with facets)",
                  p95 <= SEARCH_P95_MS if api else None))
    print(row(f"facets: language, place (+ metadata's), {len(facet_times)} requests",
              f"{statistics.median(facet_times):.0f} ms", f"{percentile(facet_times, 0.95):.0f} ms", "none",
              None))
    print(row(f"facet: themes (story_themes by theme_id), {len(theme_times)} requests",
              f"{statistics.median(theme_times):.0f} ms", f"{percentile(theme_times, 0.95):.0f} ms", "none",
              None))
    if not has_page:
        print("the archive serves no /search page yet: only the canned queries were measured")
    print("facets left out for running past Datasette's facet time limit: "
          f"{', '.join(sorted(timed_out)) or 'none'}")
    worst = max(percentile(times, 0.95) for name, times, _ in results if not name.startswith("/search page"))
    slowest = max(first, again)
    print(f"ranked search p95 through the HTTP API (worst of the above): {worst:.1f} ms, "
          f"budget {SEARCH_P95_MS} ms: "
          f"{'PASS' if worst <= SEARCH_P95_MS else 'MISS'}")
    print(f"full publish: {slowest:.1f} s, budget {FULL_PUBLISH_S} s: "
          f"{'PASS' if slowest <= FULL_PUBLISH_S else 'MISS'}")
    one = max(changed + withdrawn)
    print(f"one story (slowest sync): {one:.3f} s, budget {ONE_STORY_S} s: "
          f"{'PASS' if one <= ONE_STORY_S else 'MISS'}")


if __name__ == "__main__":
    main()
