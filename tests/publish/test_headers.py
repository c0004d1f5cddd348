"""The archive's security headers, its read-only SQL and immutable mode, on a real `datasette serve`."""

from __future__ import annotations

import shutil

import httpx
import pytest
from browser import archive_server
from published import build

from publish.headers import DATASETTE, PACK_CSP, STRICT, policy_for

OWN = ["/", "/search?q=housing", "/about", "/map", "/themes", "/themes/housing", "/assets/archive.css",
       "/assets/design.css"]
DATASETTES = ["/archive", "/archive/stories", "/-/versions.json"]


def _story_path(archive_url: str) -> str:
    rows = httpx.get(archive_url + "/archive/stories.json?_shape=array&_col=id").json()
    return "/stories/" + rows[0]["id"]


def test_each_response_has_its_policy_and_the_common_headers(archive_url):
    expected = {path: STRICT for path in [*OWN, _story_path(archive_url)]}
    expected |= {path: DATASETTE for path in DATASETTES} | {"/themes/housing/pack": PACK_CSP}
    for path, policy in expected.items():
        response = httpx.get(archive_url + path)
        assert response.status_code == 200, path
        assert response.headers["content-security-policy"] == policy, path
        assert "unsafe-inline" not in policy or path in DATASETTES
        assert response.headers["x-content-type-options"] == "nosniff"
        # Datasette sets no-referrer itself; the wrapper adds same-origin where nothing set one.
        assert response.headers["referrer-policy"] in ("no-referrer", "same-origin")
        assert "frame-ancestors 'none'" in policy
    assert httpx.get(archive_url + "/no-such-page").headers["content-security-policy"] == DATASETTE


def test_policy_for_paths():
    assert policy_for("/stories/abc") == STRICT and policy_for("/themes/x/pack") == PACK_CSP
    assert policy_for("/archive/stories") == DATASETTE and policy_for("/stories.json") == DATASETTE


def test_arbitrary_sql_is_refused_but_the_canned_searches_work(archive_url):
    for path in ("/archive.json?sql=select+1", "/archive/stories.json?_where=1=1"):
        assert httpx.get(archive_url + path).status_code == 403, path
    search = httpx.get(archive_url + "/archive/search.json?q=housing&_shape=array")
    assert search.status_code == 200 and [row["title"] for row in search.json()] == ["Waiting for a home"]
    segments = httpx.get(archive_url + "/archive/search_segments.json?q=council&_shape=array")
    assert segments.status_code == 200 and "lost our forms" in segments.json()[0]["text"]


def test_the_owner_can_turn_sql_on(store, settings):
    build(store, settings)
    settings.published_dir.mkdir(parents=True, exist_ok=True)
    with archive_server(settings.with_(archive_sql=True)) as url:
        response = httpx.get(url + "/archive.json?sql=select+41%2B1+as+n&_shape=array")
        assert response.status_code == 200 and response.json() == [{"n": 42}]


@pytest.mark.parametrize("immutable", [False, True])
def test_immutable_mode_serves_a_copy(store, settings, tmp_path, immutable):
    """A copy of archive.db, served as a deployment would; the live file is never opened -i."""
    build(store, settings)
    copy = tmp_path / "copy" / "archive.db"
    (copy.parent / "published").mkdir(parents=True)
    shutil.copy(settings.archive_path, copy)
    served = settings.with_(archive_immutable=immutable, home=copy.parent)
    with archive_server(served) as url:
        databases = httpx.get(url + "/-/databases.json").json()
        assert [(d["name"], d["is_mutable"]) for d in databases] == [("archive", not immutable)]
        assert httpx.get(url + "/archive/search.json?q=anything").status_code == 200
