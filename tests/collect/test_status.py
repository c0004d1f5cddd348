def test_status_page_shows_state_not_private_details(client, store):
    story_id = store.create_story({"title": "Bus pass", "kind": "text", "body": "x"}, {"publish": True},
                                  contact="canary-contact@example.org")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "Bus pass" in page and "received" in page and story_id in page
    assert "canary-contact" not in page
    assert 'http-equiv="refresh"' in page  # keeps itself up to date while unfinished
    data = client.get(f"/stories/{story_id}.json").get_json()
    assert data["ok"] and data["story"]["state"] == "received"
    assert "canary-contact" not in str(data)


def test_failed_story_shows_reason(client, store):
    story_id = store.create_story({"title": "t", "kind": "audio"}, {})
    store.fail(story_id, "The recording could not be decoded.", "worker")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "could not be decoded" in page and 'http-equiv="refresh"' not in page


def test_unknown_story_is_404(client):
    assert client.get("/stories/nothere").status_code == 404
    response = client.get("/stories/nothere.json")
    assert response.status_code == 404 and response.get_json()["ok"] is False
