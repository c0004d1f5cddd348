"""Theme pages and evidence packs, through Datasette's own client with the project's plugin."""

import html as htmllib
import re

import pytest
from datasette_client import datasette_get
from theme_archive import NO_QUOTE_C, QUOTE_A, QUOTE_B, build_theme_archive


@pytest.fixture
def ids(store, settings):
    return build_theme_archive(store, settings)


def test_theme_page(settings, ids):
    page = datasette_get(settings, "/themes/housing").text
    assert "<h1>Housing</h1>" in page and "Having a safe, affordable home" in page
    assert "Service area" in page and "CoSIE co-creation" in page
    assert "<strong>4</strong> published stories" in page and "<strong>5</strong> moments" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in page
    assert 'href="/search?theme=housing&amp;place=Leeds">Leeds</a>' in page
    assert 'href="/themes/employment">Employment</a>' in page and 'href="/themes/health">Health</a>' in page
    assert f"<p>{QUOTE_A}</p>" in page and f"<p>{QUOTE_B}</p>" in page
    assert "zebra" not in page and NO_QUOTE_C not in page
    assert f'href="http://localhost/stories/{ids["A"]}#t=83"' in page
    # Each citation's <pre> has its own id, and its copy button names it.
    pre_ids = re.findall(r'<pre id="([^"]+)"', page)
    assert len(pre_ids) == len(set(pre_ids)) == 3 * 4
    assert all(f'data-copy="{i}"' in page for i in pre_ids)
    assert '<script src="/assets/cite.js" defer></script>' in page
    assert 'href="/themes/housing/pack"' in page and 'href="/themes/housing/pack.pdf"' in page
    assert '<label for="place">Place</label>' in page and '<label for="since">' in page
    apa = re.search(r'<pre id="q1-apa"[^>]*>([^<]+)</pre>', page).group(1)
    assert htmllib.unescape(apa).startswith(
        "Ann Lee. (2026, January 10). Waiting for a flat [Audio recording, 1:23].")


def test_theme_page_filters(settings, ids):
    page = datasette_get(settings, "/themes/housing?place=Hull&since=2026-02-01").text
    assert "<strong>2</strong> published stories" in page and "from Hull" in page
    assert '<option value="Hull" selected>Hull</option>' in page and 'value="2026-02-01"' in page
    assert 'href="/themes/housing/pack?place=Hull&amp;since=2026-02-01"' in page
    assert QUOTE_A not in page and "The rent went up." in page
    bad = datasette_get(settings, "/themes/housing?since=yesterday", status=400).text
    assert 'role="alert"' in bad and "YYYY-MM-DD" in bad and "<strong>4</strong> published stories" in bad


def test_unknown_theme_is_404(settings, ids):
    page = datasette_get(settings, "/themes/nope", status=404).text
    assert "no theme with this id" in page
    datasette_get(settings, "/themes/nope/pack", status=404)
    datasette_get(settings, "/themes/nope/pack.pdf", status=404)


def test_pack_page_is_the_standalone_pack(settings, ids):
    response = datasette_get(settings, "/themes/housing/pack?place=Leeds")
    page = response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Evidence pack: Housing</h1>" in page and "from Leeds" in page
    assert 'href="/assets/archive.css"' not in page  # not in the site frame: it prints on its own
    assert QUOTE_A in page and "Method and consent" in page


def test_pack_pdf(settings, ids):
    response = datasette_get(settings, "/themes/housing/pack.pdf?since=2026-03-01")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="evidence-pack-housing-since-2026-03-01.pdf"')
    assert response.content.startswith(b"%PDF")
