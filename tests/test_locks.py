"""The lock files `make` installs from agree with pyproject.toml: a pin changed there and not
re-locked (`make lock`) fails here, not as a surprise on a fresh machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# What the Makefile's `lock` adds to pyproject's own requirements.
BUILD_TOOLS = ("pip", "setuptools")
#: Where a marker must say the same in the lock as in pyproject.toml (uv may reorder its clauses).
PLATFORMS = [{"sys_platform": system, "platform_machine": machine, "python_full_version": python}
             for system, machine in (("linux", "x86_64"), ("linux", "aarch64"), ("darwin", "arm64"))
             for python in ("3.11.2", "3.12.0")]


def _lock(name: str) -> dict[str, tuple[Version, Marker | None, list[str]]]:
    """Package -> (pinned version, its environment marker, its sha256s)."""
    text = (ROOT / name).read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=\S)", text):
        if block.startswith("#") or not block.strip():
            continue
        head = block.split("\\", 1)[0].strip()
        requirement = Requirement(head)
        (pin,) = requirement.specifier
        assert pin.operator == "==", head
        entries[canonicalize_name(requirement.name)] = (
            Version(pin.version), requirement.marker, re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return entries


@pytest.mark.parametrize(("lock", "extras"), [
    ("requirements.lock", ()),
    ("requirements-test.lock", ("test", "openai-whisper")),
])
def test_the_lock_pins_every_requirement_as_pyproject_asks(lock: str, extras: tuple[str, ...]):
    pinned = _lock(lock)
    wanted = list(PYPROJECT["dependencies"])
    for extra in extras:
        wanted += PYPROJECT["optional-dependencies"][extra]
    for line in wanted:
        requirement = Requirement(line)
        version, marker, _ = pinned[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version, prereleases=True), f"{line}: {lock} has {version}"
        # The marker is kept (pysqlite3-binary has wheels for Linux x86-64 only).
        for platform in PLATFORMS:
            assert (marker is None or marker.evaluate(platform)) == (
                requirement.marker is None or requirement.marker.evaluate(platform)), (line, platform)
    for tool in BUILD_TOOLS:
        assert tool in pinned, f"{lock} lacks {tool}: the Makefile builds without build isolation"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-test.lock",
                                  "requirements-openai-whisper.lock"])
def test_every_locked_package_has_a_sha256(lock: str):
    assert all(hashes for _, _, hashes in _lock(lock).values())


def test_the_test_set_tests_the_runtime_versions():
    runtime, test = _lock("requirements.lock"), _lock("requirements-test.lock")
    assert {name: runtime[name][0] for name in runtime} == {name: test[name][0] for name in runtime}
    assert "import-linter" in test  # `make test` runs lint-imports


def test_openai_whisper_is_locked_alone_at_the_makefile_version():
    (name,) = _lock("requirements-openai-whisper.lock")
    version = re.search(r"^OPENAI_WHISPER := (\S+)$", (ROOT / "Makefile").read_text(), re.M)[1]
    assert (name, _lock("requirements-openai-whisper.lock")[name][0]) == ("openai-whisper", Version(version))
