"""The archive's interface languages: which one a page is in, its catalogue, and the switcher.

The archive is a Datasette plugin, so it has no Flask-Babel: its messages are in Babel catalogues
(``publish/translations``, kept by ``make translations``) and its templates use Jinja's i18n
extension. Datasette has one Jinja environment for every request, so the page's language travels
in the template context (``locale``) and the gettext functions installed here read it from there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from babel.support import NullTranslations, Translations
from jinja2 import Environment, pass_context
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from stories.errors import N_  # noqa: F401  (marks a message for the catalogue; shown translated)
from stories.languages import label_in as localized  # noqa: F401  (for the pages)
from stories.languages import language_name

#: The archive's languages, each named in itself (for the switcher): the form's four.
LOCALES = {"en": "English", "es": "Español", "it": "Italiano", "fi": "Suomi"}
DEFAULT_LOCALE = "en"
TRANSLATIONS = Path(__file__).parent / "translations"
#: The archive has no session: a visitor's choice of language is kept in this cookie.
COOKIE = "archive_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
_SCOPE_KEY = "stories.locale"


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of ``locale`` (English is the messages themselves)."""
    if locale not in LOCALES or locale == DEFAULT_LOCALE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [locale])


def request_locale(request) -> str:
    """``?lang=`` (then kept in a cookie), else the cookie, else the browser's best match, else English."""
    if request is None:
        return DEFAULT_LOCALE
    known = request.scope.get(_SCOPE_KEY)
    if known:
        return known
    asked = request.args.get("lang", "")
    if asked not in LOCALES:
        asked = request.cookies.get(COOKIE, "")
    if asked not in LOCALES:
        accepted = parse_accept_header(request.headers.get("accept-language"), LanguageAccept)
        asked = accepted.best_match(list(LOCALES)) or DEFAULT_LOCALE
    request.scope[_SCOPE_KEY] = asked
    return asked


def gettext_for(request):
    """The ``gettext`` of the request's language, for messages made in Python."""
    return translations(request_locale(request)).gettext


def remember_choice(request, response) -> None:
    """A language chosen with ``?lang=`` is kept for the visitor's next pages; pages vary by it."""
    asked = request.args.get("lang", "")
    if asked in LOCALES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax")
    response.headers["vary"] = "Accept-Language, Cookie"


def language_links(request, current: str) -> list[dict]:
    """The switcher: this page in each language, the rest of its address kept."""
    args = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True) if k != "lang"]
    return [{"code": code, "name": name, "current": code == current,
             "url": f"{request.path}?{urlencode([*args, ('lang', code)])}"} for code, name in LOCALES.items()]


def themes_in(conn, locale: str) -> dict[str, dict]:
    """The archive's themes by id, each row with its ``label`` and ``group_label`` in ``locale``.

    Read with ``select *``: an archive published before labels per language has no such columns
    until its next publish, and its pages still work, with the codebook's own labels.
    """
    themes = {}
    for row in conn.execute("select * from themes"):
        theme = dict(row)
        theme["label"] = localized(theme["label"], theme.get("labels"), locale)
        theme["group_label"] = localized(theme["group_label"], theme.get("group_labels"), locale)
        themes[theme["id"]] = theme
    return themes


def _locale(context) -> str:
    return context.get("locale") or DEFAULT_LOCALE


@pass_context
def _gettext(context, message: str) -> str:
    return translations(_locale(context)).gettext(message)


@pass_context
def _ngettext(context, singular: str, plural: str, n: int) -> str:
    return translations(_locale(context)).ngettext(singular, plural, n)


@pass_context
def _language_name(context, code: str | None) -> str:
    return language_name(code, _locale(context))


def install(env: Environment) -> None:
    """Give a Jinja environment ``_``, ``gettext``, ``ngettext``, ``{% trans %}`` and ``language_name``,
    each in the language of the page being rendered."""
    env.add_extension("jinja2.ext.i18n")
    # {% trans %} blocks lose the line breaks and indents of the template, in the catalogue and here.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["language_name"] = _language_name
