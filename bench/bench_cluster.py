"""Ingest on a Dask cluster: throughput with one worker and with two, each worker's peak memory, the store's write rate.

    .venv/bin/python bench/bench_cluster.py                                  # 5,000 articles, SQLite
    .venv/bin/python bench/bench_cluster.py --postgis postgresql://…/empty_db   # and PostGIS's write rate
    .venv/bin/python bench/bench_cluster.py -n 500                           # a quick look

The articles are the real ones (data/samples, tests/data/devset), each copy with its own publication date and
a numbered line, so that no two share a content hash (tests/conftest.py's write_article_batch). Each run
starts a LocalCluster of one-thread worker processes, lets every worker load the gazetteer and spaCy first
(a worker's start-up is not throughput), then times `ingest_paths` end to end: workers read and extract,
this process writes to a fresh SQLite store. The write rate is timed apart: the stored articles and events,
read back, written again into a fresh store, in ingest's batches and one article per transaction. The load
average is printed beside the figures: on a shared machine other work takes cores too. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.ingest import WRITE_BATCH, ingest_paths  # noqa: E402
from geo.model import Document  # noqa: E402
from geo.store import open_store  # noqa: E402
from tests.conftest import write_article_batch  # noqa: E402


def warm() -> int:
    """Run on each worker before timing: the gazetteer index and spaCy loaded once."""
    from geo.pipeline import extract
    from geo.reader import read_text

    return len(extract(read_text("Le 29 octobre, la base du champ d'Al-Omar a été visée.", "warm.txt", lang="fr"))[0])


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """This process's CPU time so far, user and system."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed_ingest(batch: Path, store_path: str, workers: int) -> dict:
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster, Client(cluster) as client:
        client.run(warm)
        before = load()
        cpu_before = client.run(cpu_seconds)
        started = time.perf_counter()
        with open_store(store_path) as store:
            summary = ingest_paths(store, [batch], client=client, progress=sys.stderr.isatty())
        seconds = time.perf_counter() - started
        cpu = client.run(cpu_seconds)
        cpu = [cpu[w] - cpu_before[w] for w in cpu if w in cpu_before]
        peaks = sorted(client.run(peak_rss_mb).values())
    rate = summary["added"] / seconds
    print(f"{workers} worker{'s' * (workers != 1)}: {summary['added']} added, {summary['events']} events, "
          f"{summary['failed']} failed in {seconds:.0f} s = {rate:.1f} articles/s; peak memory per worker "
          + ", ".join(f"{p:.0f} MB" for p in peaks) + f" [{before} before, {load()} after]", flush=True)
    # What the other work on a shared machine leaves: the share of a core each worker got, and the rate per
    # CPU second, which does not depend on it (two workers as efficient as one: the same rate per CPU second).
    print("  CPU: " + ", ".join(f"{c:.0f} s ({c / seconds:.0%} of a core)" for c in cpu)
          + f"; {summary['added'] / sum(cpu):.1f} articles per worker CPU second", flush=True)
    return {"rate": rate, "seconds": seconds, "summary": summary, "per_cpu_s": summary["added"] / sum(cpu)}


def stored(path: str) -> list[tuple[Document, list[dict]]]:
    """The articles of a SQLite store with their events as features, as ingest handed them to the store."""
    conn = sqlite3.connect(path)
    events: dict[int, list[dict]] = {}
    for article_id, geometry, props in conn.execute("SELECT article_id, geometry, properties FROM events ORDER BY id"):
        events.setdefault(article_id, []).append(
            {"type": "Feature", "geometry": json.loads(geometry), "properties": json.loads(props)})
    items = []
    for row in conn.execute("SELECT id, text, source, title, published, language, content_hash FROM articles ORDER BY id"):
        doc = Document(text=row[1], source=row[2], title=row[3], published=date.fromisoformat(row[4]) if row[4] else None,
                       language=row[5], content_hash=row[6])
        items.append((doc, events.get(row[0], [])))
    conn.close()
    return items


def write_rate(items: list[tuple[Document, list[dict]]], url: str, batched: bool) -> str:
    events = sum(len(f) for _, f in items)
    with open_store(url) as store:
        started = time.perf_counter()
        if batched:
            for i in range(0, len(items), WRITE_BATCH):
                store.add_many(items[i:i + WRITE_BATCH])
        else:
            for doc, features in items:
                store.add(doc, features)
        seconds = time.perf_counter() - started
        assert len(store.articles()) == len(items)
    how = f"batches of {WRITE_BATCH}" if batched else "one article a transaction"
    return (f"{len(items) / seconds:,.0f} articles/s ({events / seconds:,.0f} events/s) in {how}, "
            f"{len(items)} articles in {seconds:.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--articles", type=int, default=5000)
    ap.add_argument("--postgis", metavar="URL", help="an empty PostGIS database, for its write rate (twice: the "
                    "one-by-one run goes into a second schema made there)")
    args = ap.parse_args()

    print(f"{os.cpu_count()} cores, {load()}")
    with tempfile.TemporaryDirectory(prefix="pressmap-bench-cluster-") as tmp:
        tmp = Path(tmp)
        batch = tmp / "articles"
        write_article_batch(batch, args.articles)
        size = sum(p.stat().st_size for p in batch.iterdir())
        print(f"{args.articles} articles, {size / 1e6:.1f} MB", flush=True)

        one = timed_ingest(batch, str(tmp / "one.db"), 1)
        two = timed_ingest(batch, str(tmp / "two.db"), 2)
        assert one["summary"] == two["summary"], "one worker and two stored different things"
        print(f"two workers / one: {two['rate'] / one['rate']:.2f}x; per CPU second: "
              f"{two['per_cpu_s'] / one['per_cpu_s']:.2f}x", flush=True)

        items = stored(str(tmp / "two.db"))
        for batched in (True, False):
            print(f"write rate, SQLite: {write_rate(items, str(tmp / f'write-{batched}.db'), batched)}", flush=True)
        if args.postgis:
            import psycopg

            for batched in (True, False):
                schema = f"bench_{'batched' if batched else 'single'}"
                with psycopg.connect(args.postgis, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                    conn.execute(f"CREATE SCHEMA {schema}")
                sep = "&" if "?" in args.postgis else "?"
                url = f"{args.postgis}{sep}options=-csearch_path%3D{schema},public"
                print(f"write rate, PostGIS: {write_rate(items, url, batched)}", flush=True)
    print(load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
