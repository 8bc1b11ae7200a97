"""What analysts' corrections teach the gazetteer: rows in the curated gazetteer's format, for a person to review.

A correction that moves an event says "these words, in this article, are that place". Written as a
gazetteer row — the place's name, the article's spelling as an alias, its kind, country and point, the
place's own source and the correction as provenance — and appended to `data/gazetteer/sites/`, it lets
the next extraction place the same words there without a correction. The rows are a proposal: the
curated gazetteer asks for two independent sources per row (data/gazetteer/README.md), which a person
adds before the row is committed; the `note` says which correction it came from, and why.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from geo import corrections as corr
from geo.gazetteer_layers import COLUMNS

# Kinds a clicked point may be given; a gazetteer row needs one of the README's kinds.
DEFAULT_KIND = "town"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "place"


def gazetteer_rows(corrections: list[dict]) -> list[dict]:
    """One curated-format row per live correction that moved an event; the same place and spelling once."""
    rows, seen = [], set()
    for c in corr.live(corrections):
        if c["kind"] not in corr.MOVES:
            continue
        after, before = c.get("after") or {}, c.get("before") or {}
        mention = str(before.get("mention") or "").strip()
        site = str(after.get("site") or mention or "").strip()
        point = f"{after['lat']:.4f},{after['lon']:.4f}"
        if (after.get("gazetteer_id"), mention.casefold()) in seen:
            continue
        seen.add((after.get("gazetteer_id"), mention.casefold()))
        kind = after.get("site_kind") if after.get("site_kind") not in (None, "", "place") else DEFAULT_KIND
        if c["kind"] == "point":
            source = f"analyst correction #{c['id']} ({c.get('who')}) {point}"
        else:  # the place's own public source when the gazetteer gave one, else its id
            source = (after.get("coordinate_sources") or [f"{after.get('gazetteer_id')} {point}"])[0]
        note = (f"from correction #{c['id']} by {c.get('who')} on {str(c.get('at'))[:10]}: "
                f"'{mention}' in {before.get('source') or 'an article'} was {before.get('site')}, is {site}")
        if c.get("reason"):
            note += f" — {c['reason']}"
        rows.append({
            "id": f"correction-{c['id']}-{slug(site)}",
            "name": site,
            "name_fr": "",
            "name_ar": "",
            "aliases": mention if mention and mention.casefold() != site.casefold() else "",
            "kind": kind,
            "country": (after.get("country") or "").upper(),
            "admin1": after.get("admin1") or "",
            "lat": f"{after['lat']:.4f}",
            "lon": f"{after['lon']:.4f}",
            "radius_km": f"{after.get('radius_km') or 1:g}",
            "source1": source,
            "source2": "",
            "note": " ".join(note.split()),
        })
    return rows


def gazetteer_csv(corrections: list[dict]) -> str:
    """The rows as CSV with the curated files' header, ready to review and append to data/gazetteer/sites/."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(gazetteer_rows(corrections))
    return out.getvalue()
