"""Extraction on a Dask distributed cluster, for more articles than one machine reads.

Dask rather than a pool of our own: its scheduler already keeps the list of tasks, reruns on another
worker what a lost worker held (a task, or a result not yet collected), balances the work between
machines, and serves a dashboard. Workers only read and extract (geo.ingest.read_and_extract, the function
the local pool runs); they never write: the process that asked collects the results in order and writes
them (geo.ingest), so SQLite keeps its single writer, and PostGIS — what a team's cluster shares — sees
one connection per ingest.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from geo.errors import UserError

LOCAL = "local"
CONNECT_TIMEOUT_S = 10
WORKER_WAIT_S = 60
# Tasks handed to the scheduler ahead of the one being collected, per worker thread: enough to keep every
# worker busy, few enough that neither the scheduler nor the collected results grow with the job's size.
AHEAD_PER_THREAD = 4


@contextmanager
def connect(address: str, workers: int | None = None, dashboard: str = ":8787"):
    """A Client of the scheduler at `address` (tcp://host:8786), or of a LocalCluster started here for
    "local" (`workers` processes of one thread each; default one per core). Closed on leaving."""
    from dask.distributed import Client, LocalCluster

    if address == LOCAL:
        if workers is not None and workers < 1:
            raise UserError(f"--jobs: {workers} is not a number of workers (give 1 or more)")
        # One thread a worker: extraction holds the GIL, threads would only share one core.
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=dashboard, silence_logs=logging.ERROR)
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as e:
        reason = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise UserError(f"--cluster {address}: no Dask scheduler answers there ({reason})") from None
    with client:
        if not client.scheduler_info().get("workers"):
            try:
                client.wait_for_workers(1, timeout=WORKER_WAIT_S)
            except TimeoutError:
                raise UserError(f"--cluster {address}: the scheduler has no worker, and none joined in "
                                f"{WORKER_WAIT_S} s (start some: dask worker {address})") from None
        yield client


def dashboard_link(client) -> str | None:
    """The Dask dashboard's address, when the scheduler serves one (it needs bokeh, which the lock holds)."""
    if "dashboard" not in client.scheduler_info().get("services", {}):
        return None
    return client.dashboard_link


def extracted_on(client, items: Iterable, work: Callable, args: tuple,
                 label: Callable[[object], str] = str) -> Iterator[tuple[object, tuple]]:
    """(item, work(item, known, *rest)) for each item, in the items' order, computed on the cluster's workers;
    `label` names an item in an error line (the caller knows what its items are).

    `args` starts with the set of known content hashes; it is sent once, as a task of its own (not
    `scatter`ed data): should every worker holding it be lost, the scheduler computes it again. A worker
    that dies mid-task costs only a rerun of its tasks elsewhere; a task whose workers died three times
    (Dask's allowed-failures) becomes one error line for its article."""
    from dask.distributed import KilledWorker

    known, *rest = args
    known_task = client.submit(frozenset, sorted(known), pure=False)
    threads = sum(client.nthreads().values()) or 1
    queue: deque = deque()
    remaining = iter(items)

    def submit(batch) -> None:
        for item in batch:
            queue.append((item, client.submit(work, item, known_task, *rest, pure=False)))

    submit(islice(remaining, AHEAD_PER_THREAD * threads))
    try:
        while queue:
            item, future = queue.popleft()
            try:
                outcome = future.result()
            except KilledWorker:
                outcome = ("error", f"{label(item)}: not read — the Dask workers reading it died each time")
            except (OSError, TimeoutError) as e:
                raise UserError(f"the Dask scheduler went away ({type(e).__name__}: {_first_line(e)})") from None
            except Exception as e:  # noqa: BLE001 — a task that failed on its worker: one line for its article
                if _cannot_run_pressmap(e):  # every article would fail alike: say it once
                    raise UserError(f"the Dask scheduler or workers cannot run Pressmap ({type(e).__name__}: "
                                    f"{_first_line(e)}): start them from a checkout of this Pressmap, with "
                                    f"PYTHONPATH set to it") from None
                outcome = ("error", f"{label(item)}: failed on a Dask worker ({type(e).__name__}: {_first_line(e)})")
            future.release()
            submit(islice(remaining, 1))
            yield item, outcome
    finally:
        if queue:  # interrupted: the rest is not wanted
            client.cancel([f for _, f in queue])
        known_task.release()


def _cannot_run_pressmap(error: Exception) -> bool:
    """A worker that cannot import Pressmap, or a scheduler that cannot read the task (it unpickles the function's
    module too): Dask says the latter only in words."""
    return isinstance(error, ImportError) or (isinstance(error, RuntimeError) and "deserializ" in str(error))


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
