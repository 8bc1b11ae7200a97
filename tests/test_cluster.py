"""Ingest on a real local Dask cluster — a scheduler and two worker processes — into SQLite and PostGIS.

A worker killed mid-run (SIGKILL: no goodbye) must leave the job complete, with the very articles and events
a clean run stores, none twice; a rerun adds nothing.
"""

from __future__ import annotations

import os
import signal

import pytest

from geo.cli import main
from geo.ingest import ingest_paths
from geo.store import open_store
from tests.conftest import write_article_batch
from tests.support import free_port

distributed = pytest.importorskip("distributed")

BATCH = 40


@pytest.fixture(scope="module")
def client():
    """A scheduler in this process and two worker processes of one thread each, as `--cluster local` starts."""
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cluster") / "batch"
    write_article_batch(directory, BATCH)
    return directory


def contents(store) -> tuple:
    """What a user sees in a store, without the row ids a database hands out."""
    articles = sorted((a["source"], a["title"], a["published"], a["language"], a["events"]) for a in store.articles())
    return articles, store.events()


def stored_rows(store) -> tuple[int, int]:
    """Articles and event rows as the database holds them (before any merging): a duplicate would show here."""
    return (store.run("SELECT COUNT(*) FROM articles")[0][0], store.run("SELECT COUNT(*) FROM events")[0][0])


def test_the_cluster_stores_what_one_process_does(client, batch, tmp_path):
    with open_store(str(tmp_path / "serial.db")) as serial, open_store(str(tmp_path / "cluster.db")) as on_cluster:
        one = ingest_paths(serial, [batch], jobs=1, progress=False)
        two = ingest_paths(on_cluster, [batch], client=client, progress=False)
        assert one == two and two["added"] == BATCH and two["failed"] == 0
        assert contents(on_cluster) == contents(serial)


def test_a_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(client, batch, new_store_url):
    """On SQLite and on PostGIS, the store a team's cluster shares."""
    with open_store(new_store_url()) as clean, open_store(new_store_url()) as survivor:
        want = ingest_paths(clean, [batch], client=client, progress=False)
        assert want["added"] == BATCH and want["failed"] == 0

        pids = client.run(os.getpid)  # worker address → its process
        killed = []

        def kill_a_busy_worker(done: int) -> None:
            if done == BATCH // 4 and not killed:
                busy = [w for w, tasks in client.processing().items() if tasks and w in pids]
                assert busy, "no worker had an article in hand: the kill would not be mid-run"
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])

        got = ingest_paths(survivor, [batch], client=client, progress=False, on_extracted=kill_a_busy_worker)
        assert killed
        assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new process in its place
        assert got == want
        assert contents(survivor) == contents(clean)
        assert stored_rows(survivor) == stored_rows(clean) == (BATCH, want["events"])

        again = ingest_paths(survivor, [batch], client=client, progress=False)
        assert (again["added"], again["skipped"], again["failed"]) == (0, BATCH, 0)
        assert stored_rows(survivor) == (BATCH, want["events"])


def test_ingest_cluster_on_the_command_line(client, batch, tmp_path, capsys):
    store = tmp_path / "cli.db"
    address = client.scheduler.address
    assert main(["ingest", str(batch), "--cluster", address, "--store", str(store)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{BATCH} articles added (") and "0 already stored" in out
    assert "Dask cluster: 2 workers" in err
    assert main(["ingest", str(batch), "--cluster", address, "--store", str(store)]) == 0
    assert f"0 articles added (0 events), {BATCH} already stored" in capsys.readouterr().out


def test_a_scheduler_that_is_not_there_is_one_line(tmp_path, capsys, monkeypatch):
    from geo import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    status = main(["ingest", str(tmp_path), "--cluster", f"tcp://127.0.0.1:{free_port()}",
                   "--store", str(tmp_path / "s.db")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("error: --cluster tcp://127.0.0.1:") and "no Dask scheduler answers there" in err
    assert len(err.strip().splitlines()) == 1


def test_watch_extracts_on_the_cluster(client, tmp_path):
    from geo.watch import watch
    from tests.conftest import REPO
    from tests.support import FeedServer, article_page, rss

    site = FeedServer()
    try:
        text = (REPO / "data" / "samples" / "voa-2020-03-14-rockets-target-iraqi-base.txt").read_text(encoding="utf-8")
        site.serve("/news/taji", article_page(text))
        feed = site.serve("/feed.xml", rss([("Rockets", f"{site.url}/news/taji", "Sat, 14 Mar 2020 05:47:00 GMT")]))
        said, errors = [], []
        with open_store(str(tmp_path / "watch.db")) as store:
            summary = watch(store, [feed], every_s=60, once=True, report=errors.append, say=said.append, client=client)
            assert (summary["added"], summary["failed"], errors) == (1, 0, [])
            assert [a["source"] for a in store.articles()] == [f"{site.url}/news/taji"]
            assert store.articles()[0]["events"] == summary["events"] > 0
    finally:
        site.close()


def test_a_scheduler_without_workers_is_one_line(tmp_path, capsys, monkeypatch):
    from dask.distributed import LocalCluster

    from geo import cluster

    monkeypatch.setattr(cluster, "WORKER_WAIT_S", 1)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as empty:
        address = empty.scheduler_address
        status = main(["ingest", str(tmp_path), "--cluster", address, "--store", str(tmp_path / "s.db")])
    err = capsys.readouterr().err
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert f"the scheduler has no worker, and none joined in 1 s (start some: dask worker {address})" in err
