"""``stories syncer`` and ``stories verify``: keeping the public archive exactly what the rules allow."""

from __future__ import annotations

import signal
import threading

import click

from wiring.cli_common import errors_as_click, opened_store, settings_from


@click.command()
@click.option("--watch-leases", is_flag=True, help="Also queue again the stories whose worker stopped "
              "renewing its lease (for a coordinator whose workers are all remote).")
@click.pass_context
@errors_as_click
def syncer(ctx, watch_leases: bool) -> None:
    """Keep archive.db in line with every decision: drain the outbox, and reconcile every minute."""
    from wiring import syncer as archive_syncer

    settings = settings_from(ctx)
    with opened_store(ctx):
        pass  # the schema, up to date before the first round
    if watch_leases:
        from stories.queue import JobQueue
        from wiring import tasks

        queue = JobQueue(settings)
        # Stories left unqueued (the queue was down at upload, or the coordinator restarted).
        if ids := tasks.requeue_unfinished(settings, queue, idle_seconds=settings.lease_seconds):
            click.echo(f"Re-queued {len(ids)} unfinished stories: {', '.join(ids)}")
        tasks.watch_leases(settings, queue)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    click.echo(f"Syncing {settings.archive_path} with the working store; Ctrl-C stops.")
    archive_syncer.run_forever(settings, stop)


@click.command()
@click.pass_context
@errors_as_click
def verify(ctx) -> None:
    """Prove the archive holds exactly what the rules allow, down to its bytes; exit 1 on any breach."""
    from wiring import syncer as archive_syncer

    with opened_store(ctx) as store:
        verdict = archive_syncer.verify(settings_from(ctx), store)
    click.echo(verdict.summary())
    if not verdict.ok:
        raise SystemExit(1)


COMMANDS = [syncer, verify]
