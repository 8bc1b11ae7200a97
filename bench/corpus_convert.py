"""A geoparsing corpus's XML → the compact JSON Lines the corpus bench reads; run once, by hand.

    python bench/corpus_convert.py gwn path/to/GWN.xml bench/data/geowebnews/geowebnews.jsonl
    python bench/corpus_convert.py geovirus path/to/GeoVirus.xml bench/data/geovirus/geovirus.jsonl

Formats: `gwn`, GeoWebNews's GWN.xml; `geovirus`, GeoVirus.xml (both from the repository named in each
corpus's README under bench/data/). One line per article, in file order: `id`, `title`, `url`, `text`, and
`toponyms`, each with `name`, `start`/`end` (character offsets into `text`), `lat`/`lon`, the corpus's
`type` (GeoWebNews: Literal, Metonymic, Non_Literal_Modifier…) and `geonames_id` when it has them. Only
toponyms with gold coordinates are kept (GeoWebNews also tags expressions such as "the church" that carry
none); a toponym whose offsets do not point at its own name is dropped and counted on stderr, so the scorer
never compares against a wrong span.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def _text(el: ET.Element, tag: str) -> str:
    child = el.find(tag)
    return (child.text or "").strip() if child is not None else ""


def gwn_articles(xml_path: Path) -> tuple[list[dict], int]:
    """GeoWebNews's articles with their located toponyms, and how many were dropped for bad offsets."""
    root = ET.parse(xml_path).getroot()
    out, dropped = [], 0
    for art in root.iter("article"):
        text = art.find("text").text or ""
        toponyms = []
        for tp in art.iter("toponym"):
            if not _text(tp, "latitude"):
                continue
            name, start, end = _text(tp, "extractedName"), int(_text(tp, "start")), int(_text(tp, "end"))
            if text[start:end] != name:
                dropped += 1
                continue
            toponyms.append({"name": name, "start": start, "end": end,
                             "lat": float(_text(tp, "latitude")), "lon": float(_text(tp, "longitude")),
                             "type": _text(tp, "type"), "geonames_id": _text(tp, "geonamesID") or None})
        toponyms.sort(key=lambda t: (t["start"], t["end"]))
        out.append({"id": f"gwn-{art.get('file')}", "title": _text(art, "title"), "url": _text(art, "link"),
                    "text": text, "toponyms": toponyms})
    return out, dropped


def geovirus_articles(xml_path: Path) -> tuple[list[dict], int]:
    """GeoVirus's passages with their toponyms, and how many were dropped for bad offsets.

    GeoVirus's offsets all sit one character to the right of the name (its `start` is the index of the
    name's first character plus one, likewise `end`): they are moved back by one, then checked.
    """
    root = ET.parse(xml_path).getroot()
    out, dropped = [], 0
    for i, art in enumerate(root.iter("article")):
        text = art.find("text").text or ""
        toponyms = []
        for loc in art.iter("location"):
            name, start, end = _text(loc, "name"), int(_text(loc, "start")) - 1, int(_text(loc, "end")) - 1
            if text[start:end] != name:
                dropped += 1
                continue
            toponyms.append({"name": name, "start": start, "end": end,
                             "lat": float(_text(loc, "lat")), "lon": float(_text(loc, "lon")),
                             "type": None, "geonames_id": None})
        toponyms.sort(key=lambda t: (t["start"], t["end"]))
        out.append({"id": f"geovirus-{i}", "title": "", "url": _text(art, "source"), "text": text,
                    "toponyms": toponyms})
    return out, dropped


FORMATS = {"gwn": gwn_articles, "geovirus": geovirus_articles}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("format", choices=sorted(FORMATS))
    ap.add_argument("xml", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    docs, dropped = FORMATS[args.format](args.xml)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    n = sum(len(d["toponyms"]) for d in docs)
    print(f"{len(docs)} articles, {n} located toponyms; {dropped} dropped (offsets not on the name)", file=sys.stderr)


if __name__ == "__main__":
    main()
