"""The corpus bench's scorer counts what it says: 161 km is the line, spans must overlap, extra guesses cost
precision; and the shipped GeoVirus copy still points its offsets at its names."""

from __future__ import annotations

import json

import pytest

from bench.bench_geoparse_corpus import (
    DEFAULT_CORPUS,
    Toponym,
    baseline_toponyms,
    capitalised_toponyms,
    distance_km,
    geonames_index,
    pressmap_toponyms,
    read_corpus,
    recall_by_kind,
    score,
    wrong_predictions,
)

PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)
BAGHDAD = (33.3152, 44.3661)
KM_PER_DEGREE_LAT = 111.195  # along a meridian, on the mean Earth radius


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    return point[0] + km / KM_PER_DEGREE_LAT, point[1]


def at(start: int, end: int, point: tuple[float, float], name: str = "") -> Toponym:
    return Toponym(start, end, point[0], point[1], name)


# "Troops left Paris for Lyon."   and   "Baghdad airport reopened."
GOLD = [
    [at(12, 17, PARIS, "Paris"), at(22, 26, LYON, "Lyon")],
    [at(0, 7, BAGHDAD, "Baghdad")],
]
PREDICTED = [
    [at(12, 17, north_of(PARIS, 150)),  # 150 km off: a hit
     at(22, 26, north_of(LYON, 170)),  # 170 km off: a miss
     at(0, 6, PARIS)],  # "Troops" placed at Paris: right point, no gold span there
    [at(0, 7, BAGHDAD)],
]


def test_offsets_used_in_the_example_are_the_distances_they_claim():
    assert distance_km(at(0, 1, PARIS), at(0, 1, north_of(PARIS, 150))) == pytest.approx(150, abs=0.5)
    assert distance_km(at(0, 1, LYON), at(0, 1, north_of(LYON, 170))) == pytest.approx(170, abs=0.5)
    assert distance_km(at(0, 1, PARIS), at(0, 1, LYON)) == pytest.approx(392, abs=5)


def test_150_km_is_a_hit_170_km_a_miss_and_extra_predictions_cost_precision():
    s = score(GOLD, PREDICTED)
    assert (s.n_docs, s.n_gold, s.n_predicted) == (2, 3, 4)
    assert s.recall == pytest.approx(2 / 3)  # Paris and Baghdad, not Lyon
    assert s.precision == pytest.approx(2 / 4)  # the Lyon miss and "Troops" count against
    assert s.f1 == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))
    assert s.median_error_km == pytest.approx(150, abs=0.5)  # of 0, 150 and 170


def test_anywhere_in_the_article_ignores_spans_but_not_distance():
    s = score(GOLD, PREDICTED)
    assert s.anywhere_recall == pytest.approx(2 / 3)  # Lyon has no prediction within 161 km anywhere
    assert s.anywhere_precision == pytest.approx(3 / 4)  # "Troops" at Paris now counts


def test_a_wider_radius_turns_the_170_km_miss_into_a_hit():
    assert score(GOLD, PREDICTED, km=200).recall == pytest.approx(1.0)


def test_wrong_predictions_name_the_far_one_and_the_one_off_any_gold_span():
    wrong = wrong_predictions(["fr", "iq"], GOLD, PREDICTED)
    assert [(w["doc"], w["start"], w["gold"], w["error_km"]) for w in wrong] == [("fr", 22, "Lyon", 170),
                                                                                 ("fr", 0, None, None)]


def test_recall_by_kind_splits_the_gold_not_the_predictions():
    gold = [[Toponym(12, 17, *PARIS, "Paris", "Literal"), Toponym(22, 26, *LYON, "Lyon", "Literal")],
            [Toponym(0, 7, *BAGHDAD, "Baghdad", "Metonymic")]]
    assert recall_by_kind(gold, PREDICTED) == {"Literal": (pytest.approx(0.5), 2), "Metonymic": (1.0, 1)}


def test_articles_must_pair_up():
    with pytest.raises(ValueError):
        score(GOLD, PREDICTED[:1])


def test_pressmap_features_count_once_per_span_and_lines_are_left_to_their_ends():
    def feature(geom_type, coords, start, end):
        return {"geometry": {"type": geom_type, "coordinates": coords},
                "properties": {"mention": "x", "mention_start": start, "mention_end": end}}

    features = [feature("Point", [PARIS[1], PARIS[0]], 12, 17),
                feature("Point", [PARIS[1], PARIS[0]], 12, 17),  # a second event type for the same words
                feature("LineString", [[PARIS[1], PARIS[0]], [LYON[1], LYON[0]]], 30, 50),
                feature("Point", [LYON[1], LYON[0]], 22, 26)]
    got = pressmap_toponyms(features)
    assert [(t.start, t.end, t.lat, t.lon) for t in got] == [(12, 17, *PARIS), (22, 26, *LYON)]


def test_baseline_keeps_place_labels_with_a_geonames_entry_at_the_most_populous_bearer():
    index = geonames_index()
    assert distance_km(at(0, 1, index["Paris"][1:]), at(0, 1, PARIS)) < 50  # not Paris, Texas
    assert distance_km(at(0, 1, index["Iraq"][1:]), at(0, 1, BAGHDAD)) < 50  # a country stands at its capital
    ents = [(12, 17, "Paris", "LOC"), (22, 26, "Lyon", "MISC"), (0, 6, "Troops", "LOC")]
    assert [t.name for t in baseline_toponyms(ents, index)] == ["Paris"]
    assert [t.name for t in baseline_toponyms(ents, index, labels=None)] == ["Paris", "Lyon"]


def test_capitalised_words_take_the_longest_stretch_geonames_knows():
    index = geonames_index()
    text = "Troops left Paris for New York and the Lake District."
    got = capitalised_toponyms(text, index)
    assert [text[t.start:t.end] for t in got][:2] == ["Paris", "New York"]
    assert distance_km(got[1], at(0, 1, (40.71, -74.01))) < 50


@pytest.mark.parametrize("corpus, articles, toponyms", [(DEFAULT_CORPUS, 229, 2170)])
def test_the_shipped_corpora_are_whole_and_their_offsets_point_at_the_names(corpus, articles, toponyms):
    docs = read_corpus(corpus)
    assert len(docs) == articles
    assert sum(len(d["gold"]) for d in docs) == toponyms
    for d in docs:
        for t in d["gold"]:
            assert d["text"][t.start:t.end] == t.name, (d["id"], t)
            assert -90 <= t.lat <= 90 and -180 <= t.lon <= 180
    assert len(read_corpus(corpus, limit=5)) == 5


def test_types_keep_only_the_gold_toponyms_of_those_types(tmp_path):
    corpus = tmp_path / "typed.jsonl"
    text = "Paris and London"
    corpus.write_text(json.dumps({"id": "a", "text": text, "toponyms": [
        {"start": 0, "end": 5, "name": "Paris", "lat": 48.85, "lon": 2.35, "type": "Literal"},
        {"start": 10, "end": 16, "name": "London", "lat": 51.5, "lon": -0.12, "type": "Metonymic"}]}) + "\n",
        encoding="utf-8")
    literal = read_corpus(corpus, types={"Literal"})
    assert [t.name for d in literal for t in d["gold"]] == ["Paris"]
    assert sum(len(d["gold"]) for d in read_corpus(corpus)) == 2
