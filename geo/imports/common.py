"""What every importer shares: the theatre's countries, the gazetteer's columns, names and a deterministic writer.

An imported row has one named public source (the dataset, its own id for the record and the coordinate it
gives), where a curated row has two; source2 stays empty unless a second dataset confirms the point.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES_DIR = ROOT / "data" / "gazetteer" / "sources"
IMPORTED_DIR = ROOT / "data" / "gazetteer" / "imported"
COLUMNS = ("id", "name", "name_fr", "name_ar", "aliases", "kind", "country", "admin1", "lat", "lon",
           "radius_km", "source1", "source2", "note")

# ISO 3166-1 alpha-2 codes of the countries Pressmap covers: the Middle East, North Africa, the Horn, the
# Sahel, Ukraine and Afghanistan. EH is Western Sahara, PS Palestine.
THEATRE = frozenset(
    "AE AF BF BH DJ DZ EG EH ER ET IL IQ IR JO KW LB LY MA ML MR NE OM PS QA SA SD SO SS SY TD TN TR UA YE".split())
# Countries whose Arabic-script names are Arabic (elsewhere, e.g. Iran or Afghanistan, they are Persian or Pashto).
ARABIC_SPEAKING = frozenset("AE BH DJ DZ EG EH IQ JO KW LB LY MA MR OM PS QA SA SD SY TD TN YE".split())


def coord(value: float) -> str:
    """Four decimals (~10 m), the gazetteer's precision; '-0.0000' is written '0.0000' so reruns agree."""
    text = f"{float(value):.4f}"
    return "0.0000" if text == "-0.0000" else text


def source(dataset: str, record_id: str, lat: float, lon: float) -> str:
    """`<dataset> <its id> lat,lon`: the form the curated files use, so one check reads both."""
    return f"{dataset} {record_id} {coord(lat)},{coord(lon)}"


def decimals(text: str) -> int:
    """How many decimals a coordinate was given with: a point given to 0.1° is no better than ~10 km."""
    text = (text or "").strip()
    return len(text.split(".", 1)[1].rstrip("0")) if "." in text else 0


def slug(text: str) -> str:
    """ASCII lower-case id part: 'Zaporizhzhia-1' -> 'zaporizhzhia-1'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def fold(text: str) -> str:
    """Spelling-blind comparison key: no accents, case, hyphens or 'al-' article."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return " ".join(w for w in words if w not in ("al", "el", "ad", "as", "ar", "an", "at", "az", "ash", "the"))


def is_arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def is_arabic(text: str) -> bool:
    """Arabic rather than Kurdish, Persian or Pashto written in the same script (letters Arabic lacks)."""
    return is_arabic_script(text) and not re.search("[\u067e\u0686\u0698\u06a9\u06af\u06cc\u06d5\u06c6\u06ce\u0695\u06b5\u200c]", text)


def strip_words(name: str, pattern: re.Pattern) -> str:
    """The name without its kind words ('Muwaffaq Salti Air Base' -> 'Muwaffaq Salti'), spaces tidied."""
    bare = pattern.sub(" ", name)
    bare = re.sub(r"\s*[-–/,]\s*$", "", re.sub(r"^\s*[-–/,]\s*", "", bare))
    bare = re.sub(r"\(\s*\)", " ", bare)
    return re.sub(r"\s{2,}", " ", bare).strip(" -–,")


def unique_names(names, exclude=()) -> list[str]:
    """Names in first-seen order, each spelling once (by exact text), none equal to an excluded one."""
    seen = {n.strip() for n in exclude if n}
    out = []
    for name in names:
        name = re.sub(r"\s+", " ", (name or "").replace("|", " ")).strip()
        if name and name not in seen:
            seen.add(name)
            out.append(name)
    return out


def write_layer(path: Path, header: list[str], rows: list[dict]) -> None:
    """Comment lines, then the columns, then the rows sorted by id: the same input always gives the same bytes."""
    ids = [r["id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
    if duplicates:
        raise ValueError(f"duplicate ids: {duplicates[:5]}")
    buffer = io.StringIO()
    for line in header:
        buffer.write(f"# {line}\n")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r["id"]):
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def read_extract(path: Path) -> list[dict]:
    """An extract is a plain CSV, its provenance in LICENSE.md beside it."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_extract(path: Path, fieldnames: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def run_importer(argv, doc: str, extract, build, extract_path: Path, output: Path, header: list[str],
                 raw: str | tuple[str, ...], raw_help: str) -> None:
    """The command line every facility importer shares: rebuild the extract from the raw files when asked
    (`--extract RAW…`), then write the layer from the extract."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--extract", nargs=len(raw) if isinstance(raw, tuple) else None, type=Path, metavar=raw,
                        help=raw_help)
    args = parser.parse_args(argv)
    if args.extract:
        extract(*args.extract) if isinstance(raw, tuple) else extract(args.extract)
    sites = build(read_extract(extract_path))
    write_layer(output, header, sites)
    print(f"{output}: {len(sites)} rows")


def distinct_sites(sites) -> list[dict]:
    """The sites in order, each name at each point once (datasets list some twice)."""
    out, seen = [], set()
    for site in sites:
        same = (fold(site["name"]), site["lat"], site["lon"])
        if same not in seen:
            seen.add(same)
            out.append(site)
    return out
