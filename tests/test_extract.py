"""`python -m geo extract` on real articles, scored with the shared scorer against hand-made keys."""

import importlib.util
import json
import statistics
from pathlib import Path

import pytest

from geo.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "samples" / "perspectives-med-2023-11-01.txt"  # the sample, bundled
SEED_KEY = ROOT.parent / "shared" / "eval" / "seed.key.json"
DEVSET = ROOT / "tests" / "data" / "devset"


def scorer():
    path = ROOT.parent / "shared" / "eval" / "score.py"
    if not path.exists():
        pytest.skip("../shared/eval/score.py is not beside the repository")
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.score


def extract(path: Path, published: str, tmp_path: Path) -> dict:
    out = tmp_path / (path.stem + ".geojson")
    assert main(["extract", str(path), "--published", published, "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_sample_press_review(tmp_path):
    if not SEED_KEY.exists():
        pytest.skip("../shared/eval is not beside the repository")
    out = extract(SEED, "2023-11-01", tmp_path)
    result = scorer()(json.loads(SEED_KEY.read_text(encoding="utf-8")), out)
    assert result["found"] == result["sites"] == 10, result["missed"]
    assert result["precision"] >= 0.95, result["false"]
    assert result["median_error_km"] <= 2
    assert result["dates_ok"] == result["dates"], result["date_misses"]
    sites = {f["properties"]["site"] for f in out["features"]}
    assert not any("pentag" in s.lower() or "aqsa" in s.lower() for s in sites)
    # "le gazoduc reliant le champ gazier de Koniko et le désert d'Abou Khashab": the line is drawn, and its
    # desert end, placed from one source (English Wikipedia), says so.
    [line] = [f for f in out["features"] if f["geometry"]["type"] == "LineString"]
    assert "Conoco" in line["properties"]["site"] and "Abu Khashab" in line["properties"]["site"]
    desert = next(f["properties"] for f in out["features"] if f["properties"]["site"] == "Abu Khashab desert")
    assert desert["verified"] is False and desert["coordinate_sources"] == ['Wikipedia "Abu Khashab" 35.93583,40.03667']
    assert line["properties"]["verified"] is False


def test_sample_features_carry_their_provenance(tmp_path):
    out = extract(SEED, "2023-11-01", tmp_path)
    text = SEED.read_text(encoding="utf-8")
    for f in out["features"]:
        p = f["properties"]
        assert text[p["mention_start"]:p["mention_end"]] == p["mention"]
        assert p["excerpt"] == text[p["excerpt_start"]:p["excerpt_start"] + len(p["excerpt"])]
        assert p["mention"] in p["excerpt"] or f["geometry"]["type"] == "LineString"
        assert p["geo_precision"] in (1, 2, 3) and p["radius_km"] > 0
        assert p["gazetteer_id"] and p["gazetteer_source"] and p["country"]
        assert p["date_start"] <= p["date_end"] and p["time_precision"] in (1, 2, 3) and p["date_text"]
        assert p["event_type"] and p["sub_event_type"]
        assert p["published"] == "2023-11-01" and p["language"] == "fr"
    crossing = next(f for f in out["features"] if f["properties"]["site_kind"] == "border_crossing")
    assert crossing["properties"]["date_start"] <= "2023-10-30" <= crossing["properties"]["date_end"]
    assert {f["properties"]["site"] for f in out["features"] if f["properties"]["site_kind"] == "country"} \
        <= {"Syria", "Iraq"}


def devset_cases():
    return sorted(DEVSET.glob("*.key.json"))


def test_devset_has_at_least_ten_real_articles_in_two_languages():
    keys = [json.loads(p.read_text(encoding="utf-8")) for p in devset_cases()]
    assert len(keys) >= 10
    assert {k["language"] for k in keys} == {"fr", "en"}
    sources = (DEVSET / "SOURCES.md").read_text(encoding="utf-8")
    for p in devset_cases():
        assert p.name.replace(".key.json", "") in sources


def totals(folder: Path, tmp_path: Path) -> dict:
    score = scorer()
    t = dict(found=0, sites=0, good=0, features=0, dates_ok=0, dates=0)
    errors = []
    for key_path in sorted(folder.glob("*.key.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        out = extract(folder / key["document"], key["published"], tmp_path)
        r = score(key, out)
        for k, v in (("found", r["found"]), ("sites", r["sites"]), ("good", round(r["precision"] * r["features"])),
                     ("features", r["features"]), ("dates_ok", r["dates_ok"]), ("dates", r["dates"])):
            t[k] += v
        if r["median_error_km"] is not None:
            errors.append(r["median_error_km"])
    t["median_error_km"] = statistics.median(errors)
    print(f"{folder.name}: recall {t['found']}/{t['sites']}, precision {t['good']}/{t['features']}, "
          f"dates {t['dates_ok']}/{t['dates']}")
    return t


def test_devset_scores(tmp_path):
    """Articles we did not tune on: recall, precision and dates over the whole set (63 articles: the Middle East,
    other theatres, multi-paragraph stories; `python bench/score_devset.py` prints each part)."""
    t = totals(DEVSET, tmp_path)
    # Measured 115/125, 349/351 and 112/126 after the merges of 2026-12-06 (the held-out part in heldout2/ is
    # scored by bench/score_devset.py, not here). The site misses are
    # villages no layer holds and sites no word of the text names; the dates issue's target, 0.85, is the guard.
    assert t["found"] / t["sites"] >= 0.9
    assert t["good"] / t["features"] >= 0.95
    assert t["dates_ok"] / t["dates"] >= 0.85
    assert t["median_error_km"] <= 5


def test_arabic_devset_scores(tmp_path):
    """Sixteen Arabic Wikipedia articles (tests/data/devset-ar/). Measured 25/28, 82/84, 24/30 (13/19, 52/53,
    10/19 on the first ten before the Arabic dates and names work): the targets, 0.85 / 0.95 / 0.8, are met."""
    t = totals(ROOT / "tests" / "data" / "devset-ar", tmp_path)
    assert t["found"] / t["sites"] >= 0.85
    assert t["good"] / t["features"] >= 0.95
    assert t["dates_ok"] / t["dates"] >= 0.8
