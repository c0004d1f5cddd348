"""The design every page shares: one stylesheet of tokens and components (``static/design.css``).

It lives in the core so that both web apps can serve the same file: the form's Flask app at
``/design/design.css`` and the archive's Datasette plugin at ``/assets/design.css``. Each links it
before its own page stylesheet.
"""

from pathlib import Path

STATIC = Path(__file__).parent / "static"
STYLESHEET = STATIC / "design.css"
