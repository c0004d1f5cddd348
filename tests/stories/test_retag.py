import pytest
import sqlite_utils

from wiring.cli import cli

CODEBOOK = """[codebook]
name = "Test"
version = "{version}"
[[group]]
id = "service-area"
label = "Service area"
[[theme]]
id = "housing"
group = "service-area"
label = "Housing"
[theme.patterns]
en = [{housing}]
[[theme]]
id = "employment"
group = "service-area"
label = "Employment"
[theme.patterns]
en = ["job"]
[[theme]]
id = "health"
group = "service-area"
label = "Health"
[theme.patterns]
en = ["doctor"]
"""


def write_codebook(path, version, housing):
    path.write_text(CODEBOOK.format(version=version, housing=housing))
    return path

pytestmark = pytest.mark.slow


def test_retag_with_a_new_codebook_reports_changes_and_keeps_moderators_decisions(runner, settings, store,
                                                                                   tmp_path, monkeypatch):
    first = write_codebook(tmp_path / "v1.toml", "1", '"landlord", "evict"')
    monkeypatch.setenv("STORIES_CODEBOOK", str(first))
    path = tmp_path / "s.txt"
    path.write_text("The landlord evicted us. I lost my job the same week.")
    story_id = runner.invoke(cli, ["add", str(path), "--consent", "publish"]).stdout.strip()
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    from stories import review

    employment = next(t for t in store.rows("tags", story_id) if t["theme_id"] == "employment")
    review.set_tag_status(store, story_id, "employment", employment["segment_idx"], employment["matched"],
                          "rejected", "mo")
    review.add_tag(store, story_id, "health", 0, "mo")
    assert runner.invoke(cli, ["approve", story_id]).exit_code == 0

    # A new codebook version in which nothing in the story means housing any more.
    monkeypatch.setenv("STORIES_CODEBOOK", str(write_codebook(tmp_path / "v2.toml", "9-2", '"council flat"')))
    result = runner.invoke(cli, ["analyse", "--all"])
    assert result.exit_code == 0, result.output
    assert f"{story_id}: -housing" in result.output and "1 changed" in result.output
    tags = {(t["theme_id"], t["status"]) for t in store.rows("tags", story_id)}
    assert ("employment", "rejected") in tags and ("health", "accepted") in tags  # decisions stay
    assert all(t["codebook_version"].startswith("9-") for t in store.rows("tags", story_id)
               if t["source"] == "codebook")
    archived = sqlite_utils.Database(settings.archive_path)["stories"].get(story_id)
    assert "housing" not in archived["themes"]  # the published copy follows
    assert store.events(story_id)[-1]["action"] == "re-tagged"
    usage = runner.invoke(cli, ["analyse"])
    assert usage.exit_code == 2
