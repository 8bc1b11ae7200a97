"""Shared fixtures: a real PostgreSQL+PostGIS for the store tests, and a store on each backend.

The server is Debian's (postgresql-15, postgresql-15-postgis-3; ./pressmap.sh test installs them). It
runs from a temporary directory as the `postgres` user on 127.0.0.1 and a free port, for the session.
Without it the PostGIS tests are skipped locally, and fail in CI (CI=true), which must test both stores.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support import free_port, unavailable

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NAME = "perspectives-med-2023-11-01.txt"


def sample_article() -> Path:
    """The sample article: in data/samples/ once someone adds it, else beside the repo in ../shared/seed."""
    for p in (REPO / "data" / "samples" / SAMPLE_NAME, REPO.parent / "shared" / "seed" / SAMPLE_NAME):
        if p.exists():
            return p
    pytest.skip(f"the sample article {SAMPLE_NAME} is neither in data/samples/ nor in ../shared/seed/")


def real_articles() -> list[Path]:
    """Real article texts: the sample and the development set."""
    return [sample_article(), *sorted((REPO / "tests" / "data" / "devset").glob("*.txt"))]


def _unavailable(reason: str):
    unavailable("PostGIS store tests", reason, " (install postgresql-15 postgresql-15-postgis-3)")


@pytest.fixture(scope="session")
def postgis_server():
    """A PostgreSQL+PostGIS server for the session; yields a connection URL to a template database."""
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not initdbs:
        _unavailable("no /usr/lib/postgresql/*/bin/initdb")
    bindir = Path(initdbs[-1]).parent
    version = bindir.parent.name
    if not Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists():
        _unavailable(f"PostGIS is not installed for PostgreSQL {version}")
    as_postgres: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="pressmap-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        if shutil.which("runuser") is None:
            _unavailable("running as root without runuser")
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", free_port()

    def run(*cmd: str) -> None:
        done = subprocess.run([*as_postgres, *cmd], capture_output=True, text=True)
        if done.returncode:
            log = (root / "log").read_text(errors="replace")[-2000:] if (root / "log").exists() else ""
            pytest.fail(f"{' '.join(cmd[:2])} failed: {done.stderr.strip()[-2000:]}\n{log}", pytrace=False)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale",
        "--no-sync")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "-t", "60", "start")
    try:
        import psycopg

        base = f"postgresql://postgres@127.0.0.1:{port}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE pressmap_template")
        with psycopg.connect(f"{base}/pressmap_template", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        yield base
    finally:
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


_databases = iter(range(1, 10**6))


def _new_postgis_database(server: str) -> str:
    import psycopg

    name = f"pressmap_test_{next(_databases)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE pressmap_template")
    return f"{server}/{name}"


@pytest.fixture
def postgis_url(postgis_server):
    """A fresh, empty database with PostGIS, for one test."""
    return _new_postgis_database(postgis_server)


@pytest.fixture(params=["sqlite", "postgis"])
def new_store_url(request, tmp_path):
    """Makes URLs of fresh, empty stores, on each backend in turn."""
    if request.param == "sqlite":
        names = iter(range(1, 10**6))
        return lambda: str(tmp_path / f"pressmap-{next(names)}.db")
    server = request.getfixturevalue("postgis_server")
    return lambda: _new_postgis_database(server)


@pytest.fixture
def store_url(new_store_url):
    """An empty store's URL, on each backend in turn."""
    return new_store_url()


@pytest.fixture
def store(store_url):
    from geo.store import open_store

    s = open_store(store_url)
    yield s
    s.close()


def write_article_batch(directory: Path, count: int) -> list[Path]:
    """`count` distinct articles made from the real ones: each gets its own publication date (at the top,
    where the reader finds it) and a numbered last line, so no two share a content hash."""
    from datetime import date, timedelta

    from geo.reader import read_file

    directory.mkdir(parents=True, exist_ok=True)
    originals = [(p, read_file(p)) for p in real_articles()]
    paths = []
    for i in range(count):
        path, doc = originals[i % len(originals)]
        when = (doc.published or date(2023, 11, 1)) + timedelta(days=i // len(originals))
        title, _, rest = path.read_text(encoding="utf-8").partition("\n")
        out = directory / f"{i:04d}-{path.name}"
        out.write_text(f"{when.isoformat()} — {title}\n{rest.rstrip()}\n\n({i + 1}/{count})\n", encoding="utf-8")
        paths.append(out)
    return paths
