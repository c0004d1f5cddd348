"""Evidence packs: one theme's stories, counts and consented quotes, as HTML and PDF for decision makers.

The pack is a standalone HTML document (inline CSS, inline SVG, absolute links),
so the same file reads well saved to disk, served by the archive and printed
to PDF by WeasyPrint.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from publish import i18n, urls
from publish.charts import chart_svg
from publish.theme_report import ThemeReport, theme_report, theme_url
from publish.traces import connect_readonly, sqlite3
from stories.errors import StoriesError

TEMPLATES = Path(__file__).parent / "templates"
#: Quotes in a pack: enough to show a range of voices, few enough to be read.
PACK_QUOTES = 8


class PackError(StoriesError):
    """An evidence pack cannot be made (no archive, or no such theme)."""


@cache
def _environment() -> Environment:
    # Not Datasette's environment: the CLI makes packs with no Datasette running.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    i18n.install(env)
    return env


def render_pack_html(report: ThemeReport, generated_at: str, locale: str = i18n.DEFAULT_LOCALE) -> str:
    """The pack as one standalone HTML document, in ``locale`` (the theme's label too, when the
    report was made in it)."""
    theme_id = report.theme["id"]
    query = pack_query(report.place, report.since)
    return _environment().get_template("pack.html").render(
        report=report, generated_at=generated_at, locale=locale,
        theme_url=theme_url(report.base_url, theme_id),
        theme_path=report.base_url.rstrip("/") + urls.theme_path(theme_id),
        pdf_path=report.base_url.rstrip("/") + urls.theme_path(theme_id) + "/pack.pdf" + query,
        chart=Markup(chart_svg(report.by_month, i18n.translations(locale).gettext(
            "Stories on %(theme)s per month") % {"theme": report.theme["label"]}, "pack-chart",
            i18n.translations(locale))),
    )


def pdf_bytes(html: str, base_url: str | None = None) -> bytes:
    """The pack printed to PDF by WeasyPrint (slow: seconds, so keep it off an event loop)."""
    import weasyprint  # Imported here: it loads Pango and fonts, which only packs need.

    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def write_pdf(html: str, out: Path) -> None:
    """Print the pack's HTML to a PDF file at ``out``."""
    out = Path(out)
    out.write_bytes(pdf_bytes(html, base_url=str(out.parent)))


def write_pack(archive_path: Path, theme_id: str, out_dir: Path, base_url: str, archive_title: str,
               place: str | None = None, since: str | None = None) -> tuple[Path, Path]:
    """Write ``evidence-pack-THEME[...].html`` and ``.pdf`` into ``out_dir``; returns both paths."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise PackError(f"No archive at {archive_path}: publish the archive first.")
    conn = connect_readonly(archive_path)
    try:
        report = theme_report(conn, theme_id, base_url, archive_title, place=place, since=since,
                              quotes=PACK_QUOTES)
        if report is None:
            known = [row[0] for row in conn.execute("select id from themes order by id")]
            raise PackError(f"No theme {theme_id!r} in the archive. Known themes: "
                            f"{', '.join(known) or 'none (publish the archive first)'}.")
    except sqlite3.DatabaseError as exc:
        raise PackError(f"{archive_path} is not a readable archive: {exc}") from exc
    finally:
        conn.close()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = pack_name(theme_id, report.place, report.since)
    html = render_pack_html(report, generated_at())
    html_path, pdf_path = out_dir / f"{stem}.html", out_dir / f"{stem}.pdf"
    html_path.write_text(html, encoding="utf-8")
    write_pdf(html, pdf_path)
    return html_path, pdf_path


def pack_name(theme_id: str, place: str | None, since: str | None) -> str:
    """A file name that says what is in the pack, e.g. ``evidence-pack-housing-leeds-since-2026-01-01``."""
    parts = ["evidence-pack", theme_id]
    if place:
        parts.append(place)
    if since:
        parts += ["since", since]
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def pack_query(place: str | None, since: str | None) -> str:
    """The filters as a query string for the pack's links ('' when none)."""
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in (("place", place), ("since", since)) if v]
    return "?" + urlencode(pairs) if pairs else ""


def generated_at() -> str:
    """Now, as the pack states when it was made (UTC, to the minute)."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
