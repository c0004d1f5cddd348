from conftest import csrf_token


def upload(client):
    response = client.post("/", data={"title": "t", "text": "A story.", "csrf_token": csrf_token(client)})
    story_id = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    code = page.split('id="withdrawal-code">')[1].split("<")[0]
    return story_id, code


def withdraw(client, code, sure="yes"):
    return client.post("/withdraw/", data={"code": code, "sure": sure,
                                           "csrf_token": csrf_token(client, f"/withdraw/{code}")})


def test_teller_withdraws_with_the_link(client, store, queue):
    story_id, code = upload(client)
    assert code in client.get(f"/withdraw/{code}").get_data(as_text=True)  # the link fills the code in
    assert withdraw(client, code, sure="").status_code == 400
    response = withdraw(client, code)
    assert response.status_code == 200 and "has been withdrawn" in response.get_data(as_text=True)
    assert store.get(story_id)["state"] == "withdrawn" and store.get(story_id)["body"] is None
    assert story_id in queue.pending_ids()  # the worker takes it out of the archive
    assert "already been withdrawn" in withdraw(client, code).get_data(as_text=True)
    # The private page says so, and no longer offers to withdraw it.
    private = client.get(f"/stories/mine/{code}").get_data(as_text=True)
    assert "withdrawn" in private and f"/withdraw/{code}" not in private
    assert "<h1>Your story</h1>" in private and "(withdrawn)" not in private  # not the store's placeholder


def test_wrong_code(client, store):
    upload(client)
    response = withdraw(client, "aaaa-bbbb-cccc")
    assert response.status_code == 404 and "does not match" in response.get_data(as_text=True)
