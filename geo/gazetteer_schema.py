"""How the gazetteer's index file is laid out, shared by the side that builds it (geo/gazetteer_index.py) and the
side that reads it (geo/gazetteer.py), so that neither imports the other for it: the flags of a name's key, the
columns of a place's row, the separator of the lists kept in one cell, and which names are codes."""

from __future__ import annotations

# Bits of `keys.flags`: how a key was made from a name (the name itself, its prefix, lower-cased, fuzzy).
NAME, PREFIX, LOWERCASE, FUZZY = 1, 2, 4, 8
PLACE_COLUMNS = ("id", "name", "kind", "country", "admin1", "lat", "lon", "radius_km", "source", "population",
                 "names", "sources", "capital_of")
SEP = "\x1f"  # between the items of a list kept in one cell (a place's names, its sources)


def is_code(name: str) -> bool:
    """An airport or base code, an abbreviation: "DAM", "ORAA", "BIAP" (not "K-1" nor "T4", which are names)."""
    return name.isalpha() and name.isupper() and len(name) <= 5
