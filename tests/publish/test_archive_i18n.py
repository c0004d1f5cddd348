"""The archive in English, Spanish, Italian and Finnish: how a page's language is chosen, that pages and
theme labels follow it, and that the archive's catalogue is whole (as tests/collect/test_i18n.py checks
the form's)."""

import re
from pathlib import Path

import pytest
import sqlite_utils
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from catalogues import check_catalogue
from datasette_client import datasette_get
from published import build, publish_story

import publish
from publish.i18n import COOKIE, LOCALES, TRANSLATIONS
from wiring import tasks

LANGUAGES = [code for code in LOCALES if code != "en"]
SPANISH = {"Accept-Language": "es-ES,es;q=0.9"}


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


@pytest.fixture
def archive(store, settings):
    """The default codebook's themes (with their labels per language) and two published stories."""
    tasks.sync_themes(settings, store)
    ids = {
        "list": publish_story(store, "Years on the list", [
            (0.0, 4.0, "We waited on the housing waiting list for three years."),
            (4.0, 9.0, "The job centre never called back.")],
            tags=[("housing", 0, "housing"), ("employment", 1, "job centre")], place="Turku"),
        "written": publish_story(store, "Kirjoitettu", [(None, None, "Asunto löytyi lopulta.")],
                                 tags=[("housing", 0, "Asunto")], language="fi"),
    }
    build(store, settings)
    return ids


@pytest.mark.parametrize(("path", "words"), [
    ("/search", ["Buscar en las historias", "<strong>2</strong> historias, las más recientes primero."]),
    ("/search?q=housing", ["<strong>1</strong> historia coincide con <q>housing</q>."]),
    ("/stories/{list}", ["Contada por Robin", "Transcripción", "Cita esta historia"]),
    ("/themes/housing", ["Con qué frecuencia aparece", "<strong>2</strong> historias publicadas"]),
    ("/themes", ["Qué abarca", '<h2 id="g-service-area">Área de servicio</h2>']),
    ("/map", ["De dónde vienen las historias", "Tierra: Natural Earth", "Turku: 1 historia"]),
    ("/about", ["Sobre este archivo", "Consentimiento", "Cómo se asignan los temas"]),
    ("/", ["Historias recientes"]),
])
def test_a_spanish_browser_gets_spanish_pages(settings, archive, path, words):
    page = datasette_get(settings, path.format(**archive), headers=SPANISH).text
    assert html_lang(page) == "es"
    assert 'href="/search">Buscar</a>' in page and "Ir al contenido" in page  # the frame too
    for expected in words:
        assert expected in page, expected


def test_english_when_the_browser_asks_for_a_language_the_archive_lacks(settings, archive):
    page = datasette_get(settings, "/search", headers={"Accept-Language": "de-DE,de"}).text
    assert html_lang(page) == "en" and "Search the stories" in page
    assert html_lang(datasette_get(settings, "/search?lang=xx").text) == "en"


def test_lang_parameter_switches_and_is_remembered(settings, archive):
    response = datasette_get(settings, "/about?lang=fi", headers=SPANISH)
    assert html_lang(response.text) == "fi" and "Tietoa arkistosta" in response.text
    cookie = response.cookies.get(COOKIE)
    assert cookie == "fi" and "accept-language" in response.headers["vary"].lower()
    # The next page, with no ?lang=: the cookie beats the browser's Spanish.
    remembered = {**SPANISH, "Cookie": f"{COOKIE}={cookie}"}
    page = datasette_get(settings, "/themes/housing", headers=remembered).text
    assert html_lang(page) == "fi" and "Kuinka usein teema esiintyy" in page and "<h1>Asuminen</h1>" in page


def test_switcher_names_each_language_in_itself_and_keeps_the_address(settings, archive):
    page = datasette_get(settings, "/search?q=housing&lang=it").text
    nav = re.search(r'<nav aria-label="Lingua" class="languages">(.*?)</nav>', page, re.S).group(1)
    for code, name in LOCALES.items():
        assert f'lang="{code}" hreflang="{code}"' in nav and f">{name}</a>" in nav
        assert f'href="/search?q=housing&amp;lang={code}"' in nav
    assert re.search(r'hreflang="it" aria-current="true"', nav)


def test_theme_labels_follow_the_page(settings, archive):
    search = datasette_get(settings, "/search", headers=SPANISH).text
    facets = re.search(r'<details class="facet-box".*?</details>', search, re.S).group(0)
    assert "Área de servicio" in facets and ">Vivienda</a>" in facets and ">Empleo</a>" in facets
    assert ">Finés</a>" in facets  # the language facet names languages in Spanish
    story = datasette_get(settings, "/stories/{list}".format(**archive), headers=SPANISH).text
    assert 'data-theme="housing">Vivienda</a>' in story and 'data-theme="employment">Empleo</a>' in story
    assert 'title="Tema: Vivienda"' in story  # the highlighted evidence says its theme in Spanish
    english = datasette_get(settings, "/stories/{list}".format(**archive)).text
    assert 'data-theme="housing">Housing</a>' in english and "Vivienda" not in english
    italian = datasette_get(settings, "/search?theme=housing&lang=it").text
    assert "Tema: Casa ✕" in italian  # the active filter, in Italian


def test_citation_tabs_and_the_moment_dialog_follow_the_page(settings, archive):
    story = datasette_get(settings, "/stories/{list}".format(**archive), headers=SPANISH).text
    assert 'data-copied="Copiado"' in story and 'aria-label="Formato de la referencia"' in story
    cite = "/stories/{list}/cite?segment=".format(**archive)
    moment = datasette_get(settings, cite + "0", headers=SPANISH).json()
    assert 'data-copied="Copiado"' in moment["html"] and ">Copiar<span" in moment["html"]
    wrong = datasette_get(settings, cite + "9", status=400, headers=SPANISH).json()
    assert wrong["error"] == "Esta historia no tiene ese fragmento."


def test_the_evidence_pack_follows_the_page(settings, archive):
    pack = datasette_get(settings, "/themes/housing/pack?lang=es").text
    assert html_lang(pack) == "es" and "Dosier de evidencias: Vivienda" in pack
    assert "Método y consentimiento" in pack


def test_a_theme_without_a_label_in_the_language_keeps_its_own(settings, store):
    publish_story(store, "Keys", [(0.0, 2.0, "Housing came through.")], tags=[("housing", 0, "housing")])
    build(store, settings)  # tests/published.py's themes carry no labels
    page = datasette_get(settings, "/themes/housing?lang=fi").text
    assert "<h1>Housing</h1>" in page and "Kuinka usein teema esiintyy" in page


def test_an_archive_published_before_labels_per_language_still_serves_its_pages(settings, archive):
    """Until its next publish, an older archive has no labels columns: pages use the codebook's label."""
    db = sqlite_utils.Database(settings.archive_path)
    db["themes"].transform(drop={"labels", "group_labels"})
    db.close()
    for path in ("/", "/search", "/stories/{list}".format(**archive), "/themes/housing", "/themes", "/about"):
        page = datasette_get(settings, path, headers=SPANISH).text
        assert html_lang(page) == "es" and "Vivienda" not in page, path
    assert ">Housing</a>" in datasette_get(settings, "/search", headers=SPANISH).text


@pytest.mark.parametrize("locale", LANGUAGES)
def test_catalogue_is_complete_and_compiled(locale):
    check_catalogue(TRANSLATIONS, locale)


def test_template_covers_every_marked_string():
    """A string wrapped in _() or {% trans %} but missing from messages.pot would silently stay English."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"trimmed": "true"}}
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found = {message for _, _, message, *_ in extract_from_dir(str(Path(publish.__file__).parent), method_map,
                                                               options_map=options, keywords=keywords)}
    assert "Search the stories" in found and "Stories on %(theme)s per month" in found
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        pot = {m.id for m in read_po(f) if m.id}
    assert found - pot == set(), "run `make translations` and translate the new entries"
