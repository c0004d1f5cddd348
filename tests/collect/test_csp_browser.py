"""Each page of the form app works under its Content-Security-Policy, in real Chromium.

A page that used an inline style, an inline handler or an inline script would raise a
``securitypolicyviolation`` event (and a console error), and this test would fail.
"""

from __future__ import annotations

import pytest
from browser import csp_violations, serving, watch_csp

from stories.users import add_user
from stories.withdrawal import code_hash, new_code


@pytest.fixture
def watched(page):
    """The page, watching for CSP violations, with the list its console errors go to."""
    return page, watch_csp(page)


def test_public_and_moderation_pages_have_no_csp_violations(app, store, watched):
    page, console = watched
    code = new_code()
    story_id = store.create_story({"title": "Bus pass", "kind": "text", "body": "I waited.\n\nIt worked.",
                                   "withdrawal_code_hash": code_hash(code)}, {"publish": True})
    add_user(store, "mo", "correct horse battery", "moderator")
    with serving(app) as url:
        public = ["/", "/login", "/withdraw/", f"/withdraw/{code}", f"/stories/{story_id}",
                  f"/stories/mine/{code}", "/no-such-page"]
        found = {path: csp_violations(page, url + path, console) for path in public}
        # The form really runs its scripts under the policy: the recorder and the upload script set it up.
        page.goto(url + "/")
        assert page.locator("script#script-text").count() == 1
        page.goto(url + "/login")
        page.fill("#name", "mo")
        page.fill("#password", "correct horse battery")
        page.locator("form button[type=submit], form input[type=submit]").first.click()
        page.wait_for_url(url + "/moderate/")
        for path in ("/moderate/", f"/moderate/{story_id}", "/interview"):
            found[path] = csp_violations(page, url + path, console)
    assert {path: v for path, v in found.items() if v} == {}


def test_a_page_with_an_inline_style_would_be_caught(app, watched):
    """The check itself can fail: an inline style attribute is reported."""
    page, console = watched

    @app.get("/csp-probe")
    def probe():
        return '<!doctype html><p style="color: red">inline</p><script>window.ran = 1</script>'

    with serving(app) as url:
        violations = csp_violations(page, url + "/csp-probe", console)
        assert page.evaluate("window.ran") is None
    assert any("style-src" in v for v in violations) and any("script-src" in v for v in violations)
