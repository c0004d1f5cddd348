"""The archive's pages work under their Content-Security-Policy, in real Chromium."""

from __future__ import annotations

import httpx
from browser import csp_violations, watch_csp


def test_archive_pages_have_no_csp_violations(page, archive_url):
    console = watch_csp(page)
    query = "/archive/stories.json?_shape=array&_col=id&title=Waiting+for+a+home"
    story = httpx.get(archive_url + query).json()[0]["id"]
    paths = ["/", "/search?q=housing", f"/stories/{story}", "/themes", "/themes/housing",
             "/themes/housing/pack", "/map", "/about",
             # Datasette's own pages, under their own (inline-allowing) policy.
             "/archive", "/archive/stories", f"/archive/stories/{story}"]
    found = {path: csp_violations(page, archive_url + path, console) for path in paths}
    assert {path: v for path, v in found.items() if v} == {}
    # The story page's scripts really ran: the player is wired to the segments.
    page.goto(f"{archive_url}/stories/{story}")
    page.click("#seg-1 .seg-text")
    page.wait_for_function("() => document.getElementById('player').currentTime >= 2.5")
