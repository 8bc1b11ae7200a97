"""How well each rule of the dating ladder does on articles with hand-made keys.

    python bench/bench_dating.py [FOLDER ...]   (default: tests/data/devset, then the sample)

For every folder of `*.key.json` beside their `.txt`, prints how many events each rule of `geo.date_rules.LADDER`
dated at a key's dated site and how many of those were right, then two figures:
  - dated key events right: key dates some event at the site holds, as /work/shared/eval/score.py counts them
    (target >= 0.85);
  - day-level claims right: events dated to one day at a key's dated site whose day is one of the key's
    (target >= 0.95: prefer a true week to a wrong day).
An event is right when its range holds one of the site's key dates within that date's max_width_days (or lies
inside a key's "within" window).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
SAMPLE = ROOT / "data" / "samples" / "perspectives-med-2023-11-01.txt"
SAMPLE_KEY = ROOT.parent / "shared" / "eval" / "seed.key.json"


def scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def holds(props: dict, want: dict) -> bool:
    """Whether an event's range is right for one key date, as the scorer judges it."""
    a, b = date.fromisoformat(props["date_start"]), date.fromisoformat(props["date_end"])
    if "within" in want:
        lo, hi = (date.fromisoformat(x) for x in want["within"])
        return lo <= a and b <= hi
    day = date.fromisoformat(want["date"])
    return a <= day <= b and (b - a).days <= want.get("max_width_days", 1)


def cases(folder: Path) -> list[tuple[dict, Path]]:
    out = []
    for key_path in sorted(folder.glob("*.key.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        out.append((key, folder / key["document"]))
    return out


def measure(pairs: list[tuple[dict, Path]]) -> dict:
    from geo.pipeline import extract
    from geo.reader import read_file

    mod = scorer()
    per_rule: dict[str, Counter] = {}
    dates = dates_ok = day_claims = day_right = 0
    misses = []
    for key, path in pairs:
        doc = read_file(path, published=key["published"], lang=key.get("language"))  # as score_devset.py reads it
        feats = extract(doc)[0]
        result = mod.score(key, {"features": feats})
        dates, dates_ok = dates + result["dates"], dates_ok + result["dates_ok"]
        misses += [f"{path.stem}: {m}" for m in result["date_misses"]]
        for f in feats:
            p = f["properties"]
            wants = [w for s in key["sites"] if s.get("dates") and mod.dist(f, s) <= s.get("tolerance_km", 5)
                     for w in s["dates"]]
            if not wants:
                continue
            right = any(holds(p, w) for w in wants)
            counts = per_rule.setdefault(p.get("date_rule") or "?", Counter())
            counts["events"] += 1
            counts["right"] += right
            if p["date_start"] == p["date_end"]:
                day_claims += 1
                day_right += right
                if not right:
                    misses.append(f"{path.stem}: wrong day {p['date_start']} for {p['site']} "
                                  f"({p.get('date_rule')}: {p['date_text']!r})")
    return {"per_rule": per_rule, "dates": dates, "dates_ok": dates_ok, "day_claims": day_claims,
            "day_right": day_right, "misses": misses}


def report(name: str, m: dict) -> None:
    from geo.date_rules import LADDER

    print(f"== {name}")
    order = [r.name for r in LADDER] + sorted(set(m["per_rule"]) - {r.name for r in LADDER})
    for rule in order:
        c = m["per_rule"].get(rule)
        if c:
            print(f"  {rule:<24} dated {c['events']:>3}, right {c['right']:>3}")
    share = m["dates_ok"] / m["dates"] if m["dates"] else 1.0
    days = m["day_right"] / m["day_claims"] if m["day_claims"] else 1.0
    print(f"  dated key events right: {m['dates_ok']}/{m['dates']} = {share:.2f} (target >= 0.85)")
    print(f"  day-level claims right: {m['day_right']}/{m['day_claims']} = {days:.2f} (target >= 0.95)")
    for miss in m["misses"]:
        print(f"    - {miss}")


def main(argv: list[str]) -> None:
    folders = [Path(a) for a in argv] or [ROOT / "tests" / "data" / "devset"]
    for folder in folders:
        report(str(folder), measure(cases(folder)))
    if not argv and SAMPLE_KEY.exists():
        key = json.loads(SAMPLE_KEY.read_text(encoding="utf-8"))
        report("sample", measure([(key, SAMPLE)]))


if __name__ == "__main__":
    main(sys.argv[1:])
