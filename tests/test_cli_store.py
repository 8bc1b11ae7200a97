"""The store's commands as a user runs them, on both backends: ingest → list → export → delete."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo import pipeline
from geo.cli import main
from geo.ingest import find_articles
from geo.reader import read_file
from geo.store import open_store
from tests.conftest import REPO, real_articles, sample_article, write_article_batch


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_ingest_list_export_delete(store_url, tmp_path, capsys):
    articles = real_articles()
    found = {str(p): pipeline.extract(read_file(p))[0] for p in articles}
    status, out, err = run(capsys, "ingest", *map(str, articles), "--store", store_url)
    assert status == 0, err
    events = sum(map(len, found.values()))
    assert out.startswith(f"{len(articles)} articles added ({events} event{'s' * (events != 1)}), 0 already stored")
    assert "\r" not in err  # no progress bar when stderr is not a terminal

    status, out, _ = run(capsys, "list", "--format", "json", "--store", store_url)
    listed = [json.loads(line) for line in out.splitlines()]
    assert [(a["source"], a["events"]) for a in listed] == [(s, len(f)) for s, f in found.items()]
    assert set(listed[0]) == {"id", "title", "source", "published", "language", "events", "corrected"}
    status, out, _ = run(capsys, "list", "--store", store_url)
    assert len(out.splitlines()) == 1 + len(articles) and "published" in out.splitlines()[0]

    with open_store(store_url) as store:
        stored = store.events()
    status, out, _ = run(capsys, "export", "--format", "geojson", "--store", store_url)
    exported = json.loads(out)["features"]
    assert [f["geometry"] for f in exported] == [f["geometry"] for f in stored]
    assert [_known(f["properties"]) for f in exported] == [_known(f["properties"]) for f in stored]
    status, _, err = run(capsys, "export", "--format", "csv", "-o", str(tmp_path / "events.csv"), "--store", store_url)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(stored)
    assert f"{len(stored)} event" in err

    gone = str(sample_article())
    status, out, _ = run(capsys, "delete", gone, "--store", store_url)
    assert status == 0 and out.startswith("1 article deleted")
    status, out, _ = run(capsys, "list", "--format", "json", "--store", store_url)
    assert [json.loads(line)["source"] for line in out.splitlines()] == [s for s in found if s != gone]
    with open_store(store_url) as store:
        assert all(gone not in [s["source"] for s in e["properties"]["sources"]] for e in store.events())


def _known(properties: dict) -> dict:
    """The properties that have a value (a GeoJSON export writes null for those another event has)."""
    return {k: v for k, v in properties.items() if v is not None}


def test_ingesting_twice_changes_nothing(store_url, tmp_path, capsys):
    shutil.copytree(REPO / "tests" / "data" / "devset", tmp_path / "devset")
    count = len(find_articles([tmp_path / "devset"])[0])
    assert run(capsys, "ingest", str(tmp_path / "devset"), "--store", store_url)[0] == 0
    _, first, _ = run(capsys, "export", "--store", store_url)
    status, out, _ = run(capsys, "ingest", str(tmp_path / "devset"), "--store", store_url)
    assert status == 0 and out.startswith(f"0 articles added (0 events), {count} already stored")
    assert run(capsys, "export", "--store", store_url)[1] == first


def test_bad_files_are_one_line_each_and_leave_the_store_alone(store_url, tmp_path, capsys):
    run(capsys, "ingest", str(sample_article()), "--store", store_url)
    _, before, _ = run(capsys, "list", "--format", "json", "--store", store_url)
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\n" + bytes(100))
    (tmp_path / "blank.md").write_text("  \n\n")
    status, out, err = run(capsys, "ingest", str(tmp_path / "scan.txt"), str(tmp_path / "blank.md"),
                           str(tmp_path / "gone.txt"), "--store", store_url)
    assert status == 2
    assert sorted(err.splitlines()) == [f"error: {tmp_path / 'blank.md'}: the file is empty",
                                        f"error: {tmp_path / 'gone.txt'}: no such file",
                                        f"error: {tmp_path / 'scan.txt'}: this is a PDF document, not a text article"]
    assert "3 failed" in out
    assert run(capsys, "list", "--format", "json", "--store", store_url)[1] == before


def test_user_mistakes_are_one_line_and_status_2(tmp_path, capsys):
    missing_dir = str(tmp_path / "nowhere" / "pressmap.db")
    status, _, err = run(capsys, "ingest", str(sample_article()), "--store", missing_dir)
    assert status == 2 and err.count("\n") == 1 and "does not exist" in err
    status, _, err = run(capsys, "list", "--store", str(tmp_path / "new.db"))
    assert status == 2 and "no store there yet" in err
    run(capsys, "ingest", str(sample_article()), "--store", str(tmp_path / "p.db"))
    status, _, err = run(capsys, "delete", "nothing.txt", "--store", str(tmp_path / "p.db"))
    assert status == 2 and "no stored article has the source 'nothing.txt'" in err
    status, _, err = run(capsys, "export", "-o", str(tmp_path / "no" / "x.csv"), "--store", str(tmp_path / "p.db"))
    assert status == 2 and "does not exist" in err
    status, _, err = run(capsys, "ingest", str(sample_article()), "--jobs", "0", "--store", str(tmp_path / "p.db"))
    assert status == 2 and "--jobs" in err


def test_the_store_comes_from_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PRESSMAP_STORE", str(tmp_path / "env.db"))
    assert run(capsys, "ingest", str(sample_article()))[0] == 0
    assert (tmp_path / "env.db").exists()
    assert len(run(capsys, "list", "--format", "json")[1].splitlines()) == 1


# Extraction made slow, so the kill lands mid-run whatever the pipeline's speed.
SLOW_INGEST = """
import sys, time
import geo.pipeline as pipeline
real = pipeline.extract
pipeline.extract = lambda doc: (time.sleep(0.5), real(doc))[1]  # slow enough to be caught halfway
from geo.cli import main
from geo.ingest import find_articles
sys.exit(main(sys.argv[1:]))
"""


def test_a_killed_ingest_rerun_equals_a_clean_run(new_store_url, tmp_path):
    batch = write_article_batch(tmp_path / "batch", 16)
    killed, clean = new_store_url(), new_store_url()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    ingest = ["ingest", str(tmp_path / "batch"), "--jobs", "2", "--store"]
    proc = subprocess.Popen([sys.executable, "-c", SLOW_INGEST, *ingest, killed], cwd=REPO, env=env,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with open_store(killed, create=False) as store:
                    if store.articles():
                        break
            except Exception:  # noqa: BLE001 — not created yet
                pass
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its workers, as a power cut would
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    with open_store(killed) as store:
        halfway = store.articles()
    assert 1 <= len(halfway) < len(batch)
    for a in halfway:  # only whole articles: each has every event extract gives it
        assert a["events"] == len(pipeline.extract(read_file(a["source"]))[0])

    rerun = subprocess.run([sys.executable, "-m", "geo", *ingest, killed], cwd=REPO, env=env,
                           capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(batch) - len(halfway)} articles added" in rerun.stdout
    assert f"{len(halfway)} already stored" in rerun.stdout
    assert subprocess.run([sys.executable, "-m", "geo", *ingest, clean], cwd=REPO, env=env).returncode == 0

    with open_store(killed) as a, open_store(clean) as b:
        assert [dict(x, id=0) for x in a.articles()] == [dict(x, id=0) for x in b.articles()]
        assert a.events() == b.events()


def _children(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry.name))
    return out


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_an_ingest_ends_its_workers(tmp_path, how):
    """Each pool worker holds ~200 MB: a killed ingest once left them running."""
    write_article_batch(tmp_path / "batch", 16)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_INGEST, "ingest", str(tmp_path / "batch"), "--jobs", "2",
                             "--store", str(tmp_path / "s.db")], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline, workers = time.monotonic() + 120, set()
        while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
            workers = _children(proc.pid) - {proc.pid}
            time.sleep(0.05)
        assert workers and proc.poll() is None, "the pool never started"
        time.sleep(1)  # the workers are busy extracting
        os.kill(proc.pid, how)  # the parent alone
        _, err = proc.communicate(timeout=30)
        deadline = time.monotonic() + 15
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers), "workers outlived their ingest"
        if how == signal.SIGTERM:
            assert proc.returncode == 143 and "Traceback" not in err and err.strip().splitlines()[-1] == "terminated"
    finally:
        if proc.poll() is None:
            proc.kill()
    with open_store(str(tmp_path / "s.db"), create=False) as store:  # whole articles only, still readable
        for a in store.articles():
            assert a["events"] == len(pipeline.extract(read_file(a["source"]))[0])


TITLE_ATTACK = "\x1b]0;pwned\x07\x1b[2J\u202eLe titre\x9b31m"


def test_list_shows_control_characters_as_escapes(tmp_path, capsys):
    """A title once set the terminal's window title and cleared its screen."""
    from dataclasses import replace

    from geo.reader import read_text

    store = str(tmp_path / "s.db")
    doc = read_text("Des drones ont visé la base d’Al-Tanf en Syrie.\n", "a.txt", published="2023-10-29")
    with open_store(store) as s:  # the reader drops C0 controls from what it reads; an older store may hold them
        s.add(replace(doc, title=TITLE_ATTACK), [])
    status, out, _ = run(capsys, "list", "--store", store)
    assert status == 0
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07\\x1b[2J<U+202E>Le titre\\x9b31m" in out
    status, out, _ = run(capsys, "list", "--format", "json", "--store", store)
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert json.loads(out)["title"] == TITLE_ATTACK  # the same data for a JSON reader


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text('=HYPERLINK("http://evil.example","clic")\n'
                       "Des drones ont visé la base d’Al-Tanf en Syrie le 29 octobre 2023.\n", encoding="utf-8")
    store = str(tmp_path / "s.db")
    assert run(capsys, "ingest", str(article), "--published", "2023-10-30", "--store", store)[0] == 0
    status, out, _ = run(capsys, "export", "--format", "csv", "--store", store)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["title"] == "'" + '=HYPERLINK("http://evil.example","clic")' for r in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or _number(value), value  # a negative longitude stays a number


def _number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def _filled_store(path: Path, capsys, n: int = 3) -> None:
    batch = write_article_batch(path.parent / "batch", n)
    assert run(capsys, "ingest", *map(str, batch), "--store", str(path))[0] == 0


def test_a_damaged_store_is_one_line_and_is_not_written_to(tmp_path, capsys):
    store = tmp_path / "s.db"
    _filled_store(store, capsys)
    data = bytearray(store.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page:len(data) - page] = b"\xa5" * (len(data) - 3 * page)  # data pages overwritten, header kept
    store.write_bytes(bytes(data))
    for wal in (tmp_path / "s.db-wal", tmp_path / "s.db-shm"):
        wal.unlink(missing_ok=True)
    before = store.read_bytes()
    for argv in (["list"], ["export", "--format", "csv"], ["export"], ["delete", "x.txt"],
                 ["ingest", str(sample_article())]):
        status, _, err = run(capsys, *argv, "--store", str(store))
        assert status == 2 and len(err.strip().splitlines()) == 1 and "damaged" in err, (argv, err)
    assert store.read_bytes() == before


def test_a_read_only_store_can_be_listed_and_exported(tmp_path, capsys):
    """A store on a read-only disk (or a file the user may not write) serves list and export."""
    store = tmp_path / "ro" / "s.db"
    store.parent.mkdir()
    _filled_store(store, capsys, n=2)
    expected = run(capsys, "list", "--format", "json", "--store", str(store))[1]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if os.geteuid() == 0:
        # root writes whatever the file's mode says: mount its directory read-only, in a mount namespace of
        # the command's own (nothing outside it changes)
        if not shutil.which("unshare"):
            pytest.skip("needs unshare(1) to make a read-only mount as root")
        wrap = ["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" '
                '&& exec "$@"', str(store.parent)]
    else:
        os.chmod(store, 0o444)
        os.chmod(store.parent, 0o555)
        wrap = []

    def cli(*argv):
        return subprocess.run([*wrap, sys.executable, "-m", "geo", *argv, "--store", str(store)], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=120)

    try:
        listed = cli("list", "--format", "json")
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout == expected
        exported = cli("export", "--format", "csv")
        assert exported.returncode == 0 and exported.stdout.count("\n") > 1, exported.stderr
        deleted = cli("delete", json.loads(expected.splitlines()[0])["source"])
        assert deleted.returncode == 2 and "read-only" in deleted.stderr and "Traceback" not in deleted.stderr
        assert len(deleted.stderr.strip().splitlines()) == 1
    finally:
        os.chmod(store.parent, 0o755)
