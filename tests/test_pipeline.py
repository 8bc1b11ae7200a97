"""The pipeline over long texts: the entity model reads bounded pieces, and their offsets point back."""

from __future__ import annotations

from pathlib import Path

from geo import pipeline
from geo.reader import read_text
from geo.text import pieces

DEVSET = Path(__file__).resolve().parent / "data" / "devset"


def test_a_text_longer_than_the_model_takes_is_read_in_pieces(monkeypatch):
    """spaCy refuses a text over its max_length (E088, a million characters by default): the model is run
    over pieces no longer than that, here lowered so the test stays quick, and every entity's offsets
    still point at its words in the whole text."""
    french = [p.read_text(encoding="utf-8") for p in sorted(DEVSET.glob("*.txt"))]
    french = [t for t in french if " le " in t and " la " in t]
    text = "\n\n".join(french * 4)
    doc = read_text(text, "long.txt", published="2023-11-01", lang="fr")
    nlp = pipeline.entity_model("fr")
    head = read_text(french[0], "one.txt", lang="fr").text
    assert doc.text.startswith(head)
    alone = pipeline.entities(read_text(french[0], "one.txt", lang="fr"))
    monkeypatch.setattr(nlp, "max_length", 10_000)
    assert len(doc.text) > 5 * nlp.max_length
    found = pipeline.entities(doc)
    assert found == sorted(found)
    inside = min(pieces(doc.text, 10_000)[0][1], len(head)) - 300
    # what lies well inside the first piece and the first article is read as the article alone is read
    assert [e for e in found if e[1] < inside] == [e for e in alone if e[1] < inside]
    assert len([e for e in alone if e[1] < inside]) > 10
    places = [doc.text[a:b] for a, b, label in found if label in ("LOC", "GPE")]
    assert len(places) > 20 and all(p.strip() == p and p for p in places)
    features, _ = pipeline.extract(doc)
    assert features and all(doc.text[f["properties"]["mention_start"]:f["properties"]["mention_end"]]
                            == f["properties"]["mention"] for f in features)


def test_a_sentence_listing_thousands_of_names_takes_seconds():
    """A text of 50,000 names once ran over ten minutes: each name was weighed against every other in its
    sentence. 10,000 names in one sentence (quadratic, that was about half an hour) now take seconds."""
    import time

    names = ["Erbil", "Bagdad", "Kirkouk", "Mossoul", "Bassora", "Damas", "Alep", "Homs", "Hama", "Deir ez-Zor",
             "Raqqa", "Al-Tanf"]
    text = "Des frappes ont visé " + ", ".join(names[i % len(names)] for i in range(10_000)) + ".\n"
    doc = read_text(text, "names.txt", published="2023-11-01", lang="fr")
    pipeline.extract(read_text("Des frappes ont visé Erbil.", "warm.txt", published="2023-11-01", lang="fr"))
    started = time.perf_counter()
    features, _ = pipeline.extract(doc)
    assert time.perf_counter() - started < 90
    assert len({f["properties"]["gazetteer_id"] for f in features}) >= 10
