import pytest

from wiring.cli import cli

pytestmark = pytest.mark.slow

STORIES = [
    "My bus pass was cancelled and I could not get to the clinic.",
    "Without a bus pass I walked two miles to the food bank.",
    "The council took my bus pass away after the review.",
    "I needed a food parcel every week that winter.",
    "They gave us a food parcel and a bus pass at the community centre.",
    "The bus pass renewal form was twelve pages long.",
]


def test_themes_suggest_reads_only_research_consented_approved_stories(runner, settings, tmp_path):
    ids = []
    for n, text in enumerate(STORIES):
        path = tmp_path / f"s{n}.txt"
        path.write_text(text)
        consent = ["--consent", "research"] if n else []  # the first teller said no to research
        ids.append(runner.invoke(cli, ["add", str(path), *consent]).stdout.strip())
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    assert runner.invoke(cli, ["themes", "suggest"]).output.startswith("No uncovered")  # none approved yet
    for story_id in ids:
        assert runner.invoke(cli, ["approve", story_id]).exit_code == 0
    output = runner.invoke(cli, ["themes", "suggest", "--min-count", "3"]).output
    first = output.splitlines()[0]
    assert first.startswith("'bus pass': ")
    count = int(first.split(": ")[1].split()[0])
    assert 3 <= count <= 4  # five stories say it; the one without research consent is not read
    assert ids[0] not in output


def test_codebook_check_export_and_import(runner, tmp_path):
    from analyse import DEFAULT_CODEBOOK, load_codebook

    ok = runner.invoke(cli, ["codebook", "check", str(DEFAULT_CODEBOOK)])
    assert ok.exit_code == 0 and ": OK" in ok.output
    bad = tmp_path / "bad.toml"
    bad.write_text('[codebook]\nname = "x"\nversion = "1"\n\n[[theme]]\nid = "a"\nlabel = "A"\n'
                   '[theme.patterns]\nen = ["rent"]\n\n[[theme]]\nid = "a"\nlabel = "Again"\n')
    checked = runner.invoke(cli, ["codebook", "check", str(bad)])
    assert checked.exit_code == 1 and f"{bad}:12: error:" in checked.output and "duplicate" in checked.output
    qdc = tmp_path / "codebook.qdc"
    assert runner.invoke(cli, ["codebook", "export", str(qdc)]).exit_code == 0
    assert b"urn:QDA-XML:codebook:1.0" in qdc.read_bytes()
    back = tmp_path / "back.toml"
    assert runner.invoke(cli, ["codebook", "import", str(qdc), str(back)]).exit_code == 0
    again, original = load_codebook(back), load_codebook(DEFAULT_CODEBOOK)
    assert [(t.id, t.label, t.group, t.patterns) for t in again.themes] == \
        [(t.id, t.label, t.group, t.patterns) for t in original.themes]
