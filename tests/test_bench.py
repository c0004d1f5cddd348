"""The benchmark scripts still run (tiny sizes; the figures themselves are not judged here)."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parent.parent / "bench"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("script, args, expect", [
    ("pipeline.py", ["--seconds", "10", "--repeat", "1"], "pipeline / raw:"),
    ("upload.py", ["--mb", "8"], "the upload added"),
    ("transcribe.py", ["--models", "tiny.en", "--repeat", "1", "--seconds", "10"],
     "faster than openai-whisper"),
    ("analyse.py", ["--split", "dev", "--no-speed"], "MACRO F1 overall"),
])
def test_bench_script_runs(script, args, expect):
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert expect in result.stdout
