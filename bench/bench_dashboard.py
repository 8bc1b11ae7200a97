"""How fast the dashboard is on 5,000 events: `python bench/bench_dashboard.py [--events N] [--store PATH]`.

Builds a store of N synthetic events (100 articles of N/100 events, spread over a year and the region,
some week- or month-long, some pipelines), then measures through Streamlit's AppTest:

  first page   a cold start: store read, table built, map and timeline drawn  (target < 3 s)
  slider move  the window narrowed to a month, then stepped a day             (target < 1 s)
  map payload  the folium page streamlit-folium sends the browser             (target < 2 MB)

Prints one line per figure and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TYPES = ["Explosions/Remote violence", "Battles", "Strategic developments", "Violence against civilians",
         "Protests", "Riots"]
KINDS = ["base", "airbase", "oil_field", "border_crossing", "town", "city", "governorate"]
ACTORS = ["Islamic Resistance in Iraq", "United States", "Hezbollah", "Syrian Democratic Forces", "Turkey", "IRGC"]
TARGETS = {"first page (s)": 3.0, "slider move (s)": 1.0, "map payload (MB)": 2.0}


def synthetic_store(path: Path, n_events: int, seed: int = 7) -> None:
    from geo.reader import read_text
    from geo.store import open_store

    rng = random.Random(seed)
    sites = [(f"Site {i}", rng.uniform(32.0, 37.0), rng.uniform(36.0, 45.0), rng.choice(KINDS)) for i in range(900)]
    per_article = max(1, n_events // 100)
    first_day = date(2023, 1, 1)
    with open_store(str(path)) as store:
        made = 0
        for a in range(100):
            n = per_article if a < 99 else n_events - made
            text = " ".join(f"Rockets struck {sites[(a * 37 + k) % len(sites)][0]} on day {k}." for k in range(n))
            doc = read_text(f"Bench article {a}\n\n{text}", f"https://example.org/bench/{a}",
                            published=(first_day + timedelta(days=a * 3)).isoformat(), lang="en")
            features = []
            for k in range(n):
                name, lat, lon, kind = sites[(a * 37 + k) % len(sites)]
                start = first_day + timedelta(days=rng.randrange(365))
                precision = rng.choices([1, 2, 3], [8, 2, 1])[0]
                end = start + timedelta(days={1: 0, 2: 6, 3: 29}[precision])
                mention = f"{name} on day {k}"
                at = doc.text.find(f"Rockets struck {mention}.")
                sentence = f"Rockets struck {mention}."
                geometry = {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]}
                if k % 97 == 0:
                    geometry = {"type": "LineString", "coordinates": [[lon, lat], [lon + 0.4, lat + 0.2]]}
                features.append({"type": "Feature", "geometry": geometry, "properties": {
                    "event_id": hashlib.sha1(f"{a}-{k}".encode()).hexdigest()[:16], "site": name, "site_kind": kind,
                    "country": rng.choice(["SY", "IQ"]), "admin1": "", "geo_precision": rng.choice([1, 1, 2, 3]),
                    "radius_km": rng.choice([1.0, 5.0, 25.0]), "gazetteer_id": f"bench:{name}",
                    "gazetteer_source": "curated", "mention": name, "mention_start": at + 15,
                    "mention_end": at + 15 + len(name), "excerpt": sentence, "excerpt_start": at,
                    "confidence": 0.8, "alternatives": [], "date_start": start.isoformat(),
                    "date_end": end.isoformat(), "time_precision": precision, "date_text": f"day {k}",
                    "event_type": rng.choice(TYPES), "sub_event_type": "", "actors": rng.sample(ACTORS, 2),
                    "quantities": []}})
            store.add(doc, features)
            made += n


def measure(store: Path) -> dict[str, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.render import bounds_of, build_map, map_payload_bytes
    from geo.store import open_store

    os.environ["PRESSMAP_STORE"] = str(store)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = str(ROOT / "dashboard" / "page.py")
    t = time.perf_counter()
    at = AppTest.from_file(app, default_timeout=120).run()
    first = time.perf_counter() - t
    assert not at.exception, [e.value for e in at.exception]
    heading = next(s.value for s in at.subheader if " event" in s.value)
    lo, hi = at.slider(key="dates").value
    t = time.perf_counter()
    at.slider(key="dates").set_value((lo + timedelta(days=150), lo + timedelta(days=180))).run()
    slider = time.perf_counter() - t
    t = time.perf_counter()
    at.button(key="forward").click().run()
    step = time.perf_counter() - t
    narrowed = next(s.value for s in at.subheader if " event" in s.value)
    with open_store(str(store)) as s:
        features = s.events()
    payload = map_payload_bytes(build_map(features, bounds_of(features))) / 1e6
    print(f"headline: {heading}; after the slider: {narrowed}")
    return {"first page (s)": first, "slider move (s)": max(slider, step), "map payload (MB)": payload}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--store", help="keep the synthetic store here (default: a temporary file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(args.store or Path(tmp) / "bench.db")
        if not store.exists():
            t = time.perf_counter()
            synthetic_store(store, args.events)
            print(f"built {args.events} events in {time.perf_counter() - t:.1f} s: {store}")
        figures = measure(store)
    missed = 0
    for name, value in figures.items():
        ok = value < TARGETS[name]
        missed += not ok
        print(f"{name:<18} {value:7.2f}   target < {TARGETS[name]:g}  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
