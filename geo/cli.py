"""`python -m geo ...`: a thin layer that parses arguments and calls the functions the dashboard calls too.

Every user mistake ends as one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.errors import UserError
from geo.terminal import printable

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    previous = _terminate_as_interrupt()
    try:
        return args.run(args)
    except UserError as e:
        print(f"error: {printable(e)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("terminated", file=sys.stderr)
        return 143
    except BrokenPipeError:
        return 0
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so that open transactions roll back and worker processes stop."""


def _terminate_as_interrupt():
    """SIGTERM raises _Terminated from here on; the handler it replaces (None when it cannot be set)."""
    import signal

    def stop(signum, frame):
        raise _Terminated()

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave SIGTERM as it is
        return None


class _Parser(argparse.ArgumentParser):
    """argparse that keeps its own one-line errors and exit status 2."""

    def error(self, message: str):  # noqa: D401
        self.exit(EXIT_BAD_INPUT, f"error: {message} (see python -m geo {self.prog.split()[-1]} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="geo", description="Pressmap: map the sites, dates and sources of conflict news.")
    sub = parser.add_subparsers(parser_class=_Parser)

    ex = sub.add_parser("extract", help="find, place and date the sites articles mention (GeoJSON)")
    ex.add_argument("files", nargs="+", help="articles: .txt, .md or .html")
    add_reading_options(ex)
    ex.add_argument("-o", "--output", help="write the GeoJSON here (default: stdout)")
    ex.set_defaults(run=run_extract)

    pl = sub.add_parser("places", help="look a name up in the gazetteer")
    pl.add_argument("name")
    pl.add_argument("--limit", type=int, default=10)
    pl.add_argument("--format", choices=("table", "json"), default="table")
    pl.set_defaults(run=run_places)

    pr = sub.add_parser("prepare", help="build the gazetteer once and cache it for fast starts")
    pr.set_defaults(run=run_prepare)

    try:
        from geo import cli_store
    except ImportError:  # the store commands arrive with the store
        cli_store = None
    if cli_store is not None:
        cli_store.register(sub, add_reading_options)
    from geo import cli_corrections

    cli_corrections.register(sub)
    return parser


def add_reading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--published", help="publication date, YYYY-MM-DD (default: from the document)")
    p.add_argument("--lang", default="auto", help="auto, fr or en (default: auto)")
    p.add_argument("--max-mb", type=float, default=10.0, help="largest file to read, in MB (default 10)")
    p.add_argument("--geocoder", metavar="URL", help="ask this Nominatim server about names the gazetteer cannot "
                   "place (default: $PRESSMAP_GEOCODER; unset = off)")


def run_extract(args) -> int:
    from geo.features import feature_collection
    from geo.geocoder import geocoder_from
    from geo.pipeline import extract
    from geo.reader import parse_date, read_file

    published = parse_date(args.published, "--published") if args.published else None
    check_lang(args.lang)
    geocoder = geocoder_from(args.geocoder)
    features, unresolved, status, read = [], [], 0, 0
    for path in args.files:
        try:
            doc = read_file(path, published=published, lang=args.lang, max_bytes=int(args.max_mb * 1e6))
        except UserError as e:
            print(f"error: {printable(e)}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        try:
            found, lost = extract(doc, geocoder=geocoder)
        except Exception as e:  # noqa: BLE001 — one article the pipeline cannot handle: one line, the others go on
            print(f"error: {printable(path)}: extraction failed ({type(e).__name__}: {printable(first_line(e))})",
                  file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        read += 1
        features.extend(found)
        unresolved.extend(lost)
        for u in lost:
            print(f"unresolved: '{printable(u['mention'])}' in {printable(doc.source)} (not placed on the map)",
                  file=sys.stderr)
    if not read:
        return status  # nothing could be read: the one-line errors say why, and no output is written
    out = json.dumps(feature_collection(features, unresolved), ensure_ascii=False, indent=1)
    if args.output:
        Path(args.output).write_text(out + "\n", encoding="utf-8")
    else:
        sys.stdout.write(out + "\n")
    return status


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [""])[0]


def check_lang(lang: str) -> None:
    from geo.reader import choose_language

    if lang != "auto":
        choose_language("", lang)


def run_prepare(args) -> int:
    from geo.gazetteer import load_gazetteer, prepare_cache

    path = prepare_cache()
    load_gazetteer.cache_clear()
    gaz = load_gazetteer()
    layers = ", ".join(f"{n:,} {layer}" for layer, n in sorted(gaz.layers().items(), key=lambda x: -x[1]))
    print(f"gazetteer: {gaz.size:,} places ({layers}), {gaz.name_count:,} names, indexed in {path}")
    return 0


def run_places(args) -> int:
    from geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    found = gaz.lookup(args.name, limit=args.limit)
    if not found:
        raise UserError(f"'{args.name}': no place of that name in the gazetteer")
    if args.format == "json":
        print(json.dumps([place_row(p, s) for p, s in found], ensure_ascii=False, indent=1))
        return 0
    print(f"{'score':>5}  {'name':<40} {'kind':<16} {'cc':<3} {'lat':>8} {'lon':>9}  source")
    for place, score in found:
        print(f"{score:5.0f}  {place.name[:40]:<40} {place.kind:<16} {place.country:<3} "
              f"{place.lat:8.4f} {place.lon:9.4f}  {place.id}")
    return 0


def place_row(place, score: float) -> dict:
    return {"name": place.name, "kind": place.kind, "country": place.country, "admin1": place.admin1,
            "lat": place.lat, "lon": place.lon, "radius_km": place.radius_km, "gazetteer_id": place.id,
            "source": place.source, "evidence": place.evidence, "score": round(score, 1)}
