import json

from theme_archive import QUOTE_A, QUOTE_B, build_theme_archive

import publish
from wiring.cli import cli


def test_pack_writes_html_and_pdf_and_prints_their_paths(runner, store, settings, tmp_path):
    ids = build_theme_archive(store, settings)
    out = tmp_path / "packs"
    result = runner.invoke(cli, ["pack", "housing", "--place", "Leeds", "--since", "2026-01-01",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    html_path, pdf_path = (out / "evidence-pack-housing-leeds-since-2026-01-01.html",
                           out / "evidence-pack-housing-leeds-since-2026-01-01.pdf")
    assert result.stdout.splitlines() == [str(html_path), str(pdf_path)]
    assert pdf_path.read_bytes().startswith(b"%PDF")
    html = html_path.read_text()
    assert QUOTE_A in html and QUOTE_B in html and "from Leeds" in html
    # The permalinks use the archive's configured address, and the citations its title.
    title = json.loads(publish.METADATA.read_text())["title"]
    assert f"{settings.archive_url}/stories/{ids['A']}#t=83" in html
    assert f"[Audio recording, 1:23]. {title}. {settings.archive_url}/stories/" in html


def test_pack_defaults_to_the_current_folder(runner, store, settings, tmp_path, monkeypatch):
    build_theme_archive(store, settings)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["pack", "employment"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["evidence-pack-employment.html", "evidence-pack-employment.pdf"]
    assert (tmp_path / "evidence-pack-employment.pdf").exists()


def test_pack_errors_are_clear(runner, store, settings, tmp_path):
    missing = runner.invoke(cli, ["pack", "housing", "--out", str(tmp_path)])
    assert missing.exit_code == 1 and "No archive at" in missing.output
    build_theme_archive(store, settings)
    unknown = runner.invoke(cli, ["pack", "nope", "--out", str(tmp_path)])
    assert unknown.exit_code == 1 and "No theme 'nope'" in unknown.output and "housing" in unknown.output
    bad_date = runner.invoke(cli, ["pack", "housing", "--since", "03/01/2026"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    assert not list(tmp_path.glob("evidence-pack-*"))
