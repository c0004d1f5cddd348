import pytest
import weasyprint
from sqlite_utils.utils import sqlite3
from theme_archive import NO_QUOTE_C, QUOTE_A, QUOTE_B, SHORT_D, build_theme_archive

from publish.pack import PackError, pack_name, render_pack_html, write_pack
from publish.theme_report import theme_report
from stories.errors import StoriesError

BASE = "https://archive.example.org"
TITLE = "Stories archive"


@pytest.fixture
def ids(store, settings):
    return build_theme_archive(store, settings)


def housing_report(settings, **filters):
    conn = sqlite3.connect(settings.archive_path)
    conn.row_factory = sqlite3.Row
    try:
        return theme_report(conn, "housing", BASE, TITLE, **filters)
    finally:
        conn.close()


def texts(document) -> str:
    """All the text WeasyPrint laid out, page by page, as one string."""
    def walk(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    return " ".join(t for page in document.pages for t in walk(page._page_box))


def test_pack_html_has_quotes_citations_definition_and_method(ids, settings):
    html = render_pack_html(housing_report(settings), "2026-11-22 10:00 UTC")
    assert html.startswith("<!DOCTYPE html>") and "<title>Evidence pack: Housing" in html
    assert "<h1>Evidence pack: Housing</h1>" in html and "Generated 2026-11-22 10:00 UTC" in html
    assert "archive_base" not in html and 'rel="stylesheet"' not in html  # standalone: CSS inline
    for quote in (QUOTE_A, QUOTE_B, SHORT_D):
        assert f"<p>{quote}</p>" in html
    assert NO_QUOTE_C not in html and "zebra" not in html  # C's teller did not agree to quotes
    apa = (f"Ann Lee. (2026, January 10). Waiting for a flat [Audio recording, 1:23]. {TITLE}. "
           f"{BASE}/stories/{ids['A']}#t=83")
    assert apa in html and f'href="{BASE}/stories/{ids["A"]}#t=83"' in html
    # Fewer than five quotable stories: the pack says so rather than padding.
    assert "Only 3 stories on this theme come from tellers who agreed to be quoted" in html
    assert "Having a safe, affordable home" in html and "<li>council flat</li>" in html
    assert "CoSIE co-creation" in html
    for note in ("teller's consent", "moderator approved", "agreed that their story may be quoted",
                 "redacted", "matching the phrases of the codebook", "not a representative sample"):
        assert note in html, note
    assert "4 published stories" in html and "5 moments" in html and "Hull (2), Leeds (2)" in html
    assert 'role="img"' in html and "<table>" in html  # the chart, and its numbers as a table


def test_pack_html_states_its_filters(ids, settings):
    html = render_pack_html(housing_report(settings, place="Leeds", since="2026-02-01"), "now")
    assert "from Leeds" in html and "on or after 2026-02-01" in html
    assert "1 published story" in html and QUOTE_B in html and QUOTE_A not in html
    assert "/themes/housing/pack.pdf?place=Leeds&amp;since=2026-02-01" in html
    empty = render_pack_html(housing_report(settings, place="Nowhere"), "now")
    assert "No published stories on housing match these filters." in empty
    # No stories at all is not the same as no teller agreeing to be quoted.
    assert "nothing to quote" in empty and "agreed to be quoted" not in empty.split("In their own words")[1]


def test_write_pack_writes_html_and_a_pdf_that_reads_as_the_pack(ids, settings, tmp_path):
    html_path, pdf_path = write_pack(settings.archive_path, "housing", tmp_path / "out", BASE, TITLE,
                                     place="Leeds")
    assert html_path.name == "evidence-pack-housing-leeds.html" and pdf_path.suffix == ".pdf"
    assert pdf_path.read_bytes().startswith(b"%PDF")
    html = html_path.read_text()
    assert "<h1>Evidence pack: Housing</h1>" in html and QUOTE_A in html
    document = weasyprint.HTML(string=html).render()
    assert 1 <= len(document.pages) <= 4
    headings = [label for page in document.pages for _, label, *_ in page.bookmarks]
    assert headings[0] == "Evidence pack: Housing" and "Method and consent" in headings
    laid_out = " ".join(texts(document).split())
    assert "We waited two years on the council list" in laid_out and "zebra" not in laid_out
    links = {target for page in document.pages for _, target, *_ in page.links}
    assert f"{BASE}/stories/{ids['A']}#t=83" in links


def test_unknown_theme_lists_the_known_ones(ids, settings, tmp_path):
    known = r"No theme 'nope' in the archive\. Known themes: .*employment.*housing"
    with pytest.raises(PackError, match=known):
        write_pack(settings.archive_path, "nope", tmp_path / "out", BASE, TITLE)
    assert not (tmp_path / "out").exists()


def test_missing_archive(tmp_path):
    with pytest.raises(PackError, match="No archive at"):
        write_pack(tmp_path / "archive.db", "housing", tmp_path, BASE, TITLE)
    assert issubclass(PackError, StoriesError)
    assert not (tmp_path / "archive.db").exists()  # read-only: it is not created


def test_pack_name():
    assert pack_name("housing", "Leeds City", "2026-01-01") == (
        "evidence-pack-housing-leeds-city-since-2026-01-01")
    assert pack_name("co-design", None, None) == "evidence-pack-co-design"
