"""The benchmark scripts still run (tiny sizes; the figures themselves are not judged here)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parent.parent / "bench"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("script, args, expect", [
    ("pipeline.py", ["--seconds", "10", "--repeat", "1"], "pipeline / raw:"),
    ("upload.py", ["--mb", "8"], "the upload added"),
    ("resume.py", ["--mb", "40", "--drop-at", "0.3"], "stored sha256 equals the original's"),
    # "single" is the pipeline with a setting changed, and tests/transcribe covers both ways.
    ("transcribe.py", ["--models", "tiny.en", "--repeat", "1", "--seconds", "10", "--engines", "pipeline",
                       "openai"], "faster than openai-whisper"),
    ("analyse.py", ["--split", "dev", "--no-speed"], "MACRO F1 overall"),
    ("load.py", ["--uploads", "12", "--concurrency", "4"], "errors: 0"),
    ("withdraw.py", ["--stories", "2", "--minutes", "0.5", "--every", "0.5"],
     "withdrawal to gone from every public surface"),
    pytest.param("scale.py", ["--stories", "2", "--seconds", "8"], "speed-up with 2 workers:",
                 marks=pytest.mark.skipif(not shutil.which("redis-server") and not os.environ.get("CI"),
                                          reason="redis-server is not installed (make test installs it)")),
])
def test_bench_script_runs(script, args, expect):
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert expect in result.stdout


def test_archive_bench_measures_publish_search_and_facets(tmp_path):
    result = subprocess.run([sys.executable, str(BENCH / "archive.py"), "--stories", "200", "--queries", "5",
                             "--keep", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    for line in ("| full publish, no archive yet", "| full publish over the live archive",
                 "| one story changed (sync_story)", "| one story withdrawn (sync_story)",
                 "| search, common terms", "| search, rare terms", "| search_segments, common terms",
                 "| search_segments, rare terms", "| facets:", "| facet: themes",
                 "ranked search p95 through the HTTP API",
                 "full publish:", "one story (slowest sync):", "no audio is encoded"):
        assert line in result.stdout, line
    assert (tmp_path / "home" / "archive.db").exists()  # --keep keeps it; Datasette has stopped:
    assert "Shutting down" in (tmp_path / "datasette.log").read_text()
