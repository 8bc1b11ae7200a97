"""What the reader refuses, and what it keeps, when the input is hostile: special files, sizes, dates,
control characters, pages nested deeper than the HTML parser goes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from geo.errors import UserError
from geo.reader import html_main_text, parse_date, read_bytes, read_file, read_regular_file, read_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Le 29 octobre, des drones ont visé la base d’Al-Tanf en Syrie. Aucun blessé n’a été signalé.\n"


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def one_line(proc: subprocess.CompletedProcess, expected: str) -> None:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 2 and len(lines) == 1 and expected in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("make, expected", [
    (lambda d: Path("/dev/zero"), "is a device"),
    (lambda d: _link(d / "zero.txt", "/dev/zero"), "is a device"),
    (lambda d: _fifo(d / "pipe.txt"), "is a named pipe"),
    (lambda d: d, "is a directory"),
])
def test_special_files_are_refused_by_kind_at_once(tmp_path, make, expected):
    """/dev/zero once grew the process to 23 GB and a FIFO made extract wait forever."""
    path = make(tmp_path)
    one_line(cli("extract", str(path), timeout=30), expected)
    if not path.is_dir():  # ingest reads the articles inside a directory
        one_line(cli("ingest", str(path), "--store", str(tmp_path / "s.db"), timeout=30), expected)


def _link(path: Path, target: str) -> Path:
    path.symlink_to(target)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_a_file_whose_size_stat_does_not_tell_is_read_only_to_the_limit():
    """/proc files say 0 bytes in stat and hold more: the read itself stops past the limit."""
    with pytest.raises(UserError, match="over the 0.0001 MB limit"):
        read_regular_file("/proc/self/maps", max_bytes=100)


def test_a_file_under_the_limit_is_read_whole(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    assert read_regular_file(p, max_bytes=len(ARTICLE.encode())) == ARTICLE.encode()
    with pytest.raises(UserError, match="--max-mb"):
        read_regular_file(p, max_bytes=10)


def test_a_fifo_with_a_writer_is_still_refused_without_reading(tmp_path):
    fifo = _fifo(tmp_path / "pipe.txt")
    writer = threading.Thread(target=lambda: fifo.write_bytes(b"x" * 10), daemon=True)
    writer.start()
    with pytest.raises(UserError, match="named pipe"):
        read_file(fifo)
    os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # let the writer go


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31", "2300-01-01", "9999-12-31"])
def test_implausible_publication_dates_are_refused_with_the_range(typed, tmp_path):
    with pytest.raises(UserError, match=r"outside the dates Pressmap accepts \(1900-01-01 to \d{4}-\d\d-\d\d\)"):
        parse_date(typed, "--published")
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    one_line(cli("extract", str(p), "--published", typed), "1900-01-01 to")


def test_the_accepted_range_runs_from_1900_to_a_few_days_ahead():
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date(date.today() + timedelta(days=7)) == date.today() + timedelta(days=7)
    with pytest.raises(UserError):
        parse_date(date.today() + timedelta(days=30))


def test_a_date_a_page_states_that_cannot_be_its_publication_date_is_not_used():
    html = ('<html><head><meta property="article:published_time" content="2399-05-01"></head><body><article>'
            f"<p>{ARTICLE}</p></article></body></html>")
    doc = read_text(html, "page.html")
    assert doc.published is None


def test_a_nul_byte_deep_in_a_file_is_dropped_not_stored():
    data = ARTICLE.encode() * 100 + b"\x00" + ARTICLE.encode()
    doc = read_bytes(data, "nul.txt")
    assert "\x00" not in doc.text and doc.text.count("Al-Tanf") == 101


PARAGRAPH = "<p>Des roquettes ont frappé la base d'Aïn al-Assad en Irak, selon un responsable irakien.</p>"


def test_text_after_deeply_nested_markup_is_kept():
    """lxml stops 256 levels down and dropped the rest of the page without a word."""
    page = ("<html><body><article><h1>Frappes</h1>" + PARAGRAPH + "<div>" * 300
            + PARAGRAPH.replace("Aïn al-Assad", "Harir") + "</div>" * 300
            + "<p>Ensuite la base de Balad a été visée par des drones.</p></article></body></html>")
    text, _, _ = html_main_text(page)
    assert "Harir" in text and "Balad" in text and "Aïn al-Assad" in text


def test_a_page_deep_throughout_is_read():
    page = "<html><body>" + "<div>" * 5000 + PARAGRAPH + "</div>" * 5000 + "</body></html>"
    doc = read_text(page, "deep.html")
    assert "Aïn al-Assad" in doc.text
