"""The design stylesheet the archive shares with the form: one file in the core, at /assets/design.css.

A route rather than a second ``--static`` mount, so that every Datasette serving the archive (the
command line, tests, benches) has it without being told where the core's files are.
"""

from __future__ import annotations

from datasette.utils.asgi import asgi_send_file

from stories.design import STYLESHEET


async def design_css(send) -> None:
    await asgi_send_file(send, STYLESHEET, content_type="text/css; charset=utf-8")
