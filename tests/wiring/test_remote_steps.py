"""The remote worker's analysis with the codebook the coordinator sent (no HTTP needed for it)."""

import dataclasses

import pytest
from codebooks import TRAMS

from stories import jobs
from stories.model import Segment
from wiring import remote

pytestmark = pytest.mark.slow  # the English spaCy model


def test_an_analysis_job_uses_the_codebook_it_carries_kept_once_in_the_model_cache(settings):
    story = {"id": "s1", "kind": "text", "language": "en", "detected_language": None, "title": "Buses",
             "place": "", "pseudonym": "", "body": "", "media_path": None}
    job = {"step": jobs.ANALYSE, "story": story, "codebook": TRAMS, "input_key": "k", "owner": "o",
           "segments": [dataclasses.asdict(Segment(0, "The tram to work never came, so I lost the job."))]}
    result = remote._work(settings, coordinator=None, job=job, heartbeat=None)["analysis"]
    analysis = jobs.analysis_from_json(result)
    assert analysis.codebook_version == "v-2027"
    assert {t.theme_id for t in analysis.tags} == {"trams"}
    cached = list((settings.cache_dir / "codebooks").iterdir())
    assert [p.read_text() for p in cached] == [TRAMS]
    remote._work(settings, coordinator=None, job=job, heartbeat=None)
    assert list((settings.cache_dir / "codebooks").iterdir()) == cached  # the same file, not a second
