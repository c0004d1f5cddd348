from stories.queue import JobQueue


def test_jobs_survive_a_restart_and_run_in_burst(settings):
    JobQueue(settings).submit("abc")  # one process queues, then goes away
    queue = JobQueue(settings)
    assert queue.pending_ids() == {"abc"}
    seen = []
    queue.handle(seen.append)
    assert queue.run_burst() == 1
    assert seen == ["abc"] and queue.pending() == 0


def test_a_job_without_handler_fails_loudly(settings, caplog):
    queue = JobQueue(settings)
    queue.submit("x")
    queue.run_burst()
    # Huey logs the failure; the story itself stays unfinished in the store for the next worker.
    assert "JobQueue has no handler" in caplog.text
