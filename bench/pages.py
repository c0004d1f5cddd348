"""Lighthouse scores of the pages people use: the form, the archive's pages and the review page.

    make bench-pages                  # installs Lighthouse (npm) and runs this
    python bench/pages.py [--stories N] [--only mobile|desktop] [--page story ...]

A throwaway data folder gets a few written stories (the written-here evaluation
passages) and one LibriVox recording, each processed by the real worker, approved
and published; then ``stories serve`` runs the form, the worker, the syncer and
Datasette, and Lighthouse (``bench/node_modules``, driving Debian's Chromium) scores
each page at its mobile and desktop settings: accessibility, best practices and
performance, out of 100. The review page is scored signed in as a moderator.
Issue 19's target is at least 95 for each, on every page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from local_server import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("accessibility", "best-practices", "performance")
PASSAGES = ROOT / "tests" / "data" / "analyse" / "eval.jsonl"
RECORDING = ROOT / "tests" / "data" / "speech" / "librivox-0870.wav"
PASSWORD = "bench pages password"
PAGES = ("form", "search", "story", "theme", "map", "review")


def stories(home_env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run the real ``stories`` command on the bench's data folder; its stdout."""
    done = subprocess.run([sys.executable, "-m", "wiring", *args], env=home_env, input=stdin, text=True,
                          capture_output=True, check=True)
    return done.stdout.strip()


def fill(env: dict[str, str], work: Path, count: int) -> tuple[str, str]:
    """Add, process, approve and publish stories; returns a published story's id and a theme id."""
    passages = [json.loads(line) for line in PASSAGES.read_text().splitlines()]
    ids = []
    for passage in passages[:count]:
        path = work / f"{passage['id']}.txt"
        path.write_text(passage["text"])
        ids.append(stories(env, "add", str(path), "--language", passage["language"], "--consent", "publish",
                           "--consent", "quote", "--place", "Leeds"))
    ids.append(stories(env, "add", str(RECORDING), "--language", "en", "--consent", "publish",
                       "--consent", "quote", "--place", "Hull", "--title", "A reading"))
    stories(env, "worker", "--burst")
    for story_id in ids:
        stories(env, "approve", story_id)
    stories(env, "publish")
    stories(env, "user", "add", "bench", "--role", "moderator", "--password", PASSWORD)
    return ids[-1], "housing"


def moderator_cookie(web: str) -> str:
    """A signed-in moderator's session cookie, as a browser would hold it after signing in."""
    client = httpx.Client(timeout=30)
    page = client.get(f"{web}/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    client.post(f"{web}/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def score(url: str, preset: str, cookie: str = "", keep: Path | None = None,
          name: str = "") -> dict[str, int]:
    """Lighthouse's scores for one page, at its mobile or desktop settings (its report kept in ``keep``)."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as out:
        report = (keep or Path(out)) / f"{name or 'page'}-{preset}.json"
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                   f"--only-categories={','.join(CATEGORIES)}",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
        if preset == "desktop":
            command.append("--preset=desktop")
        if cookie:
            command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        categories = json.loads(report.read_text())["categories"]
        if keep:
            print(f"  {name} {preset}: below full marks: {', '.join(shortfalls(report)) or 'nothing'}")
    return {name: round(100 * (categories[name]["score"] or 0)) for name in CATEGORIES}


def shortfalls(report: Path) -> list[str]:
    """The audits that cost points, by id, for a report kept with ``--reports``."""
    data = json.loads(report.read_text())
    return sorted({ref["id"] for name in CATEGORIES for ref in data["categories"][name]["auditRefs"]
                   if ref["weight"] and (data["audits"][ref["id"]]["score"] or 0) < 0.9})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=12, help="written stories besides the recording")
    parser.add_argument("--only", choices=("mobile", "desktop"))
    parser.add_argument("--page", action="append", choices=PAGES,
                        help="score only this page (again for more); every page by default")
    parser.add_argument("--reports", type=Path,
                        help="keep Lighthouse's JSON reports here, and list what costs points")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make bench-pages` (npm ci in bench/)")
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    web_port, archive_port = free_port(), free_port()
    env = {**os.environ, "STORIES_HOME": str(work / "home"), "STORIES_WEB_PORT": str(web_port),
           "STORIES_ARCHIVE_PORT": str(archive_port), "STORIES_LOGIN_RATE": "1000/minute"}
    server = None
    try:
        stories(env, "init")
        story_id, theme_id = fill(env, work, args.stories)
        server = subprocess.Popen([sys.executable, "-m", "wiring", "serve"], env=env, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        web, archive = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{archive_port}"
        wait_for(f"{web}/", server)
        wait_for(f"{archive}/", server)
        cookie = moderator_cookie(web)
        pages = [("form", f"{web}/", ""), ("search", f"{archive}/search?q=housing", ""),
                 ("story", f"{archive}/stories/{story_id}", ""),
                 ("theme", f"{archive}/themes/{theme_id}", ""), ("map", f"{archive}/map", ""),
                 ("review", f"{web}/moderate/{story_id}", cookie)]
        pages = [page for page in pages if not args.page or page[0] in args.page]
        presets = [args.only] if args.only else ["mobile", "desktop"]
        version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout
        version = version.strip()
        print(f"Lighthouse {version}, Chromium headless; {args.stories + 1} published stories. "
              "Target: 95 or more in each column.")
        print(f"| page | {' | '.join(f'{p} {c}' for p in presets for c in CATEGORIES)} |")
        print(f"| --- | {' | '.join('---' for _ in presets for _ in CATEGORIES)} |")
        for name, url, page_cookie in pages:
            if args.reports:
                args.reports.mkdir(parents=True, exist_ok=True)
            figures = [score(url, preset, page_cookie, args.reports, name) for preset in presets]
            print(f"| {name} | {' | '.join(str(f[c]) for f in figures for c in CATEGORIES)} |", flush=True)
    finally:
        if server is not None:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
