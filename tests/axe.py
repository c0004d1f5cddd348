"""axe-core in a real browser page: WCAG checks, with the findings printed readably."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
#: The impacts that fail a test; "minor" and "moderate" ones are printed but tolerated.
BLOCKING = ("serious", "critical")
RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
}"""


def scan(page, where: str) -> list[dict]:
    """The serious and critical axe violations on the page as it is now, each tagged with ``where``."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not a <script> tag, so the page's CSP does not block it.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return [{**v, "where": where} for v in page.evaluate(RUN) if v["impact"] in BLOCKING]


def report(violations: list[dict]) -> str:
    """One paragraph per violation: page, rule, impact, and the elements at fault."""
    lines = []
    for v in violations:
        lines.append(f"\n[{v['where']}] {v['id']} ({v['impact']}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"  - {node['target']}: {node['summary'].replace(chr(10), ' ')}")
    return "\n".join(lines)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


#: The archive's pages a reader walks through; "story" stands for the first story a search finds.
ARCHIVE_PAGES = ("/", "/search?q=social+housing", "story", "/themes", "/themes/housing", "/map", "/about")


def walk_archive(browser, archive_url: str,
                 **context_options) -> tuple[list[dict], dict[str, int], dict[str, str]]:
    """Each archive page in a new browser context.

    Returns the axe findings, the sideways pixels per page, and each page's ``<html lang>``.
    """
    context = browser.new_context(**context_options)
    page = context.new_page()
    found, overflow, languages = [], {}, {}
    try:
        page.goto(archive_url + "/search?q=social+housing")
        story = page.eval_on_selector("ol.results a.story-link", "a => a.getAttribute('href')")
        for path in (story if path == "story" else path for path in ARCHIVE_PAGES):
            page.goto(archive_url + path)
            page.wait_for_load_state("load")
            found.extend(scan(page, path))
            overflow[path] = horizontal_overflow(page)
            languages[path] = page.get_attribute("html", "lang")
    finally:
        context.close()
    return found, overflow, languages
