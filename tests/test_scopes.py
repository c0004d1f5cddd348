"""Every combination of consent scopes gives exactly the archive content it should."""

from __future__ import annotations

import itertools

import pytest
import sqlite_utils

from wiring.cli import cli

pytestmark = pytest.mark.slow

SCOPES = ("publish", "quote", "research", "name")
TELLER = "Kofi Mensah"


def archive_rows(settings) -> dict[str, dict]:
    db = sqlite_utils.Database(settings.archive_path)
    return {row["id"]: {k: v for k, v in row.items() if k != "published_at"} for row in db["stories"].rows}


def test_every_scope_combination(runner, settings, store, tmp_path):
    combos = {}
    for n, granted in enumerate(itertools.product([False, True], repeat=len(SCOPES))):
        consents = dict(zip(SCOPES, granted, strict=True))
        path = tmp_path / f"story-{n}.txt"
        path.write_text(f"I am {TELLER} and I waited months for a council flat. Story {n}.")
        args = ["add", str(path), "--name", TELLER, "--pseudonym", f"Teller {n}"]
        args += [arg for scope, on in consents.items() if on for arg in ("--consent", scope)]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        combos[result.stdout.strip()] = consents
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    for story_id in combos:
        assert runner.invoke(cli, ["approve", story_id]).exit_code == 0  # publishes one by one

    synced = archive_rows(settings)
    assert set(synced) == {i for i, c in combos.items() if c["publish"]}
    for story_id, row in synced.items():
        consents = combos[story_id]
        assert row["quotable"] == int(consents["quote"])
        assert row["research_use"] == int(consents["research"])
        if consents["name"]:
            assert row["teller"] == TELLER and TELLER in row["text"]
        else:
            assert row["teller"].startswith("Teller ") and "Kofi" not in row["text"]
            assert "Mensah" not in row["text"] and "[name]" in row["text"]
    for story_id, consents in combos.items():
        state = store.get(story_id)["state"]
        assert state == ("published" if consents["publish"] else "kept_private")

    assert runner.invoke(cli, ["publish"]).exit_code == 0
    assert archive_rows(settings) == synced  # a full rebuild agrees with per-story publishing
