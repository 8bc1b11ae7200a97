"""How fast `python -m geo ingest` stores articles, how much memory it takes, and whether a kill costs anything.

    .venv/bin/python bench/bench_ingest.py                 # 1,000 articles into a fresh SQLite store
    .venv/bin/python bench/bench_ingest.py --kill          # and: kill an ingest halfway, rerun, compare
    .venv/bin/python bench/bench_ingest.py --store postgresql://…/db   # an empty PostGIS database instead

The articles are the real ones (data/samples, tests/data/devset), each copy with its own publication
date and a numbered line so that no two are the same article. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.ingest import ingest_paths  # noqa: E402
from geo.store import open_store  # noqa: E402
from tests.conftest import write_article_batch  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--articles", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=None, help="extraction processes (default: one per core)")
    ap.add_argument("--kill", action="store_true", help="also kill an ingest halfway, rerun it, compare with the clean run")
    ap.add_argument("--store", help="an empty store to use for the clean run (default: a SQLite file in a temporary directory)")
    ap.add_argument("--killed-store", help="an empty store for the killed run (with --kill and a postgresql:// --store)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="pressmap-bench-") as tmp:
        tmp = Path(tmp)
        batch = tmp / "articles"
        write_article_batch(batch, args.articles)
        size = sum(p.stat().st_size for p in batch.iterdir())
        print(f"{args.articles} articles, {size / 1e6:.1f} MB, in {batch}")

        clean_url = args.store or str(tmp / "clean.db")
        started = time.perf_counter()
        with open_store(clean_url) as store:
            summary = ingest_paths(store, [batch], jobs=args.jobs)
        seconds = time.perf_counter() - started
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"clean run: {summary['added']} added, {summary['events']} events, {summary['failed']} failed "
              f"in {seconds:.1f} s = {summary['added'] / seconds:.1f} articles/s (jobs={args.jobs or os.cpu_count()})")
        print(f"peak memory: {own:.0f} MB in the writing process, {workers:.0f} MB in the largest extraction worker")
        with open_store(clean_url) as store:
            again = time.perf_counter()
            second = ingest_paths(store, [batch], jobs=args.jobs)
            print(f"second run: {second['added']} added, {second['skipped']} skipped "
                  f"in {time.perf_counter() - again:.1f} s (idempotent: {second['added'] == 0})")
            read = time.perf_counter()
            events = store.events()
            print(f"reading the merged events (what the dashboard does): {len(events)} events "
                  f"in {time.perf_counter() - read:.2f} s")

        if args.kill:
            killed_url = args.killed_store or str(tmp / "killed.db")
            return kill_and_compare(batch, args.articles, killed_url, clean_url, args.jobs)
    return 0


def kill_and_compare(batch: Path, total: int, killed_url: str, clean_url: str, jobs: int | None) -> int:
    command = [sys.executable, "-m", "geo", "ingest", str(batch), "--store", killed_url]
    if jobs:
        command += ["--jobs", str(jobs)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    while proc.poll() is None and stored < total // 2:
        time.sleep(0.05)
        try:
            with open_store(killed_url, create=False) as store:
                stored = len(store.articles())
        except Exception:  # noqa: BLE001 — the store is not created yet
            pass
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_store(killed_url) as store:
        halfway = len(store.articles())
    print(f"killed (SIGKILL) with {halfway} of {total} articles stored")
    rerun = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    print(f"rerun: {rerun.stdout.strip()}")
    with open_store(killed_url) as a, open_store(clean_url) as b:
        same_articles = [dict(x, id=0) for x in a.articles()] == [dict(x, id=0) for x in b.articles()]
        same_events = a.events() == b.events()
        print(f"killed + rerun vs clean: same articles {same_articles}, same events {same_events} "
              f"({len(b.articles())} articles, {len(b.events())} events)")
    return 0 if same_articles and same_events else 1


if __name__ == "__main__":
    sys.exit(main())
