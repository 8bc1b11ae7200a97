"""How many of the one-line Arabic probes Pressmap places within tolerance (tests/data/arabic_probes.tsv).

    python bench/score_arabic_probes.py [--verbose]

Each probe is a sentence naming one site of the region under a spelling the Arabic press uses; it is passed when
some feature of `extract` lies within the probe's tolerance of its point. With --verbose the misses are listed,
with what was placed instead.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PROBES = REPO / "tests" / "data" / "arabic_probes.tsv"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def run(verbose: bool) -> tuple[int, int]:
    from geo.pipeline import extract
    from geo.reader import read_text

    rows = [line.split("\t") for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]
    passed = 0
    for text, name, lat, lon, tolerance, what in rows:
        features, _ = extract(read_text(text, "probe", published="2024-03-04", lang="ar"))
        points = [f["geometry"]["coordinates"] for f in features if f["geometry"]["type"] == "Point"]
        ok = any(km(float(lat), float(lon), y, x) <= float(tolerance) for x, y in points)
        passed += ok
        if verbose and not ok:
            placed = [f"{f['properties']['mention']}→{f['properties']['site']}" for f in features]
            print(f"  miss: {what} ({name}): {placed}")
    print(f"Arabic probes placed within tolerance: {passed}/{len(rows)}")
    return passed, len(rows)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true")
    run(ap.parse_args().verbose)
