"""data/samples/samples.geojson holds what `extract` gives for the bundled samples, so the dashboard can show
them on a first visit without loading the engine; it cannot drift, because this extracts them again."""

from __future__ import annotations

import json

from dashboard import samples


def test_the_committed_sample_events_are_what_extract_gives_today():
    from geo.pipeline import extract

    committed = samples.load_committed()
    assert committed is not None, "data/samples changed: run `python -m dashboard.samples`"
    features, articles, problems = samples.extract_samples(extract)
    assert problems == []
    fresh = json.loads(json.dumps(samples.collection(features, articles), ensure_ascii=False))
    assert committed[1] == fresh["articles"]
    assert committed[0] == fresh["features"], "extract changed: run `python -m dashboard.samples`"
    assert len(committed[0]) > 10 and len(committed[1]) == len(samples.sample_files())


def test_a_changed_sample_is_not_read_from_the_committed_file(tmp_path, monkeypatch):
    for path in [*samples.sample_files(), samples.SAMPLES / "sources.csv"]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(samples, "SAMPLES", tmp_path)
    assert samples.load_committed() is not None
    first = sorted(tmp_path.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more line.", encoding="utf-8")
    assert samples.load_committed() is None
