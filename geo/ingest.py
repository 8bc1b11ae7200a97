"""Articles into the store: read, extract, add — one transaction per article.

Reading and extraction are the slow part and run in a pool of processes on large batches; every write
stays in this process, one article at a time, so a kill leaves only whole articles and a rerun skips
what is already stored (by content) and finishes the job.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from geo.errors import UserError
from geo.model import Document
from geo.reader import MAX_BYTES, choose_language, parse_date, read_file

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
POOL_MIN_FILES = 8  # below this, starting processes costs more than it saves


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
                 report: Callable[[str], None] | None = None, geocoder=None) -> dict:
    """Ingest files and directories (recursively: .txt .md .html .htm).

    Returns counts — added, skipped (already stored), failed, events, unresolved — and `errors`, one
    line per file that failed. `progress` shows a bar (default: when stderr is a terminal); `report`
    receives each error line as it happens. `geocoder` (geo.geocoder; None = off) places what the offline
    gazetteer could not; with it, extraction stays in this process (one request a second, one cache).
    """
    published = parse_date(published, "--published") if published else None
    if jobs is not None and jobs < 1:
        raise UserError(f"--jobs: {jobs} is not a number of processes (give 1 or more)")
    jobs = 1 if geocoder is not None else jobs or os.cpu_count() or 1
    if lang and lang != "auto":
        choose_language("", lang)  # an unknown language is the command's mistake, not every file's
    files, errors = find_articles(paths)
    summary = {"added": 0, "skipped": 0, "failed": 0, "events": 0, "unresolved": 0, "errors": []}
    show = sys.stderr.isatty() if progress is None else progress

    def fail(message: str) -> None:
        summary["failed"] += 1
        summary["errors"].append(message)
        if report:
            with bar.external_write_mode() if show else nullcontext():
                report(message)

    from tqdm import tqdm

    with tqdm(total=len(files), unit="article", disable=not show, file=sys.stderr, dynamic_ncols=True) as bar:
        for message in errors:
            fail(message)
        for path, outcome in _extracted(files, store.hashes(), published, lang, max_bytes, jobs, geocoder):
            bar.update()
            if outcome[0] == "error":
                fail(outcome[1])
                continue
            if outcome[0] == "known":
                summary["skipped"] += 1
                continue
            _, doc, features, unresolved = outcome
            try:
                added = store.add(doc, features)
            except ValueError as e:  # a feature the store cannot keep: the article is left out whole
                fail(f"{path}: not stored ({e})")
                continue
            if added:
                summary["added"] += 1
                summary["events"] += len(features)
                summary["unresolved"] += len(unresolved)
            else:
                summary["skipped"] += 1
    return summary


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


def _extracted(files: list[str], known: set[str], published, lang, max_bytes: int,
               jobs: int, geocoder=None) -> Iterator[tuple[str, tuple]]:
    """(path, outcome) for each file, in order; in a process pool when the batch is large enough."""
    args = (known, published, lang, max_bytes)
    if jobs == 1 or len(files) < POOL_MIN_FILES:
        for path in files:
            yield path, _read_and_extract(path, *args, geocoder=geocoder)
        return
    # fork: the workers start at once and share the parent's loaded modules (spawn would re-import spaCy).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(os.getpid(), *args))
    try:
        yield from zip(files, pool.map(_pooled, files, chunksize=2), strict=True)
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


def _pooled(path: str) -> tuple:
    return _read_and_extract(path, *_worker_args)


def _read_and_extract(path: str, known: set[str], published, lang, max_bytes: int, geocoder=None) -> tuple:
    """("error", line) | ("known",) | ("new", doc, features, unresolved): no store access here (but for the
    geocoder's cache table, when a geocoder is given: it runs in this process only)."""
    try:
        doc = read_file(path, published=published, lang=lang, max_bytes=max_bytes)
    except UserError as e:
        return ("error", str(e))
    if doc.content_hash in known:
        return ("known",)
    try:
        features, unresolved = _extract(doc, geocoder)
    except Exception as e:  # noqa: BLE001 — one article the pipeline cannot handle must not stop a batch
        reason = str(e).strip().splitlines()[0] if str(e).strip() else ""
        return ("error", f"{path}: extraction failed ({type(e).__name__}: {reason})")
    return ("new", doc, features, unresolved)


def _extract(doc: Document, geocoder) -> tuple[list[dict], list[dict]]:
    from geo import pipeline

    # Without a geocoder, the call every caller and test double knows: extract(doc).
    return pipeline.extract(doc) if geocoder is None else pipeline.extract(doc, geocoder=geocoder)
