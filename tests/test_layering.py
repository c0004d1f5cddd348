"""The layering rule: a stage imports only stories/, and the core imports no stage nor the wiring.

``lint-imports`` (the contracts in pyproject.toml) checks the same with import-linter, which
also follows imports made inside functions; this test says it in the suite's own words.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
STAGES = ("collect", "transcribe", "analyse", "publish")
#: ``python -m stories`` starts the command line, so it alone may reach into the wiring.
MODULE_ENTRY = "__main__.py"


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("stage", STAGES)
def test_stage_imports_no_other_stage(stage):
    for path in (ROOT / stage).rglob("*.py"):
        others = imported_packages(path) & (set(STAGES) - {stage})
        assert not others, f"{path.relative_to(ROOT)} imports {others}"


def test_core_imports_no_stage_and_no_wiring():
    for path in (ROOT / "stories").rglob("*.py"):
        if path.name == MODULE_ENTRY and path.parent.name == "stories":
            continue
        assert not imported_packages(path) & {*STAGES, "wiring", "flask", "flask_babel"}, path.name


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_the_wiring(stage):
    for path in (ROOT / stage).rglob("*.py"):
        assert "wiring" not in imported_packages(path), path.relative_to(ROOT)


def test_the_rule_would_catch_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from analyse.codebook import load_codebook\nimport publish\n")
    assert imported_packages(bad) == {"analyse", "publish"}
