"""Import Natural Earth's countries and admin-1 divisions as gazetteer rows: `python -m geo.imports.natural_earth`.

Reads only the compact extract in `data/gazetteer/sources/natural_earth/` (built once from the raw files by
`geo/imports/natural_earth_extract.py`) and writes `data/gazetteer/imported/ne_countries.csv` and
`ne_admin1.csv` in the curated gazetteer's columns. The output is a pure function of the extract: rows
sorted by id, no clock, so a rerun gives the same bytes and a diff shows only what the data changed.

Every admin-1 division (province, governorate, oblast, state, region...) gets Pressmap's kind
`governorate`; its one source is Natural Earth with the label point the row uses.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from geo.lexicon import DATA_DIR
from geo.names import key

SOURCE_DIR = DATA_DIR / "gazetteer" / "sources" / "natural_earth"
OUT_DIR = DATA_DIR / "gazetteer" / "imported"
COLUMNS = ("id", "name", "name_fr", "name_ar", "aliases", "kind", "country", "admin1", "lat", "lon",
           "radius_km", "source1", "source2", "note")
COMMAND = "python -m geo.imports.natural_earth"

ISO2 = re.compile(r"^[A-Z]{2}$")
ISO_3166_2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
# Natural Earth's rows without an ISO alpha-2 (-99), placed in the country whose land holds them (the
# British bases Akrotiri and Dhekelia are on Cyprus, Guantanamo Bay on Cuba); the
# others without one (Siachen, Bir Tawil, Spratly, reefs and banks) are left out.
NO_ISO_COUNTRY = {"SOL": "SO", "CYN": "CY", "CNM": "CY", "ESB": "CY", "WSB": "CY", "USG": "CU"}
MAIN_TYPES = frozenset({"Sovereign country", "Country", "Sovereignty"})
# Kind words the English press puts after an admin-1 name ("Kharkiv Oblast", "Anbar Province").
TYPE_WORDS = frozenset({"Province", "Governorate", "State", "Region", "Oblast", "District", "Department",
                        "Prefecture", "County", "Division"})
BOOKKEEPING = re.compile(r"\d|\(general\)|obsolete", re.IGNORECASE)
# A name that already says its kind ("Autonomous Republic of Crimea", "Kamchatka Krai") takes no other.
KIND_IN_NAME = frozenset({"Republic", "Autonomous", "Territory", "Krai", "Kray", "Okrug", "Canton", "Council",
                          "Municipality", "Borough", "Area", "City", "Capital", *TYPE_WORDS})
# A division named only with these ("Southern" in Israel, "Eastern" in Saudi Arabia) is named with its
# kind word ("Southern District"): the bare word is no name in a sentence.
GENERIC_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                           "northeast", "northwest", "southeast", "southwest", "central", "capital",
                           "federal", "coast", "upper", "lower", "middle", "mid"})
# Countries whose place names carry the Arabic article, which the press often drops ("Al Anbar" -> "Anbar").
ARABIC_COUNTRIES = frozenset({"AE", "BH", "DJ", "DZ", "EG", "EH", "IQ", "JO", "KM", "KW", "LB", "LY", "MA",
                              "MR", "OM", "PS", "QA", "SA", "SD", "SO", "SY", "TD", "TN", "YE"})
ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|adh|ath|az)[- ](?=\w{3})", re.IGNORECASE)
FRENCH_PARTICLE = re.compile(r"^(?:de la |de l'|de l’|des |de |du |d'|d’)")


def read_extract(name: str, source_dir: Path = SOURCE_DIR) -> tuple[list[str], list[dict[str, str]]]:
    """The extract's `#` provenance lines and its rows."""
    lines = (source_dir / name).read_text(encoding="utf-8").splitlines()
    header = [line[1:].strip() for line in lines if line.startswith("#")]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    return header, rows


def script_of(text: str) -> set[str]:
    """The scripts of a name's letters; modifier letters (the ʻokina of Vavaʻu) belong to none."""
    return {unicodedata.name(ch, "?").split()[0] for ch in text
            if ch.isalpha() and unicodedata.category(ch) != "Lm"}


def usable(name: str) -> bool:
    """A name worth indexing: three letters at least, one script, no mangled characters and none of
    Natural Earth's bookkeeping ("GAZ-00 (Gaza Strip aggregation)", "Bouvetoya (general)")."""
    letters = sum(ch.isalpha() for ch in name)
    return (letters >= 3 and "?" not in name and "¡" not in name and len(script_of(name)) == 1
            and not BOOKKEEPING.search(name))


def clean(name: str) -> str:
    """Spaces collapsed, invisible marks (left-to-right marks in Arabic names) removed."""
    return " ".join("".join(ch for ch in name if unicodedata.category(ch) != "Cf").split())


def split_names(*values: str) -> list[str]:
    """Natural Earth's name lists, split on `|` (and on commas, which some rows use instead)."""
    return [clean(part) for value in values for part in re.split(r"[|,]", value or "") if clean(part)]


def uninverted(name: str) -> str:
    """GEOnet's inverted forms ("Dar`a, Muhafazat") are left out: gn_name has the same name upright."""
    return "" if "," in name else clean(name)


def bare(name: str, country: str) -> str | None:
    """The name without its Arabic article, as the press writes it ("Anbar", "Hasakah")."""
    if country in ARABIC_COUNTRIES and ARTICLE.match(name):
        return ARTICLE.sub("", name)
    return None


def type_words(row: dict[str, str]) -> list[str]:
    """The press's kind words for this division, Natural Earth's English type first."""
    words = [w.strip(" '`’").title() for w in split_names(row["type_en"], row["type"])]
    return list(dict.fromkeys(w for w in words if w in TYPE_WORDS))


def generic(name: str) -> bool:
    """A name made only of compass or generic words ("Southern", "North-East", "Capital")."""
    return all(word.casefold() in GENERIC_WORDS for word in re.split(r"[\s-]+", name) if word)


def french(name: str) -> str:
    """Natural Earth's French name without a stray leading "de "/"d'" ("de Homs" -> "Homs", "des îles
    Loyauté" -> "îles Loyauté"); a bare adjective ("occidentale", "de la capitale") is no name: empty."""
    name = FRENCH_PARTICLE.sub("", clean(name))
    return name if any(ch.isupper() for ch in name) else ""


def alias_list(candidates: list[str], taken: list[str]) -> str:
    seen = {t.casefold() for t in taken if t}
    out = []
    for candidate in candidates:
        if candidate and usable(candidate) and candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            out.append(candidate)
    return "|".join(out)


def latin_or_arabic(names: list[str]) -> list[str]:
    return [n for n in names if script_of(n) <= {"LATIN"} or script_of(n) <= {"ARABIC"}]


def source(layer: str, ne_id: str, lat: str, lon: str) -> str:
    return f"Natural Earth {layer} {ne_id} {lat},{lon}"


def country_codes(countries: list[dict[str, str]]) -> dict[str, str]:
    """adm0_a3 -> ISO alpha-2, using Natural Earth's "-99" fallbacks (France, Norway) and NO_ISO_COUNTRY."""
    codes = {}
    for row in countries:
        for code in (row["iso_a2"], row["iso_a2_eh"]):
            if ISO2.match(code):
                codes[row["adm0_a3"]] = code
                break
        else:
            if row["adm0_a3"] in NO_ISO_COUNTRY:
                codes[row["adm0_a3"]] = NO_ISO_COUNTRY[row["adm0_a3"]]
    return codes


def country_rows(countries: list[dict[str, str]]) -> list[dict[str, str]]:
    """One `country` row per ISO code; a territory sharing a code (Clipperton, Baikonur, Somaliland)
    becomes a `region` of that country with its own id."""
    codes = country_codes(countries)
    placed = [r for r in countries if r["adm0_a3"] in codes and r["lat"]]
    placed.sort(key=lambda r: (not ISO2.match(r["iso_a2"]), r["type"] not in MAIN_TYPES, int(r["ne_id"])))
    out, primary = [], set()
    for row in placed:
        code = codes[row["adm0_a3"]]
        is_main = code not in primary
        primary.add(code)
        name = row["name_en"] or row["name"]
        if row["admin"] and row["admin"] in name and row["admin"] != name:  # "People's Republic of China"
            name = row["admin"]
        name_fr = french(row["name_fr"])
        note = "Centre: the point deepest inside Natural Earth's polygon (it gives no label point)."
        if row["radius_all_km"] != row["radius_km"]:
            note += f" Radius covers the main territory; with every far part it is {row['radius_all_km']} km."
        if not is_main:
            note += f" Natural Earth {row['type'].lower()} in {row['admin']}'s place, not the country itself."
        out.append({
            "id": f"ne-country-{code.lower()}" + ("" if is_main else f"-{row['adm0_a3'].lower()}"),
            "name": name, "name_fr": name_fr if name_fr != name else "", "name_ar": row["name_ar"],
            "aliases": alias_list(
                [row["name_en"], row["name"], row["admin"], row["name_long"], row["formal_en"], row["name_ciawf"],
                 *split_names(row["name_alt"]), row["formal_fr"]], [name, name_fr, row["name_ar"]]),
            "kind": "country" if is_main else "region", "country": code, "admin1": "",
            "lat": row["lat"], "lon": row["lon"], "radius_km": row["radius_km"],
            "source1": source("admin0", row["ne_id"], row["lat"], row["lon"]), "source2": "", "note": note,
        })
    return sorted(out, key=lambda r: r["id"])


def admin1_country(row: dict[str, str], codes: dict[str, str]) -> str | None:
    """ISO 3166-2 says whose division it is (Crimea: UA-43, though Natural Earth files it under Russia)."""
    prefix = row["iso_3166_2"][:3]
    if re.match(r"^[A-Z]{2}-$", prefix):
        return prefix[:2]
    if ISO2.match(row["iso_a2"]):
        return row["iso_a2"]
    return codes.get(row["adm0_a3"])


def admin1_rows(admin1: list[dict[str, str]], countries: list[dict[str, str]]) -> list[dict[str, str]]:
    codes = country_codes(countries)
    iso_count = Counter(r["iso_3166_2"] for r in admin1)
    out = []
    for row in admin1:
        code = admin1_country(row, codes)
        name = row["name_en"] or row["name"]
        if not code or not usable(name) or not row["radius_km"]:
            continue
        iso = row["iso_3166_2"]
        ident = iso if ISO_3166_2.match(iso) and iso_count[iso] == 1 else row["ne_id"]
        name_fr = french(row["name_fr"])
        bases = [n for n in (name, bare(name, code)) if n]
        with_type = [f"{b} {w}" for b in bases for w in type_words(row)
                     if not KIND_IN_NAME & set(b.replace("-", " ").split())]
        if generic(name) and with_type:
            name, bases, with_type = with_type[0], [], with_type[1:]
        others = [row["name"], *split_names(row["name_alt"]), clean(row["woe_name"]), clean(row["gn_name"]),
                  uninverted(row["gns_name"])]
        others += [b for n in others if (b := bare(n, code))]
        candidates = [*bases[1:], *with_type, *others, *latin_or_arabic(split_names(row["name_local"]))]
        aliases = alias_list([c for c in candidates if not generic(c)], [name, name_fr, row["name_ar"]])
        if generic(name) and aliases:  # no kind word to add: Natural Earth's own fuller name, if any
            fuller = aliases.split("|")
            name = next((a for a in fuller if a.startswith(name)), fuller[0])
            aliases = "|".join(a for a in fuller if a != name)
        note = f"Natural Earth type: {row['type'] or '?'} ({row['type_en'] or '?'})."
        if row["polygon"] == "containing":
            note += " No polygon of its own: the radius is that of the older division holding it."
        if row["radius_all_km"] != row["radius_km"]:
            note += f" Radius covers the main part; with every far part it is {row['radius_all_km']} km."
        out.append({
            "id": f"ne-admin1-{ident.lower()}", "name": name,
            "name_fr": name_fr if name_fr != name else "", "name_ar": row["name_ar"], "aliases": aliases,
            "kind": "governorate", "country": code, "admin1": name, "lat": row["lat"], "lon": row["lon"],
            "radius_km": row["radius_km"], "source1": source("admin1", row["ne_id"], row["lat"], row["lon"]),
            "source2": "", "note": note,
        })
    return sorted(unambiguous(out, countries), key=lambda r: r["id"])


def unambiguous(rows: list[dict[str, str]], countries: list[dict[str, str]]) -> list[dict[str, str]]:
    """Drop an alias that another division of the same country also bears (Natural Earth gives
    "West Midlands" to each of its boroughs, "Damascus" to Rif Dimashq) or that names a country
    ("Malta" for Mosta): in an article such a name does not mean this division."""
    country_keys = {key(n) for r in countries for n in (r["name"], r["name_en"], r["admin"], r["name_long"])}
    owners: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        for name in [row["name"], *row["aliases"].split("|")]:
            if name:
                owners.setdefault((row["country"], key(name)), set()).add(row["id"])
    for row in rows:
        kept = [a for a in row["aliases"].split("|") if a and key(a) not in country_keys
                and owners[(row["country"], key(a))] == {row["id"]}]
        row["aliases"] = "|".join(kept)
    return rows


def write_layer(path: Path, rows: list[dict[str, str]], title: str, provenance: list[str]) -> None:
    header = [title,
              "Licence: public domain (Natural Earth, naturalearthdata.com); see "
              "data/gazetteer/sources/natural_earth/LICENSE.md.",
              *(f"Extract: {line}" for line in provenance),
              f"Generated by `{COMMAND}` from data/gazetteer/sources/natural_earth/; do not edit, rerun it.",
              "Columns as in data/gazetteer/README.md."]
    with path.open("w", encoding="utf-8", newline="") as f:
        for line in header:
            f.write(f"# {line}\n")
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build(source_dir: Path = SOURCE_DIR, out_dir: Path = OUT_DIR) -> dict[str, int]:
    """Write both layers; returns the row count of each file."""
    header, countries = read_extract("countries.csv", source_dir)
    _, admin1 = read_extract("admin1.csv", source_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    layers = {
        "ne_countries.csv": (country_rows(countries), "Natural Earth 1:10m countries (admin-0) for Pressmap's gazetteer."),
        "ne_admin1.csv": (admin1_rows(admin1, countries),
                          "Natural Earth 1:10m admin-1 divisions (states, provinces...) as kind governorate."),
    }
    for name, (rows, title) in layers.items():
        write_layer(out_dir / name, rows, title, header)
    return {name: len(rows) for name, (rows, _) in layers.items()}


def main() -> int:
    for name, count in build().items():
        print(f"{OUT_DIR / name}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
