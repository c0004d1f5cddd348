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
