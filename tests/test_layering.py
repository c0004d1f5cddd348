"""The layering rule: a stage imports only stories/, and the core imports no stage."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
STAGES = ("collect", "transcribe", "analyse", "publish")
#: The entry points, which may import stages; the rest of stories/ is the core.
ENTRY_POINTS = {"cli.py", "cli_common.py", "cli_review.py", "cli_models.py", "cli_analyse.py", "tasks.py",
                "serve.py", "__main__.py", "cli_export.py", "cli_pack.py", "cli_campaign.py",
                "cli_backup.py", "cli_archive.py", "syncer.py"}


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


def test_core_imports_no_stage_and_no_entry_point():
    for path in (ROOT / "stories").glob("*.py"):
        if path.name in ENTRY_POINTS:
            continue
        assert not imported_packages(path) & set(STAGES), path.name
        source = path.read_text()
        assert "stories.tasks" not in source and "stories.cli" not in source, path.name


def test_the_rule_would_catch_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from analyse.codebook import load_codebook\nimport publish\n")
    assert imported_packages(bad) == {"analyse", "publish"}
