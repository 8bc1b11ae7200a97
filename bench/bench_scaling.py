"""Does extraction cost grow with the text, not with its square? Time and peak memory per megabyte.

    python bench/bench_scaling.py [--sizes 0.1,1,10]

Each size (in MB) is a text built from the development set's real articles, laid end to end, extracted in
a fresh process (so peak memory is that size's own). Prints seconds, seconds per MB, and the peak resident
memory above the process's own after loading the models. Target: seconds per MB flat (10 MB at most 12 ×
the time of 1 MB) and the memory added flat too. On a shared machine the wall-clock seconds follow the
other processes' load; the CPU seconds (this process's own) are the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def text_of(size: int) -> str:
    """`size` characters of real articles, one after another, each its own paragraph block."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "devset").glob("*.txt"))]
    parts, total, i = [], 0, 0
    while total < size:
        parts.append(texts[i % len(texts)])
        total += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def one(size: int) -> dict:
    """Extract one text of `size` characters in this process: seconds and memory (MB) added at the peak."""
    import resource
    import time

    from geo.gazetteer import load_gazetteer
    from geo.pipeline import entity_model, extract
    from geo.reader import read_text

    doc = read_text(text_of(size), "bench.txt", published="2023-11-01", lang="fr")
    load_gazetteer()
    entity_model(doc.language)
    extract(read_text(text_of(20_000), "warm.txt", published="2023-11-01", lang="fr"))  # first-call costs
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t, cpu = time.perf_counter(), time.process_time()
    features, unresolved = extract(doc)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": size, "seconds": seconds, "cpu": cpu, "events": len(features), "added_mb": peak - before}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0.1,0.3,1,3,10", help="text sizes in MB (1 MB = 1,000,000 characters)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    print(f"{'MB':>5} {'seconds':>8} {'s/MB':>6} {'CPU s':>7} {'CPU s/MB':>8} {'events':>7} {'memory added (MB)':>18} "
          f"{'per MB':>7}")
    for mb in (float(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(int(mb * 1_000_000))], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{mb:5g} {r['seconds']:8.1f} {r['seconds'] / mb:6.1f} {r['cpu']:7.1f} {r['cpu'] / mb:8.1f} "
              f"{r['events']:7d} {r['added_mb']:18.0f} "
              f"{r['added_mb'] / mb:7.0f}", flush=True)


if __name__ == "__main__":
    main()
