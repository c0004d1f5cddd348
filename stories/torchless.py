"""spaCy and Presidio without torch: both import it when it is installed, for models we never use.

torch is installed for the openai-whisper baseline. Imported by thinc (under spaCy) and by
Presidio's Hugging Face recogniser, it costs every process that loads spaCy (the worker, the web
form's checks, each `stories` command) about 2 seconds and 190 MB, and no pipeline here runs on it:
spaCy's small CNN models and blank pipelines use numpy. Importing this module imports thinc with
torch hidden; `torch_hidden()` does the same around other imports. torch itself still imports
normally afterwards (openai-whisper).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def torch_hidden() -> Iterator[None]:
    """Within the block "import torch" raises ImportError, unless torch is already imported."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


with torch_hidden():
    import thinc.compat  # noqa: F401  # thinc decides here, once, whether torch is there
