"""What the processes log: our own steps at info, libraries only when something is wrong."""

from __future__ import annotations

import logging

#: Libraries that narrate routine work at info level (WeasyPrint: each layout step of a pack).
CHATTY = ("weasyprint", "weasyprint.progress", "fontTools")
#: waitress warns "Task queue depth is N" whenever a request waits for a free thread, even for one;
#: a backlog this deep is worth a line in the log.
QUEUE_DEPTH_WORTH_LOGGING = 8


class ShortQueues(logging.Filter):
    """Drops waitress's queue-depth warnings below ``QUEUE_DEPTH_WORTH_LOGGING``."""

    def filter(self, record: logging.LogRecord) -> bool:
        depth = record.args[0] if isinstance(record.args, tuple) and record.args else None
        return not (isinstance(depth, int) and depth < QUEUE_DEPTH_WORTH_LOGGING)


def configure(level: int = logging.INFO) -> None:
    """Log our own messages at ``level``, and the chatty libraries at warning."""
    logging.basicConfig(level=level, format="%(asctime)s %(name)s %(message)s")
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)
    queue = logging.getLogger("waitress.queue")
    if not any(isinstance(f, ShortQueues) for f in queue.filters):
        queue.addFilter(ShortQueues())
