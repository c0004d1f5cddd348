"""A stateful property test of the consent boundary (Hypothesis RuleBasedStateMachine).

Random sequences of add (through the CLI's store call, or the form's intake with the job queue
down), transcribe and analyse (the real worker steps, the real spaCy model), edit, redact,
approve, reject, reopen, withdraw, retry, full publish, a worker that dies holding a story, and a
sync that fails half way. After every step the syncer gets its
turn (as it would within a second), then `verify` must hold, and no word of a withdrawn or kept-out
story may be anywhere in the archive's files. Bounded so the suite stays quick.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

import publish
from publish.verify import verify_archive
from stories import review, review_text
from stories.errors import StoriesError
from stories.intake import Submission, receive
from stories.model import State
from stories.queue import JobQueue
from stories.settings import load_settings
from stories.states import GOING_PUBLIC
from stories.store import Store
from stories.withdrawal import withdraw
from wiring import syncer, tasks

pytestmark = pytest.mark.slow
WORDS = ["council", "housing", "waited", "months", "jobcentre", "bus", "doctor", "school", "rent", "forms"]


class QueueDown:
    """A job queue whose server is down: every submit fails, as Redis's would."""

    offer = JobQueue.offer

    def submit(self, story_id: str) -> None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


class ConsentMachine(RuleBasedStateMachine):
    stories = Bundle("stories")

    def __init__(self):
        super().__init__()
        self.home = Path(tempfile.mkdtemp(prefix="consent-machine-"))
        self.settings = load_settings({"STORIES_HOME": str(self.home)})
        self.home.mkdir(exist_ok=True)
        self.store = Store(self.settings.db_path)
        self.store.init()
        tasks.sync_themes(self.settings, self.store)
        tasks.publish_archive(self.settings, self.store)
        self.canary: dict[str, str] = {}  # story id -> a word only that story says
        self.count = 0

    def teardown(self):
        self.store.close()
        shutil.rmtree(self.home, ignore_errors=True)

    # -- the teller ---------------------------------------------------------------------------
    @rule(target=stories, consent=st.booleans(),
          words=st.lists(st.sampled_from(WORDS), min_size=3, max_size=8))
    def add(self, consent, words):
        self.count += 1
        canary = f"zq{self.count}canary"
        body = f"{' '.join(words).capitalize()} and {canary} said so.\n\nMy neighbour Sarah Jones helped me."
        story_id = self.store.create_story({"title": f"Story {self.count}", "kind": "text", "body": body,
                                           "language": "en"}, {"publish": consent, "quote": True})
        self.canary[story_id] = canary
        return story_id

    @rule(target=stories, words=st.lists(st.sampled_from(WORDS), min_size=3, max_size=6))
    def add_while_the_queue_is_down(self, words):
        """The form's own path, with a queue that cannot be reached: the story is stored all the same."""
        self.count += 1
        canary = f"zq{self.count}canary"
        submission = Submission(title=f"Story {self.count}", language="en", consents={"publish": True},
                                text=f"{' '.join(words).capitalize()} and {canary} said so.")
        story_id = receive(self.store, QueueDown(), self.settings, submission, None).story_id
        self.canary[story_id] = canary
        return story_id

    @rule(story=stories)
    def teller_withdraws(self, story):
        self._try(lambda: withdraw(self.store, story, "teller", self.settings.media_dir))

    # -- the worker ---------------------------------------------------------------------------
    @rule(story=stories)
    def worker_runs(self, story):
        tasks.advance(self.settings, story)

    @rule(story=stories)
    def worker_dies_holding_it(self, story):
        # Claimed by a worker that then died: its lease runs out at once, and the next run redoes it.
        self.store.claim(story, [State.RECEIVED, State.TRANSCRIBING], State.TRANSCRIBING, "worker",
                         "gone:1:1:x", 0.001)

    # -- the moderator ------------------------------------------------------------------------
    @rule(story=stories, text=st.sampled_from(["I waited for the council.", "Sarah Jones rang me back."]))
    def moderator_edits(self, story, text):
        self._try(lambda: review_text.edit_segment(self.store, story, 0, text, "mod"))

    @rule(story=stories, accept=st.booleans())
    def moderator_decides_redactions(self, story, accept):
        for row in self.store.rows("redactions", story):
            self._try(lambda r=row: review.set_redaction_status(self.store, story, r["idx"],
                                                                "accepted" if accept else "rejected", "mod"))

    @rule(story=stories, word=st.sampled_from(WORDS))
    def moderator_redacts_words(self, story, word):
        self._try(lambda: review_text.redact_words(self.store, story, 0, word, "other", "mod"))

    @rule(story=stories)
    def moderator_approves(self, story):
        self._try(lambda: review.approve(self.store, story, "mod"))

    @rule(story=stories)
    def worker_then_moderator_approve(self, story):
        # The common path, taken in one step, so random runs reach the archive often.
        tasks.advance(self.settings, story)
        self._try(lambda: review.approve(self.store, story, "mod"))

    @rule(story=stories)
    def moderator_rejects(self, story):
        self._try(lambda: review.reject(self.store, story, "mod", "Not about a service"))

    @rule(story=stories)
    def moderator_reopens(self, story):
        self._try(lambda: review.reopen(self.store, story, "mod"))

    @rule(story=stories)
    def moderator_retries(self, story):
        self._try(lambda: review.retry(self.store, story, "mod"))

    # -- publishing and its failures ----------------------------------------------------------
    @rule()
    def full_publish(self):
        tasks.publish_archive(self.settings, self.store)

    @rule()
    def a_sync_fails_half_way(self):
        real = publish.sync_story

        def broken(*args, **kwargs):
            raise OSError("No space left on device")

        publish.sync_story = broken
        try:
            syncer.drain(self.settings, self.store)  # every attempt fails; the outbox keeps them all
        finally:
            publish.sync_story = real

    def _try(self, action):
        try:
            action()
        except StoriesError:
            pass  # not allowed in this state: refused, which is right

    # -- what must always hold ------------------------------------------------------------------
    @invariant()
    def the_archive_is_what_the_rules_allow(self):
        syncer.drain(self.settings, self.store)  # the syncer's turn, as it would come within a second
        verdict = verify_archive(self.store, self.settings.archive_path, self.settings.published_dir)
        assert verdict.ok, verdict.summary()
        allowed = {s["id"] for s in publish.publishable(self.store)}
        data = b"".join(p.read_bytes() for p in self.home.glob("archive.db*")).lower()
        for story_id, canary in self.canary.items():
            if story_id not in allowed:
                assert canary.encode() not in data, f"{story_id} ({self.store.get(story_id)['state']})"
        for story in self.store.all([State.WITHDRAWN]):
            assert self.store.segments(story["id"]) == [] and story["body"] is None
        for story in self.store.all(GOING_PUBLIC):
            assert self.store.consents(story["id"]).get("publish")


ConsentMachine.TestCase.settings = settings(max_examples=12, stateful_step_count=25, deadline=None,
                                            suppress_health_check=[HealthCheck.too_slow])
test_consent_boundary_holds_whatever_happens = ConsentMachine.TestCase
