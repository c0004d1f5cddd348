"""The processes' logging: our steps at info, libraries' routine narration left out."""

import logging

from wiring import logs


def test_routine_library_narration_is_left_out_and_real_trouble_kept(caplog):
    logs.configure()
    with caplog.at_level(logging.INFO):
        logging.getLogger("weasyprint.progress").info("Step 4 - Creating layout - Page 1")
        logging.getLogger("waitress.queue").warning("Task queue depth is %d", 1)
        logging.getLogger("waitress.queue").warning("Task queue depth is %d", 40)
        logging.getLogger("wiring.tasks").info("story abc: transcribed")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["Task queue depth is 40", "story abc: transcribed"]


def test_configuring_twice_adds_one_filter():
    logs.configure()
    logs.configure()
    assert sum(isinstance(f, logs.ShortQueues) for f in logging.getLogger("waitress.queue").filters) == 1
