"""How long the dashboard's first read of a store takes: `python bench/bench_store_read.py STORE [--profile N]`.

Times, in this fresh process, what `dashboard.data.store_view` does on a cold start: `open_store(STORE).events()`
(read, merge, corrections laid over) and `dashboard.filters.events_table(features)`, and prints seconds and the
process's peak memory (VmHWM). Run it on a COPY of a store: opening it may add the tables a newer schema has.
`--profile N` prints the N costliest functions (cProfile, cumulative) instead of clean timings.

Figures, synthetic stores of bench/bench_dashboard.py (`synthetic_store`), 2 shared cores, Python 3.11:

    store        events()          events_table()    peak RSS
    before (issue 13)
      5k         0.9 s             0.2 s             ~150 MB
      100k       see the report
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="a SQLite path or postgresql:// URL (a copy: opening may add tables)")
    parser.add_argument("--profile", type=int, metavar="N", help="print the N costliest functions instead")
    args = parser.parse_args(argv)

    from dashboard.filters import events_table
    from geo.store import open_store

    store = open_store(args.store, create=False)
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
