"""`stories token` and the remote worker's command line: no Whisper, no servers."""

from stories.store import Store
from wiring.cli import cli
from wiring.serve import commands


def test_token_add_prints_it_once_keeps_its_hash_and_remove_revokes(runner, settings):
    added = runner.invoke(cli, ["token", "add", "worker-b"])
    assert added.exit_code == 0, added.output
    token = added.stdout.strip()
    assert len(token) >= 40 and "only its hash is kept" in added.stderr
    with Store(settings.db_path) as store:
        assert store.tokens.name_of(token) == "worker-b"
        assert token not in str(list(store.db["worker_tokens"].rows))
    listed = runner.invoke(cli, ["token", "list"])
    assert "worker-b" in listed.output and token not in listed.output
    assert runner.invoke(cli, ["token", "remove", "worker-b"]).exit_code == 0
    with Store(settings.db_path) as store:
        assert store.tokens.names() == []
    missing = runner.invoke(cli, ["token", "remove", "worker-b"])
    assert missing.exit_code == 1 and "No worker called" in missing.output
    assert runner.invoke(cli, ["token", "add", "a:b"]).exit_code == 2


def test_a_remote_worker_needs_redis_and_both_flags_and_touches_no_data_folder(runner, settings):
    refused = runner.invoke(cli, ["worker", "--remote", "http://127.0.0.1:9", "--token", "t"])
    assert refused.exit_code == 1 and "STORIES_QUEUE=redis://" in refused.output
    alone = runner.invoke(cli, ["worker", "--remote", "http://127.0.0.1:9"], env={"STORIES_WORKER_TOKEN": ""})
    assert alone.exit_code == 2 and "go together" in alone.output
    assert not settings.home.exists()


def test_serve_without_a_worker_runs_the_rest_and_watches_the_leases(settings):
    assert set(commands(settings, "127.0.0.1")) == {"web", "worker", "syncer", "archive"}
    remote = commands(settings, "127.0.0.1", worker=False)
    assert set(remote) == {"web", "syncer", "archive"} and remote["syncer"][-1] == "--watch-leases"
