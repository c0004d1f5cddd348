"""A campaign's own form (/c/<slug>): its prompts and places, stories filed under it, its codebook."""

import pytest
import sqlite_utils
from codebooks import TRAMS
from datasette_client import datasette_get

from stories import review
from stories.campaigns import add_campaign, close_campaign
from wiring.tasks import advance, publish_archive, sync_themes

SLUG = "work-valencia-2027"


@pytest.fixture
def campaign(store):
    return add_campaign(store, SLUG, "Getting into work, Valencia 2027",
                        description="Stories about finding work in and around Valencia.",
                        prompts=["What happened when you looked for work?", "Who helped you?"],
                        places=["Valencia", "Xàtiva"])


def written(title="The job centre", place="Valencia", text="The job centre was closed on Monday."):
    return {"title": title, "text": text, "place": place, "consent_publish": "yes"}


def test_the_campaign_form_shows_its_title_prompts_and_places(client, campaign):
    page = client.get(f"/c/{SLUG}").get_data(as_text=True)
    assert "<h1>Getting into work, Valencia 2027</h1>" in page
    assert "<li>Who helped you?</li>" in page and "Stories about finding work" in page
    assert '<select id="place" name="place"' in page and '<option value="Xàtiva"' in page
    assert 'list="places"' not in page  # the gazetteer's suggestions give way to the campaign's places
    assert 'list="places"' in client.get("/").get_data(as_text=True)


def test_a_story_sent_to_a_campaign_is_filed_under_it_and_the_archive_facets_by_it(
        form_post, settings, store, campaign):
    response = form_post(f"/c/{SLUG}", written())
    assert response.status_code == 303
    other = form_post("/", written("Elsewhere", place="Leeds"))
    assert other.status_code == 303
    filed = {s["title"]: s["campaign"] for s in store.all()}
    assert filed == {"The job centre": SLUG, "Elsewhere": None}
    for story in store.all():
        assert advance(settings, story["id"]).value == "in_review"
        review.approve(store, story["id"], "mo")
    publish_archive(settings)

    archive = sqlite_utils.Database(settings.archive_path)
    assert {r["title"]: r["campaign"] for r in archive["stories"].rows} == filed
    public = archive["campaigns"].get(SLUG)
    assert public["title"] == "Getting into work, Valencia 2027" and "Who helped you?" in public["prompts"]
    assert "created_by" not in public and "codebook" not in public  # who opened it stays private
    facet = datasette_get(settings, "/archive/stories.json?_facet=campaign").json()
    counts = {r["value"]: (r["count"], r["label"]) for r in facet["facet_results"]["campaign"]["results"]}
    assert counts == {SLUG: (1, "Getting into work, Valencia 2027")}
    search = datasette_get(settings, "/search").text  # the search page counts and filters by campaign too
    assert f'href="/search?campaign={SLUG}"' in search and "Getting into work, Valencia 2027" in search
    filtered = datasette_get(settings, f"/search?campaign={SLUG}").text
    assert "The job centre" in filtered and "Elsewhere" not in filtered
    story_id = next(s["id"] for s in store.all() if s["campaign"])
    page = datasette_get(settings, f"/stories/{story_id}").text
    assert f'<a href="/archive/stories?campaign={SLUG}">Getting into work, Valencia 2027</a>' in page


def test_a_place_outside_the_campaign_list_is_refused_on_its_field(form_post, store, campaign):
    response = form_post(f"/c/{SLUG}", written(place="Madrid"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "one of the campaign&#39;s places" in page
    assert 'id="place" name="place" aria-describedby="place-hint" aria-invalid="true"' in page
    assert store.all() == []


def test_closed_and_unknown_campaigns_take_no_stories(client, form_post, store, campaign):
    assert client.get("/c/no-such-campaign").status_code == 404
    token_page = f"/c/{SLUG}"
    close_campaign(store, SLUG)
    assert client.get(token_page).status_code == 404
    response = form_post(f"/c/{SLUG}", written(), page="/")
    assert response.status_code == 404
    assert "This campaign has closed" in response.get_data(as_text=True)
    assert store.all() == []


@pytest.mark.slow
def test_a_campaign_codebook_tags_its_own_stories(form_post, settings, store, tmp_path):
    codebook = tmp_path / "valencia.toml"
    codebook.write_text(TRAMS)
    sync_themes(settings, store)
    add_campaign(store, SLUG, "Trams", places=["Valencia"], codebook=str(codebook))
    text = "The tram to the job centre never came, so I lost the job."
    assert form_post(f"/c/{SLUG}", written(text=text)).status_code == 303
    assert form_post("/", written("Main form", text=text, place="")).status_code == 303
    themes = {}
    for story in store.all():
        advance(settings, story["id"])
        themes[story["title"]] = {t["theme_id"] for t in store.rows("tags", story["id"])}
    assert themes["The job centre"] == {"trams"}  # the campaign's codebook, not the default one
    assert "trams" not in themes["Main form"] and "employment" in themes["Main form"]
