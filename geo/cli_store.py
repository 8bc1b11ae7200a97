"""`python -m geo ingest | list | export | delete | watch`: the store's commands, thin over geo.store, geo.ingest
and geo.watch."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from geo.errors import UserError
from geo.terminal import json_line, printable

EXIT_BAD_INPUT = 2


def os_user() -> str:
    from geo.store.corrections_table import os_user

    return os_user()


def register(subparsers, add_reading_options) -> None:
    ing = subparsers.add_parser("ingest", help="extract articles' events into the store (skips articles already stored)")
    ing.add_argument("paths", nargs="+", metavar="FILE|DIR", help="articles (.txt .md .html), or directories of them")
    add_reading_options(ing)
    ing.add_argument("--jobs", type=int, help="processes extracting at once (default: one per core); with "
                     "--cluster local, the number of workers")
    cluster_option(ing)
    _store_option(ing)
    ing.set_defaults(run=run_ingest)

    ls = subparsers.add_parser("list", help="list the stored articles")
    ls.add_argument("--format", choices=("table", "json"), default="table",
                    help="table, or json: one JSON object per article, one per line (default: table)")
    _store_option(ls)
    ls.set_defaults(run=run_list)

    ex = subparsers.add_parser("export", help="write the stored events as GeoJSON or CSV")
    ex.add_argument("--format", choices=("geojson", "csv"), default="geojson", help="default: geojson")
    ex.add_argument("-o", "--output", help="write here (default: stdout)")
    _store_option(ex)
    ex.set_defaults(run=run_export)

    de = subparsers.add_parser("delete", help="remove an article and the events only it reported")
    de.add_argument("source", help="the article's source, as `python -m geo list` shows it")
    _store_option(de)
    de.set_defaults(run=run_delete)

    register_watch(subparsers)


def cluster_option(p) -> None:
    p.add_argument("--cluster", metavar="ADDRESS", help="extract on a Dask cluster: its scheduler's address "
                   "(tcp://host:8786), or 'local' to start one on this machine")


@contextmanager
def cluster_client(args):
    """The Dask client --cluster asks for (None without it); the dashboard's address said on stderr."""
    if not args.cluster:
        yield None
        return
    from geo.cluster import connect, dashboard_link

    with connect(args.cluster, workers=args.jobs) as client:
        link = dashboard_link(client)
        workers = len(client.scheduler_info().get("workers", {}))
        print(f"Dask cluster: {workers} worker{'s' * (workers != 1)}"
              + (f", dashboard {link}" if link else ""), file=sys.stderr)
        yield client


def _store_option(p) -> None:
    p.add_argument("--store", help="a SQLite file or a postgresql:// URL (default: $PRESSMAP_STORE, else data/pressmap.db)")


def run_ingest(args) -> int:
    from geo.geocoder import check_url, geocoder_from
    from geo.ingest import ingest_paths, record_added, summary_line
    from geo.store import open_store

    if args.geocoder:
        check_url(args.geocoder)  # a mistyped URL fails before the store is opened
    with open_store(args.store) as store, cluster_client(args) as client:
        before = store.hashes()
        summary = ingest_paths(store, args.paths, published=args.published, lang=args.lang, jobs=args.jobs,
                               max_bytes=int(args.max_mb * 1e6), report=lambda line: print(f"error: {printable(line)}", file=sys.stderr),
                               geocoder=geocoder_from(args.geocoder, store=store), client=client)
        record_added(store, before, os_user())
        where = store.url
    print(summary_line(summary, where))
    return EXIT_BAD_INPUT if summary["failed"] else 0


def run_list(args) -> int:
    from geo.store import open_store

    with open_store(args.store, create=False) as store:
        articles = store.articles()
        corrected = corrected_per_source(store.events()) if store.corrections() else {}
    for a in articles:  # how many of the article's events an analyst corrected
        a["corrected"] = corrected.get(a["source"], 0)
    if args.format == "json":
        for a in articles:
            print(json_line(a))
        return 0
    print(f"{'id':>5}  {'published':<10}  {'lang':<4}  {'events':>6}  {'corrected':>9}  {'source':<40}  title")
    for a in articles:
        print(f"{a['id']:>5}  {a['published'] or '':<10}  {a['language'] or '':<4}  {a['events']:>6}  "
              f"{a['corrected']:>9}  {_clip(printable(a['source']), 40):<40}  {_clip(printable(a['title']), 60)}")
    return 0


def corrected_per_source(events: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in events:
        if e["properties"].get("corrected"):
            for s in e["properties"].get("sources") or []:
                counts[s.get("source")] = counts.get(s.get("source"), 0) + 1
    return counts


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def run_export(args) -> int:
    from geo.store import export_csv, export_geojson, open_store

    with open_store(args.store, create=False) as store:
        features = store.events()
    text = export_geojson(features) + "\n" if args.format == "geojson" else export_csv(features)
    if args.output:
        out = Path(args.output)
        if not out.parent.is_dir():
            raise UserError(f"-o {args.output}: the directory {out.parent} does not exist")
        out.write_text(text, encoding="utf-8")
        print(f"{len(features)} event{'s' * (len(features) != 1)} written to {printable(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_delete(args) -> int:
    from geo.store import open_store

    with open_store(args.store, create=False) as store:
        gone = store.delete(args.source)
        if not gone:
            raise UserError(f"no stored article has the source '{args.source}' (python -m geo list shows them)")
        store.record_change(os_user(), "delete", args.source)
        where = store.url
    print(f"{gone} article{'s' * (gone != 1)} deleted from {printable(where)}")
    return 0


def register_watch(subparsers) -> None:
    w = subparsers.add_parser("watch", help="follow RSS/Atom feeds: store each new item's page, poll again later")
    w.add_argument("feeds", metavar="FEEDS.txt", help="the feeds' addresses, one a line (# starts a comment)")
    w.add_argument("--every", type=float, default=15.0, metavar="MINUTES", help="minutes between polls (default 15)")
    w.add_argument("--once", action="store_true", help="poll once and exit (for cron or a systemd timer)")
    w.add_argument("--lang", default="auto", help="auto, fr or en (default: auto)")
    w.add_argument("--max-mb", type=float, default=10.0, help="largest page to fetch and read, in MB (default 10)")
    w.add_argument("--jobs", type=int, help="with --cluster local, the number of workers")
    cluster_option(w)
    _store_option(w)
    w.set_defaults(run=run_watch)


def run_watch(args) -> int:
    from geo.reader import choose_language
    from geo.store import open_store
    from geo.watch import read_feed_list, watch

    if args.every <= 0:
        raise UserError(f"--every: {args.every:g} is not a number of minutes (give more than 0)")
    if args.lang != "auto":
        choose_language("", args.lang)
    feeds = read_feed_list(args.feeds)
    with open_store(args.store) as store, cluster_client(args) as client:
        summary = watch(store, feeds, args.every * 60, args.once, max_bytes=int(args.max_mb * 1e6), lang=args.lang,
                        client=client, report=lambda line: print(f"error: {printable(line)}", file=sys.stderr),
                        say=lambda line: print(line, flush=True))
    return 2 if summary["failed"] else 0
