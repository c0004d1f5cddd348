"""WCAG 2.1 AA on the public archive's pages, checked by axe-core in real Chromium (also at 320 px)."""

import pytest
from axe import report, walk_archive

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("width", [1280, 320])
def test_archive_pages_have_no_serious_accessibility_problems(browser, archive_url, width):
    found, overflow, _ = walk_archive(browser, archive_url, viewport={"width": width, "height": 800})
    assert found == [], report(found)
    assert {path: px for path, px in overflow.items() if px} == {}, "pages scroll sideways at this width"
