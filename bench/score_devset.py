"""Score Pressmap on a folder of keyed articles (the development set by default), one line per article.

    python bench/score_devset.py [FOLDER] [--verbose]

Each `<slug>.key.json` names its text and publication date; the scorer is `../shared/eval/score.py`, the one
the project is judged by. A subfolder holding keys and its own SOURCES.md (tests/data/devset/heldout2/) is a
part of the set too, reported apart under its SOURCES.md heading. With --verbose the false markers, missed sites and date misses are listed too.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def scorer():
    spec = importlib.util.spec_from_file_location("score", REPO.parent / "shared" / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(folder: Path, verbose: bool) -> dict:

    from geo.pipeline import extract
    from geo.reader import read_file

    score = scorer()
    totals = dict(found=0, sites=0, good=0, features=0, dates_ok=0, dates=0)
    part_of = sections(folder)
    for sub in sorted(d for d in folder.iterdir() if d.is_dir()):  # a part kept in its own folder (heldout2/)
        part_of.update(sections(sub))
    by_section: dict[str, dict] = {}
    for key_path in sorted(folder.glob("*.key.json")) + sorted(folder.glob("*/*.key.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        doc = read_file(key_path.parent / key["document"], published=key["published"],
                      lang=key.get("language"))
        features, _ = extract(doc)
        out = {"type": "FeatureCollection", "features": features}
        r = score.score(key, out)
        good = round(r["precision"] * r["features"]) if r["features"] else 0
        part = by_section.setdefault(part_of.get(key_path.name[:-9], "first set"), dict.fromkeys(totals, 0))
        for k, v in (("found", r["found"]), ("sites", r["sites"]), ("good", good), ("features", r["features"]),
                     ("dates_ok", r["dates_ok"]), ("dates", r["dates"])):
            totals[k] += v
            part[k] += v
        print(f"{key_path.name[:-9]:<70} sites {r['found']}/{r['sites']}  markers {good}/{r['features']}  "
              f"dates {r['dates_ok']}/{r['dates']}")
        if verbose:
            for name, what in (("false", "false"), ("missed", "missed"), ("date_misses", "date miss")):
                for item in r.get(name) or []:
                    print(f"    {what}: {item}")
    for section, t in sorted(by_section.items()):
        print(f"  {section}: recall {t['found']}/{t['sites']}, precision {t['good']}/{t['features']}, "
              f"dates {t['dates_ok']}/{t['dates']}")
    t = totals
    print(f"TOTAL recall {t['found']}/{t['sites']}, precision {t['good']}/{t['features']}, "
          f"dates {t['dates_ok']}/{t['dates']}")
    return totals


def sections(folder: Path) -> dict[str, str]:
    """Each article's section of SOURCES.md (the heading above its row), to report the parts of the set apart."""
    out, heading = {}, "first set"
    path = folder / "SOURCES.md"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.startswith("## ") and "(added" in line:
            heading = line[3:].strip()
        elif line.startswith("| ") and not line.startswith("| slug"):
            out[line.split("|")[1].strip()] = heading
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(REPO / "tests" / "data" / "devset"))
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    run(Path(args.folder), args.verbose)
