"""Campaigns in the working store and through `stories campaign`."""

import pytest
from codebooks import TRAMS

from stories.campaigns import CampaignError, add_campaign, close_campaign, get_campaign, open_campaign
from wiring.cli import cli


def test_a_campaign_keeps_its_prompts_and_places_and_can_close(store):
    made = add_campaign(store, "work-valencia-2027", "Getting into work,  Valencia 2027",
                        prompts=["What happened?", " ", "Who helped?"],
                        places=["Valencia", "Valencia", "Xàtiva"])
    assert made.title == "Getting into work, Valencia 2027"
    assert made.prompts == ("What happened?", "Who helped?") and made.places == ("Valencia", "Xàtiva")
    assert open_campaign(store, "work-valencia-2027").is_open
    add_campaign(store, "work-valencia-2027", "Renamed")  # an update keeps who opened it and when
    assert get_campaign(store, "work-valencia-2027").title == "Renamed"
    assert store.db["campaigns"].get("work-valencia-2027")["created_by"] == "cli"
    close_campaign(store, "work-valencia-2027")
    with pytest.raises(CampaignError, match="closed"):
        open_campaign(store, "work-valencia-2027")


@pytest.mark.parametrize("slug, title", [("Bad Slug", "t"), ("-x", "t"), ("../etc", "t"), ("ok", "  ")])
def test_bad_slugs_and_titles_are_refused_early(store, slug, title):
    with pytest.raises(CampaignError):
        add_campaign(store, slug, title)
    assert store.db["campaigns"].count == 0


def test_campaign_commands_open_list_and_close(runner, settings, tmp_path):
    codebook = tmp_path / "valencia.toml"
    codebook.write_text(TRAMS)
    added = runner.invoke(cli, ["campaign", "add", "work-valencia-2027", "--title", "Getting into work",
                                "--prompt", "What happened?", "--place", "Valencia",
                                "--codebook", str(codebook)])
    assert added.exit_code == 0, added.output
    assert "/c/work-valencia-2027" in added.output and "/c/work-valencia-2027/interview" in added.output
    listed = runner.invoke(cli, ["campaign", "list"])
    assert "work-valencia-2027\t0 stories\topen\tGetting into work" in listed.output
    assert runner.invoke(cli, ["campaign", "close", "work-valencia-2027"]).exit_code == 0
    assert "\tclosed " in runner.invoke(cli, ["campaign", "list"]).output
    unknown = runner.invoke(cli, ["campaign", "close", "nope"])
    assert unknown.exit_code == 1 and "no campaign called 'nope'" in unknown.output


def test_a_broken_codebook_is_refused_before_the_campaign_opens(runner, settings, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[codebook]\nname = "x"\n[[theme]]\nid = "a"\n')
    result = runner.invoke(cli, ["campaign", "add", "c1", "--title", "C", "--codebook", str(broken)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "c1" not in runner.invoke(cli, ["campaign", "list"]).output


def test_stories_add_files_a_story_under_an_open_campaign(runner, settings, store, tmp_path):
    add_campaign(store, "c1", "Campaign one", places=["Valencia"])
    story = tmp_path / "story.md"
    story.write_text("The job centre moved.")
    added = runner.invoke(cli, ["add", str(story), "--campaign", "c1", "--place", "Valencia"])
    assert added.exit_code == 0, added.output
    assert store.get(added.stdout.strip())["campaign"] == "c1"
    outside = runner.invoke(cli, ["add", str(story), "--campaign", "c1", "--place", "Madrid"])
    assert outside.exit_code == 1 and "campaign's places" in outside.output
    close_campaign(store, "c1")
    closed = runner.invoke(cli, ["add", str(story), "--campaign", "c1"])
    assert closed.exit_code == 1 and "has closed" in closed.output
