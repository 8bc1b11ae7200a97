"""The Arabic measure (devset-ar and the one-line probes) must stay usable: every key names its text, every
piece of evidence is words of that text, every probe names its place inside its sentence. These checks guard the
data itself; how well the engine does on it is measured with shared/eval/score.py, not asserted here."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET_AR = ROOT / "tests" / "data" / "devset-ar"
PROBES = ROOT / "tests" / "data" / "arabic_probes.tsv"


def keys():
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(DEVSET_AR.glob("*.key.json"))]


def test_devset_ar_has_fifteen_keyed_arabic_articles():
    found = keys()
    assert len(found) >= 10  # ten Wikipedia articles; five Marefa items are kept out until its licence is confirmed
    for path, key in found:
        assert key["language"] == "ar", path.name
        assert (DEVSET_AR / key["document"]).is_file(), path.name
        assert key["sites"], path.name


def test_devset_ar_evidence_is_quoted_from_the_text():
    for path, key in keys():
        text = (DEVSET_AR / key["document"]).read_text(encoding="utf-8")
        for site in key["sites"]:
            for piece in site["evidence"].split(" ... "):
                assert piece in text, f"{path.name}: {site['name']}: {piece!r}"


def test_arabic_probes_name_their_place_in_the_sentence():
    rows = [line.split("\t") for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 100
    for text, name, lat, lon, tolerance, what in rows:
        assert name in text, what
        assert 0 < float(tolerance) <= 400, what
        assert 10 <= float(lat) <= 40 and 10 <= float(lon) <= 62, what


def test_arabic_names_of_israeli_towns_rebuild_the_same(tmp_path):
    """`data/gazetteer/names_ar.csv` is what its importer writes from the extract, byte for byte, and gives
    Karmiel the name the Home Front Command writes."""
    from geo.imports import oref_names

    out = tmp_path / "ar.csv"
    oref_names.write(out)
    assert out.read_text(encoding="utf-8") == oref_names.OUT.read_text(encoding="utf-8")
    assert "294577,Karmi’el,كرمئيل" in out.read_text(encoding="utf-8")
