"""The themes index on a phone, in real Chromium: each theme's description reads under its name and
counts, as wide as the page, instead of a fourth column a word wide (which made the page ten screens
long); it is still a table to a screen reader, and nothing scrolls sideways."""

import pytest

#: For each row: the description cell's width, and whether it starts below the theme's cell.
ROWS = """t => [...t.querySelectorAll('tbody tr')].map(r => { const c = r.cells;
    const name = c[0].getBoundingClientRect(), what = c[3].getBoundingClientRect();
    return [Math.round(what.width), what.top >= name.bottom - 1]; })"""


@pytest.mark.parametrize("lang", ["en", "es", "fi"])
def test_the_themes_table_reads_row_by_row_on_a_phone(browser, archive_url, lang):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{archive_url}/themes?lang={lang}")
        table = page.locator("table.themes-table").first
        width = table.evaluate("t => t.clientWidth")
        rows = table.evaluate(ROWS)
        assert rows and all(below and what >= width - 16 for what, below in rows), (width, rows)
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth")  # the counts' headings fit too
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # Still a table to assistive technology: its rows, headers and cells.
        assert table.get_by_role("row").count() == len(rows) + 1
        assert table.get_by_role("columnheader").count() == 4
        assert table.get_by_role("cell").count() == 4 * len(rows)
    finally:
        context.close()


def test_on_a_wide_screen_it_stays_four_columns(browser, archive_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{archive_url}/themes")
        rows = page.locator("table.themes-table").first.evaluate(ROWS)
        assert rows and not any(below for _, below in rows)
    finally:
        context.close()
