"""`python -m geo corrections list | undo | export` and `python -m geo journal`: the analysts' corrections, and
who changed what, from the command line.

Corrections are made from an event's card in the dashboard; here they are listed, undone (recorded as the
operating-system user) and turned into gazetteer rows to review (geo.gazetteer_feedback).
"""

from __future__ import annotations

import sys
from pathlib import Path

from geo.errors import UserError
from geo.terminal import json_line, printable


def register(subparsers) -> None:
    co = subparsers.add_parser("corrections", help="list, undo or export the analysts' corrections")
    sub = co.add_subparsers(dest="action", required=True)
    ls = sub.add_parser("list", help="every correction, undone ones too")
    ls.add_argument("--format", choices=("table", "json"), default="table")
    _store_option(ls)
    ls.set_defaults(run=run_list)
    un = sub.add_parser("undo", help="undo a correction (it stays in the history)")
    un.add_argument("id", help="the correction's number, as `corrections list` shows it")
    _store_option(un)
    un.set_defaults(run=run_undo)
    ex = sub.add_parser("export", help="the gazetteer rows the corrections imply, as CSV in the curated format")
    ex.add_argument("-o", "--output", help="write here (default: stdout)")
    _store_option(ex)
    ex.set_defaults(run=run_export)

    jo = subparsers.add_parser("journal", help="who added, deleted, corrected or undid what, and when")
    jo.add_argument("--format", choices=("table", "json"), default="table")
    _store_option(jo)
    jo.set_defaults(run=run_journal)


def _store_option(p) -> None:
    p.add_argument("--store", help="a SQLite file or a postgresql:// URL (default: $PRESSMAP_STORE, else data/pressmap.db)")


def run_list(args) -> int:
    from geo.corrections import describe
    from geo.store import open_store

    with open_store(args.store, create=False) as store:
        corrections = store.corrections()
    for c in corrections:
        print(json_line(c) if args.format == "json" else printable(describe(c)))
    return 0


def run_undo(args) -> int:
    from geo.store import open_store
    from geo.store.corrections_table import os_user

    with open_store(args.store, create=False) as store:
        done = store.undo(args.id, os_user())
    print(f"correction #{done['id']} undone")
    return 0


def run_export(args) -> int:
    from geo.gazetteer_feedback import gazetteer_csv, gazetteer_rows
    from geo.store import open_store

    with open_store(args.store, create=False) as store:
        corrections = store.corrections()
    text, n = gazetteer_csv(corrections), len(gazetteer_rows(corrections))
    if args.output:
        out = Path(args.output)
        if not out.parent.is_dir():
            raise UserError(f"-o {args.output}: the directory {out.parent} does not exist")
        out.write_text(text, encoding="utf-8")
        print(f"{n} gazetteer row{'s' * (n != 1)} written to {printable(args.output)}: review them, add a second "
              f"source, then append them to a file of data/gazetteer/sites/", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_journal(args) -> int:
    from geo.store import open_store

    with open_store(args.store, create=False) as store:
        changes = store.changes()
    for c in changes:
        print(json_line(c) if args.format == "json" else
              printable(f"{c['at'][:19].replace('T', ' ')}  {c['who']}  {c['action']}  {c['subject']}"))
    return 0
