"""What a user sees at the command line: one clear line and status 2 for every bad input, no traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("Le 29 octobre, la résistance a pris pour cible la base d’Al-Tanf en Syrie avec des drones. "
           "Aucun blessé n’a été signalé.\n")


def run(args, capsys):
    status = main(args)
    cap = capsys.readouterr()
    return status, cap.out, cap.err


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


@pytest.mark.parametrize("make, expected", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: _write(d / "empty.txt", b""), "empty"),
    (lambda d: _write(d / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20), "PNG image"),
    (lambda d: _write(d / "blob.txt", bytes(range(256)) * 50), "binary"),
    (lambda d: _write(d / "big.txt", b"a" * (10 * 1024 * 1024 + 10)), "--max-mb"),
])
def test_bad_files_give_one_line_and_status_2(tmp_path, capsys, make, expected):
    status, out, err = run(["extract", str(make(tmp_path))], capsys)
    assert status == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_bad_file_among_good_ones_is_skipped_and_reported(tmp_path, capsys, article):
    out_file = tmp_path / "out.geojson"
    status, _, err = run(["extract", str(tmp_path / "nope.txt"), str(article), "-o", str(out_file)], capsys)
    assert status == 2 and "nope.txt: no such file" in err
    sites = [f["properties"]["site"] for f in json.loads(out_file.read_text())["features"]]
    assert any("Tanf" in s for s in sites)


@pytest.mark.parametrize("args, expected", [
    (["--published", "last tuesday-ish"], "--published"),
    (["--published", "2023-13-45"], "--published"),
    (["--lang", "xx"], "unknown language"),
])
def test_bad_options_give_one_line_and_status_2(capsys, article, args, expected):
    status, out, err = run(["extract", str(article), *args], capsys)
    assert status == 2 and expected in err and out == ""


@pytest.mark.parametrize("encoding, newline", [("utf-8", "\n"), ("utf-8-sig", "\n"), ("cp1252", "\r\n"),
                                               ("latin-1", "\n")])
def test_common_encodings_read_the_same(tmp_path, capsys, encoding, newline):
    text = ARTICLE.replace("’", "'")
    p = tmp_path / "a.txt"
    p.write_bytes(text.replace("\n", newline).encode(encoding))
    status, out, _ = run(["extract", str(p), "--published", "2023-11-01"], capsys)
    feats = json.loads(out)["features"]
    tanf = next(f["properties"] for f in feats if "Tanf" in f["properties"]["site"])
    assert status == 0 and tanf["mention"] == "Al-Tanf"
    assert text[tanf["mention_start"]:tanf["mention_end"]] == "Al-Tanf"
    assert tanf["date_start"] == tanf["date_end"] == "2023-10-29"


def test_html_keeps_only_the_article_text(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Frappes en Syrie</title><meta property='article:published_time' content='2023-11-01'>"
        "<script>var x = 'la base de Harir';</script><style>.a{}</style></head><body>"
        "<nav>Accueil | Erbil | Bagdad</nav><article><h1>Frappes en Syrie</h1>"
        f"<p>{ARTICLE}</p><p>Les drones ont été lancés depuis l’Irak, selon les forces américaines.</p></article>"
        "<footer>Mentions légales — Beyrouth</footer></body></html>", encoding="utf-8")
    status, out, _ = run(["extract", str(page)], capsys)
    fc = json.loads(out)
    assert status == 0
    sites = {f["properties"]["site"] for f in fc["features"]}
    assert any("Tanf" in s for s in sites)
    assert not any("Harir" in s for s in sites)  # inside <script>
    props = fc["features"][0]["properties"]
    assert props["title"] == "Frappes en Syrie" and props["published"] == "2023-11-01"
    assert "<" not in json.dumps([f["properties"]["excerpt"] for f in fc["features"]])


def test_publication_date_comes_from_the_dateline(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text("Revue de presse (1er novembre 2023)\n\n" + ARTICLE, encoding="utf-8")
    _, out, _ = run(["extract", str(p)], capsys)
    assert {f["properties"]["published"] for f in json.loads(out)["features"]} == {"2023-11-01"}


def test_a_date_field_before_the_headline_is_not_part_of_the_title(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text(" date 2023-11 Revue de presse : Perspectives Med (1er novembre 2023)*\n\n" + ARTICLE, encoding="utf-8")
    _, out, _ = run(["extract", str(p)], capsys)
    props = json.loads(out)["features"][0]["properties"]
    assert props["title"] == "Revue de presse : Perspectives Med (1er novembre 2023)"
    assert props["published"] == "2023-11-01"


def test_places_lists_candidates_with_their_source(capsys):
    status, out, _ = run(["places", "Aïn al-Assad"], capsys)
    assert status == 0
    first = out.splitlines()[1]
    assert "Ain al-Asad" in first and "airbase" in first and "curated:" in first
    status, _, err = run(["places", "Qwxzrt Vlmn"], capsys)
    assert status == 2 and "no place" in err


def test_the_command_line_itself_exits_2_without_a_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "geo", "extract", str(tmp_path / "nope.txt")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no such file" in proc.stderr and "Traceback" not in proc.stderr


def test_when_no_file_can_be_read_nothing_is_written(tmp_path, capsys):
    out_file = tmp_path / "out.geojson"
    status, out, err = run(["extract", str(tmp_path / "nope.txt"), "-o", str(out_file)], capsys)
    assert status == 2 and out == "" and not out_file.exists() and "no such file" in err
