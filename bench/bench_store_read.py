"""How long the dashboard's first read of a store takes: `python bench/bench_store_read.py STORE [--profile N]`.

Times, in this fresh process, what `dashboard.data.store_view` does on a cold start: `open_store(STORE).events()`
(read, merge, corrections laid over) and `dashboard.filters.events_table(features)`, and prints seconds and the
process's peak memory (VmHWM). Run it on a COPY of a store: opening it may add the tables a newer schema has.
`--profile N` prints the N costliest functions (cProfile, cumulative) instead of clean timings.
`--add-corrections N` writes N live corrections of every kind into the store and exits (then time it again).

Figures (issue 13), the synthetic stores of bench/bench_dashboard.py (`synthetic_store`: 100 articles,
100,000 reports that merge into 81,344 events), 2 cores shared with other work (load 3-5, so wall time
ran up to twice the CPU time; CPU seconds here), Python 3.11, one fresh process each:

    store                            events()   events_table()   total     peak RSS
    SQLite 5k, before                0.36 s     0.07 s           0.43 s    169 MB
    SQLite 5k, after                 0.07 s     0.03 s           0.11 s    152 MB
    SQLite 100k, before              8.8 s      1.0 s            9.9 s     818 MB
    SQLite 100k, after               1.8 s      0.8 s            2.6 s     481 MB
    SQLite 100k + 61 corr.*, before  15.4 s     1.3 s            16.8 s    913 MB
    SQLite 100k + 61 corr.*, after   2.2 s      0.8 s            3.0 s     481 MB
    PostGIS 100k + 61 corr., before  14.4 s     1.2 s            15.6 s    1103 MB
    PostGIS 100k + 61 corr., after   2.2 s      0.8 s            2.9 s     567 MB

    * --add-corrections 61 on a copy of the 100k store. PostGIS: the client's CPU; the server's query
      adds about a second of wall time (its 61 corrections made the same way by hand).

Inside the app, the issue saw 35-40 s for this read in a browser session: the cyclic garbage collector's
full collections walk every object the app holds, again and again while the events are built. Now the
collector is paused while they are built (geo.store.paused_gc), and dashboard.data.store_view freezes the
View it keeps (long_lived, inside the pause), so no later collection walks it. Streamlit's AppTest of
dashboard/page.py on the same 100k store (main at 919ab31 without and with this work, one run each, CPU of
the script's thread): events() 8.6 -> 2.0 s, events_table 1.2 -> 0.7 s, build_map 1.7 -> 1.5 s; the
first page (wall) 13.2 -> 5.7 s.
Where the time went before: a deep copy of every event in merge_events (and another in
apply_corrections when any correction is live), the collector, json.loads and the dict per row.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    """The process's peak resident memory so far (Linux: VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def add_corrections(store, n: int, seed: int = 3) -> int:
    """N live corrections of random events, of every kind in turn, each as `Store.correct` would write it
    (geo.corrections.validate and before_of), without `correct`'s read of every event per correction."""
    import json
    import random

    from geo import corrections as corr
    from geo.errors import UserError
    from geo.store.corrections_table import now

    events = store.events()
    picks = random.Random(seed).sample(events, min(n, len(events)))
    kinds = ["dates", "event_type", "not_event", "merge", "point", "not_place"]
    for k, event in enumerate(picks):
        kind = kinds[k % len(kinds)]
        after = {"dates": {"date_start": "2023-05-01", "date_end": "2023-05-03"},
                 "event_type": {"event_type": "Battles", "sub_event_type": "Armed clash"},
                 "merge": {"into": picks[(k + 7) % len(picks)]["properties"]["event_keys"][0]},
                 "point": {"lat": 33.1, "lon": 40.2, "radius_km": 1.0}}.get(kind, {})
        try:
            after = corr.validate(kind, after, event)
        except UserError:
            continue  # merged with itself (a small store): skipped
        store.run(f"INSERT INTO corrections (event_key, who, at, kind, value_before, value_after, reason) "
                  f"VALUES (?, ?, ?, ?, {store._JSON_IN}, {store._JSON_IN}, ?)",
                  (event["properties"]["event_keys"][-1], "bench", now(), kind,
                   json.dumps(corr.before_of(kind, event)), json.dumps(after), "bench_store_read"))
    return len(store.corrections())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="a SQLite path or postgresql:// URL (a copy: opening may add tables)")
    parser.add_argument("--profile", type=int, metavar="N", help="print the N costliest functions instead")
    parser.add_argument("--add-corrections", type=int, metavar="N", help="write N corrections into the store, exit")
    args = parser.parse_args(argv)

    from dashboard.filters import events_table
    from geo.store import open_store

    store = open_store(args.store, create=False)
    if args.add_corrections:
        print(f"{add_corrections(store, args.add_corrections)} corrections in {args.store}")
        return 0
    print(f"imports and open: peak {peak_mb():.0f} MB")
    if args.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as prof:
            features = store.events()
            events_table(features)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)
        return 0
    t, cpu = time.perf_counter(), time.process_time()
    features = store.events()
    read, read_cpu = time.perf_counter() - t, time.process_time() - cpu
    t, cpu = time.perf_counter(), time.process_time()
    table = events_table(features)
    tabled, tabled_cpu = time.perf_counter() - t, time.process_time() - cpu
    print(f"events()        {read:6.2f} s  (cpu {read_cpu:5.2f} s)  {len(features):,} events")
    print(f"events_table()  {tabled:6.2f} s  (cpu {tabled_cpu:5.2f} s)  {len(table):,} rows")
    print(f"total           {read + tabled:6.2f} s  (cpu {read_cpu + tabled_cpu:5.2f} s)  peak {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
