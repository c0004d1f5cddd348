"""``stories worker --remote``: a worker with no store and no media, talking to the coordinator over HTTP.

It takes story ids from the Redis queue, claims each story's next step from the coordinator's API
(``collect.api``), fetches the recording into a temporary file (removed after the step), runs the
same step code as a local worker (``wiring.steps``), renews its lease while it works, and posts the
result. The coordinator applies it, or refuses it (withdrawn, changed, lease lost, token revoked):
either way this worker keeps nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from stories import jobs, leases
from stories.errors import ConfigError, StoriesError
from stories.leases import LeaseLost
from stories.queue import JobQueue
from stories.settings import Settings
from wiring import steps

log = logging.getLogger(__name__)
#: Seconds to wait for the coordinator; a result post may carry a long transcript.
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class Refused(Exception):
    """The coordinator refused this job's lease or result (409 or 401): drop the work."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


class Coordinator:
    """The coordinator's API, called with this worker's token."""

    def __init__(self, url: str, token: str):
        self.client = httpx.Client(base_url=url.rstrip("/") + "/api/v1/", timeout=TIMEOUT,
                                   headers={"Authorization": f"Bearer {token}"}, follow_redirects=False)

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(path, json=body)
        if response.status_code in (401, 409):
            raise Refused(f"{path}: {response.status_code} {_error(response)}", response.status_code)
        response.raise_for_status()
        return response.json()

    def claim(self, story_id: str) -> dict[str, Any] | None:
        """The story's next step for this worker, or None when there is nothing to do (or it is held)."""
        return self._post("jobs", {"story_id": story_id})["job"]

    def renew(self, job: dict[str, Any], done: float | None = None, total: float | None = None) -> None:
        """Renew the job's lease; raises Refused once it is no longer this worker's."""
        self._post("lease", {"story_id": job["story"]["id"], "owner": job["owner"], "done": done,
                             "total": total})

    def download(self, job: dict[str, Any], target: Path) -> None:
        """Stream the recording behind the job's link into ``target``.

        The link is the coordinator's own (relative: signed, checked against the lease) or, where
        media live in a bucket, an absolute presigned URL, fetched without this worker's token: the
        token is for the coordinator alone, and the link carries its own signature.
        """
        url = job["media_url"]
        absolute = httpx.URL(url).is_absolute_url
        opened = httpx.stream("GET", url, timeout=TIMEOUT) if absolute else self.client.stream("GET", url)
        with opened as response:
            # 403: expired or not valid; 409: no longer this worker's; 404: gone from the bucket (withdrawn).
            if response.status_code in (403, 409) or (absolute and response.status_code == 404):
                raise Refused(f"media: {response.status_code}")
            response.raise_for_status()
            with target.open("wb") as out:
                for chunk in response.iter_bytes(1 << 20):
                    out.write(chunk)

    def post(self, job: dict[str, Any], **result: Any) -> bool:
        """Send the step's result; True if applied, False for a repeat. Raises Refused."""
        body = {"story_id": job["story"]["id"], "step": job["step"], "owner": job["owner"],
                "input_key": job["input_key"], **result}
        return self._post("results", body)["applied"]


def _error(response: httpx.Response) -> str:
    try:
        return response.json().get("error", "")
    except ValueError:
        return response.text[:200]


class RemoteHeartbeat(leases.Beat):
    """Renews a remote lease through the coordinator, with the latest progress.

    A refusal ends the lease; a coordinator that cannot be reached is tried again at the next beat.
    """

    TRANSIENT = (httpx.HTTPError,)

    def __init__(self, coordinator: Coordinator, job: dict[str, Any]):
        super().__init__(job["story"]["id"], job["lease_seconds"])
        self.coordinator, self.job = coordinator, job
        self.progress: tuple[float | None, float | None] = (None, None)

    def renew(self, _connection) -> bool:
        try:
            self.coordinator.renew(self.job, *self.progress)
        except Refused as exc:
            log.warning("%s", exc)
            return False
        return True


def advance_remote(settings: Settings, coordinator: Coordinator, story_id: str,
                   revoked: Callable[[str], None] | None = None) -> None:
    """Claim and run the story's steps one after another, until none is left for this worker.

    A token refused at the claim was revoked: ``revoked(story_id)`` hands the job back and stops
    this worker, which can do nothing more for anyone.
    """
    while True:
        try:
            job = coordinator.claim(story_id)
        except Refused as exc:
            log.error("story %s: the coordinator refused this worker's token: %s", story_id, exc)
            if revoked is not None and exc.status == 401:
                revoked(story_id)
            return
        if job is None or not _run_step(settings, coordinator, job):
            return


def _run_step(settings: Settings, coordinator: Coordinator, job: dict[str, Any]) -> bool:
    """One step: work, then post. Returns whether to go on to the story's next step."""
    story_id, started = job["story"]["id"], time.perf_counter()
    step_settings = settings.with_(**job["settings"])
    try:
        with RemoteHeartbeat(coordinator, job) as heartbeat:
            result = _work(step_settings, coordinator, job, heartbeat)
        heartbeat.check()  # a lease ended during the last beat: the post would be refused anyway
        coordinator.post(job, seconds=time.perf_counter() - started, **result)
        return True
    except (Refused, LeaseLost) as exc:
        # Withdrawn, changed, taken over or revoked meanwhile: the coordinator keeps what it has.
        log.warning("story %s: %s dropped: %s", story_id, job["step"], exc)
    except StoriesError as exc:
        _post_failure(coordinator, job, str(exc), getattr(exc, "teller_reason", ""), started)
    except httpx.HTTPError as exc:
        # The coordinator is down: the lease runs out, and the story is queued again there.
        log.error("story %s: the coordinator could not be reached: %s", story_id, exc)
    except Exception as exc:  # an unexpected bug must not lose the story either
        log.error("story %s: %s failed\n%s", story_id, job["step"], traceback.format_exc())
        _post_failure(coordinator, job, f"{job['step']} failed unexpectedly: {exc}", "", started)
    return False


def _work(settings: Settings, coordinator: Coordinator, job: dict[str, Any],
          heartbeat: RemoteHeartbeat) -> dict[str, Any]:
    story = job["story"]
    if job["step"] == jobs.ANALYSE:
        codebook = _codebook(settings, job["codebook"]) if job.get("codebook") is not None else None
        analysis = steps.analysis(story, jobs.segments_from_json(job["segments"]), codebook)
        return {"analysis": jobs.analysis_to_json(analysis)}

    def on_progress(done: float, total: float) -> None:
        heartbeat.check()  # raising here stops Whisper: the story is no longer this worker's
        heartbeat.progress = (done, total)

    with _recording(coordinator, job) as media:
        transcript, flags = steps.transcription(settings, story, media, on_progress)
    return {"transcript": jobs.transcript_to_json(transcript), "flags": flags}


def _codebook(settings: Settings, text: str) -> Path:
    """The job's codebook, kept in the model cache under its sha256: the same codebook is the same
    file, so the analyse stage's pipeline cache (by path) loads spaCy once for all its stories."""
    folder = settings.cache_dir / "codebooks"
    path = folder / f"{hashlib.sha256(text.encode()).hexdigest()}.toml"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # whole or not at all, whichever worker writes it
    return path


@contextmanager
def _recording(coordinator: Coordinator, job: dict[str, Any]) -> Iterator[Path | None]:
    """The job's recording in a temporary file that is gone when the step ends, or the worker dies.

    On Linux the file is unlinked from the start (``TemporaryFile``) and read through
    ``/proc/self/fd``: even a worker killed with SIGKILL leaves no recording on its disk.
    """
    if not job.get("media_url"):
        yield None
        return
    with tempfile.TemporaryFile(prefix="stories-media-") as held:
        linked = Path(f"/proc/self/fd/{held.fileno()}")
        if linked.exists():
            coordinator.download(job, linked)
            yield linked
            return
    with tempfile.TemporaryDirectory(prefix="stories-media-") as folder:  # no /proc: a named file
        named = Path(folder) / ("recording" + Path(job["story"]["media_path"]).suffix)
        coordinator.download(job, named)
        yield named


def _post_failure(coordinator: Coordinator, job: dict[str, Any], reason: str, teller_reason: str,
                  started: float) -> None:
    try:
        coordinator.post(job, seconds=time.perf_counter() - started,
                         failed={"reason": reason, "teller_reason": teller_reason})
    except (Refused, httpx.HTTPError) as exc:  # withdrawn or taken over meanwhile: that state stands
        log.warning("story %s: failure not recorded: %s", job["story"]["id"], exc)


def wire_remote(settings: Settings, url: str, token: str) -> JobQueue:
    """A Redis queue whose jobs are run against the coordinator at ``url``."""
    if not settings.queue.startswith("redis://"):
        raise ConfigError("A remote worker needs STORIES_QUEUE=redis://…, the queue the coordinator uses")
    coordinator = Coordinator(url, token)
    queue = JobQueue(settings)

    def revoked(story_id: str) -> None:
        queue.offer(story_id)  # another worker's to do now
        os.kill(os.getpid(), signal.SIGINT)  # Huey stops once the running job returns

    queue.handle(lambda story_id: advance_remote(settings, coordinator, story_id, revoked))
    return queue
