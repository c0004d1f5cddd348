"""spaCy and Presidio load without importing torch, and torch still imports after them."""

import subprocess
import sys


def test_analysis_and_redaction_load_without_torch_and_torch_still_imports_after():
    code = (
        "import sys\n"
        "import analyse\n"
        "analyse.load_pipeline('en'), analyse.load_pipeline('es')\n"  # the worker's order: analysis first
        "from stories import privacy\n"
        "assert privacy.find('Me llamo Carmen Rodríguez', 'es')\n"
        "print('torch' in sys.modules)\n"
        "import torch, thinc.compat\n"
        "print(torch.tensor([1]).item(), thinc.compat.has_torch)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "1", "False"]
