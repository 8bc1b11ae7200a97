"""Articles into the store: read, extract, add — every article whole, none twice.

Reading and extraction are the slow part: they run here, in a pool of processes (`jobs`) or on a Dask
cluster (`client`, see geo.cluster), one function whatever the executor. Every write stays in this
process, in batches (geo.store's add_many: one transaction each, every article in it whole), so a kill
leaves only whole articles and a rerun skips what is already stored (by content) and finishes the job.
Articles are files (`ingest_paths`) or pages fetched from the web (`Page`, what `geo watch` reads).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.errors import UserError
from geo.model import Document
from geo.reader import MAX_BYTES, choose_language, parse_date, read_bytes, read_file
from geo.terminal import printable

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
POOL_MIN_FILES = 8  # below this, starting processes costs more than it saves
# Writes wait for this many extracted articles, or this many seconds: one commit per batch instead of one per
# article, and still a store that fills while a long job runs (the dashboard shows it).
WRITE_BATCH = 32
WRITE_EVERY_S = 2.0


@dataclass(frozen=True)
class Page:
    """An article fetched rather than saved: its bytes, its URL, and the publication date its feed gives
    (relative dates in the text are read against it, so it outranks what the page says of itself)."""

    source: str
    data: bytes
    published: date | None = None
    title: str = ""


def label(item: str | Page) -> str:
    """How messages name an article: its path or its URL."""
    return item.source if isinstance(item, Page) else str(item)


def ingest_document(store, doc: Document, geocoder=None) -> dict:
    """Extract one article's events and store them: {"added": bool, "events": int, "unresolved": [...]}.

    `geocoder` (geo.geocoder; None = off) places what the offline gazetteer could not."""
    if store.has(doc.content_hash):
        return {"added": False, "events": 0, "unresolved": []}
    features, unresolved = _extract(doc, geocoder)
    added = store.add(doc, features)
    return {"added": added, "events": len(features) if added else 0, "unresolved": unresolved}


def ingest_paths(store, paths: Iterable[str | Path], published=None, lang: str | None = None,
                 jobs: int | None = None, progress: bool | None = None, max_bytes: int = MAX_BYTES,
                 report: Callable[[str], None] | None = None, geocoder=None, client=None,
                 on_extracted: Callable[[int], None] | None = None) -> dict:
    """Ingest files and directories (recursively: .txt .md .html .htm).

    Returns counts — added, skipped (already stored), failed, events, unresolved — and `errors`, one
    line per file that failed. `progress` shows a bar (default: when stderr is a terminal); `report`
    receives each error line as it happens. `geocoder` (geo.geocoder; None = off) places what the offline
    gazetteer could not; with it, extraction stays in this process (one request a second, one cache).
    `client` (a dask.distributed Client, geo.cluster.connect) extracts on its cluster's workers instead of
    `jobs` local processes; `on_extracted` hears how many articles have come back so far.
    """
    published = parse_date(published, "--published") if published else None
    if lang and lang != "auto":
        choose_language("", lang)  # an unknown language is the command's mistake, not every file's
    files, errors = find_articles(paths)
    return ingest_items(store, files, errors, published=published, lang=lang, jobs=jobs, progress=progress,
                        max_bytes=max_bytes, report=report, geocoder=geocoder, client=client,
                        on_extracted=on_extracted)


def ingest_items(store, items: list[str | Page], errors: Iterable[str] = (), published=None, lang: str | None = None,
                 jobs: int | None = None, progress: bool | None = None, max_bytes: int = MAX_BYTES,
                 report: Callable[[str], None] | None = None, geocoder=None, client=None,
                 on_extracted: Callable[[int], None] | None = None) -> dict:
    """Ingest files (paths) and fetched pages (`Page`); `errors` are lines about inputs already found wanting.
    The options and the summary are `ingest_paths`'s."""
    if jobs is not None and jobs < 1:
        raise UserError(f"--jobs: {jobs} is not a number of processes (give 1 or more)")
    if geocoder is not None and client is not None:
        raise UserError("--geocoder asks one server once a second from this process: give it without --cluster")
    jobs = 1 if geocoder is not None else jobs or os.cpu_count() or 1
    summary = {"added": 0, "skipped": 0, "failed": 0, "events": 0, "unresolved": 0, "errors": []}
    show = sys.stderr.isatty() if progress is None else progress

    def fail(message: str) -> None:
        summary["failed"] += 1
        summary["errors"].append(message)
        if report:
            with bar.external_write_mode() if show else nullcontext():
                report(message)

    pending: list[tuple[str, Document, list[dict], list[dict]]] = []

    def write() -> None:
        outcomes = store.add_many([(doc, features) for _, doc, features, _ in pending])
        for (name, _, features, unresolved), added in zip(pending, outcomes, strict=True):
            if isinstance(added, ValueError):  # a feature the store cannot keep: the article is left out whole
                fail(f"{name}: not stored ({added})")
            elif added:
                summary["added"] += 1
                summary["events"] += len(features)
                summary["unresolved"] += len(unresolved)
            else:
                summary["skipped"] += 1
        pending.clear()

    from tqdm import tqdm

    with tqdm(total=len(items), unit="article", disable=not show, file=sys.stderr, dynamic_ncols=True) as bar:
        for message in errors:
            fail(message)
        written = time.monotonic()
        extracted = _extracted(items, store.hashes(), published, lang, max_bytes, jobs, geocoder, client)
        for done, (item, outcome) in enumerate(extracted, start=1):
            bar.update()
            if on_extracted:
                on_extracted(done)
            if outcome[0] == "error":
                fail(outcome[1])
            elif outcome[0] == "known":
                summary["skipped"] += 1
            else:
                pending.append((label(item), *outcome[1:]))
            if len(pending) >= WRITE_BATCH or (pending and time.monotonic() - written >= WRITE_EVERY_S):
                write()
                written = time.monotonic()
        if pending:
            write()
    return summary


def record_added(store, before: set[str], who: str) -> None:
    """The journal's line for each article added since `before` (the store's hashes then): who, and its hash."""
    for content_hash in sorted(store.hashes() - before):
        store.record_change(who, "add", content_hash)


def summary_line(s: dict, where: str) -> str:
    """An ingest's (or a feed poll's) summary as the one line `ingest` and `watch` print."""
    parts = [f"{s['added']} article{'s' * (s['added'] != 1)} added ({s['events']} event{'s' * (s['events'] != 1)})",
             f"{s['skipped']} already stored"]
    if s.get("left_out"):  # a watch's items that failed for good at an earlier poll
        parts.append(f"{s['left_out']} left out earlier")
    if s["failed"]:
        parts.append(f"{s['failed']} failed")
    if s["unresolved"]:
        parts.append(f"{s['unresolved']} place name{'s' * (s['unresolved'] != 1)} not placed")
    return ", ".join(parts) + f" — store {printable(where)}"


def find_articles(paths: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """The article files under the given paths, in a stable order, and one line for each path that is not there."""
    files, errors, seen = [], [], set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.suffix.lower() in ARTICLE_SUFFIXES and f.is_file())
            if not found:
                errors.append(f"{given}: no .txt, .md or .html articles in this directory")
        elif p.exists():
            found = [str(given)]
        else:
            errors.append(f"{given}: no such file")
            found = []
        for f in found:
            if f not in seen:
                seen.add(f)
                files.append(f)
    return files, errors


def _extracted(items: list[str | Page], known: set[str], published, lang, max_bytes: int,
               jobs: int, geocoder=None, client=None) -> Iterator[tuple[str | Page, tuple]]:
    """(item, outcome) for each article, in order: on a Dask cluster when a client is given, else in a process
    pool when the batch is large enough, else here."""
    args = (known, published, lang, max_bytes)
    if client is not None:
        from geo.cluster import extracted_on

        yield from extracted_on(client, items, read_and_extract, args, label=label)
        return
    if jobs == 1 or len(items) < POOL_MIN_FILES:
        for item in items:
            yield item, read_and_extract(item, *args, geocoder=geocoder)
        return
    # fork: the workers start at once and share the parent's loaded modules (spawn would re-import spaCy).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(os.getpid(), *args))
    try:
        yield from zip(items, pool.map(_pooled, items, chunksize=2), strict=True)
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM, an error): the workers' current articles are not wanted; stop them now
        # rather than wait for them (each holds a few hundred MB).
        for worker in list((getattr(pool, "_processes", None) or {}).values()):
            worker.terminate()
        # wait for the pool's manager thread to see them go, before the interpreter tears down under it
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


_worker_args: tuple = ()  # set once in each pool process, rather than pickled with every file


def _init_worker(parent: int, *args) -> None:
    global _worker_args
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the pool, says so once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    _worker_args = args


def _die_with(parent: int) -> None:
    """End this worker when the ingest that started it ends, even by SIGKILL (which it cannot catch): Linux's
    PR_SET_PDEATHSIG sends us SIGKILL then. Elsewhere a thread watches for the parent to go."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
            if os.getppid() != parent:  # it died before we asked
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _pooled(item: str | Page) -> tuple:
    return read_and_extract(item, *_worker_args)


def read_and_extract(item: str | Page, known: set[str], published, lang, max_bytes: int, geocoder=None) -> tuple:
    """("error", line) | ("known",) | ("new", doc, features, unresolved) for a file's path or a fetched page:
    no store access here (but for the geocoder's cache table, when a geocoder is given: it runs in this
    process only), so that it runs anywhere — a pool process, a Dask worker on another machine."""
    try:
        if isinstance(item, Page):
            doc = read_bytes(item.data, item.source, published=item.published or published, lang=lang,
                             title=item.title, max_bytes=max_bytes)
        else:
            doc = read_file(item, published=published, lang=lang, max_bytes=max_bytes)
    except UserError as e:
        return ("error", str(e))
    if doc.content_hash in known:
        return ("known",)
    try:
        features, unresolved = _extract(doc, geocoder)
    except Exception as e:  # noqa: BLE001 — one article the pipeline cannot handle must not stop a batch
        reason = str(e).strip().splitlines()[0] if str(e).strip() else ""
        return ("error", f"{label(item)}: extraction failed ({type(e).__name__}: {reason})")
    return ("new", doc, features, unresolved)


def _extract(doc: Document, geocoder) -> tuple[list[dict], list[dict]]:
    from geo import pipeline

    # Without a geocoder, the call every caller and test double knows: extract(doc).
    return pipeline.extract(doc) if geocoder is None else pipeline.extract(doc, geocoder=geocoder)
