"""How fast `extract` is beside spaCy's fr_core_news_sm alone, on the same 200 real articles.

    python bench/bench_extract.py [--articles 200]

Prints words per second for both, their ratio (target: at most 1.3; spaCy counted twice: the whole model,
and only the components extract runs), how long the command takes to start before the model loads (target:
under 3 s plus the model's load time) and the peak memory of an `extract` process with the world gazetteer
(target: under 600 MB). The articles are the sample and the development set, repeated with a numbered line
so no two texts are identical.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus(n: int) -> list[tuple[str, str]]:
    paths = sorted((ROOT / "tests" / "data" / "devset").glob("*.txt")) + sorted((ROOT / "data" / "samples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return [(f"article-{i}.txt", f"Dépêche n° {i}.\n\n" + texts[i % len(texts)]) for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()
    import resource

    from geo.pipeline import entity_model, extract
    from geo.reader import read_text

    sample = ROOT / "data" / "samples" / "perspectives-med-2023-11-01.txt"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo", "extract", str(sample), "-o", "/dev/null"], cwd=ROOT, check=True)
    command = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the only child so far

    docs = [read_text(text, name, published="2023-11-01") for name, text in corpus(args.articles)]
    n_words = sum(len(d.text.split()) for d in docs)

    import spacy

    t = time.perf_counter()
    nlp = spacy.load("fr_core_news_sm")
    load_model = time.perf_counter() - t
    t = time.perf_counter()
    for d in docs:
        nlp(d.text)
    spacy_alone = time.perf_counter() - t
    ner_only = spacy.load("fr_core_news_sm", exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler",
                                                      "senter"])
    t = time.perf_counter()
    for d in docs:
        ner_only(d.text)
    spacy_ner = time.perf_counter() - t

    entity_model("fr")
    extract(docs[0])  # loads the gazetteer once, as a long-running process would
    t = time.perf_counter()
    features = sum(len(extract(d)[0]) for d in docs)
    ours = time.perf_counter() - t

    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import spacy; spacy.load('fr_core_news_sm')"], check=True)
    model_cli = time.perf_counter() - t

    print(f"articles: {len(docs)}, words: {n_words}, features: {features}")
    print(f"spaCy fr_core_news_sm alone: {spacy_alone:.2f} s ({n_words / spacy_alone:,.0f} words/s); model load {load_model:.2f} s")
    print(f"extract:                     {ours:.2f} s ({n_words / ours:,.0f} words/s)")
    print(f"spaCy, only the components extract runs: {spacy_ner:.2f} s ({n_words / spacy_ner:,.0f} words/s)")
    print(f"ratio extract / spaCy alone: {ours / spacy_alone:.2f}; / spaCy's same components: {ours / spacy_ner:.2f}"
          " (target <= 1.3)")
    print(f"peak memory of one `extract` process, world gazetteer loaded: {peak_mb:.0f} MB (target < 600 MB)")
    print(f"command start to finish on one article: {command:.2f} s; python + spaCy model load alone: {model_cli:.2f} s;"
          f" start beyond the model: {command - model_cli:.2f} s (target < 3 s)")


if __name__ == "__main__":
    main()
