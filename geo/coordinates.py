"""Coordinates the text writes ("33°22′11″N 44°27′20″E", "21.15°N 59.57°E"): a point the text itself gives.

An encyclopaedia's fact box, an agency's release or a maritime advisory may say in degrees where something
happened; that point is better than any name's, and no gazetteer has it. Each such pair becomes a placement of its
own, dated and typed by its sentence like any other. Only latitude-longitude pairs with their hemisphere letters
are read: a bare pair of decimals ("21.15; 59.57") is too easily a score or a price.
"""

from __future__ import annotations

import re

from geo.model import GEO_SITE, Mention, Place, Placement
from geo.text import Segments

_PART = (r"(?P<{n}d>\d{{1,3}}(?:\.\d+)?)\s*°\s*"
         r"(?:(?P<{n}m>\d{{1,2}}(?:\.\d+)?)\s*[′'’]\s*(?:(?P<{n}s>\d{{1,2}}(?:\.\d+)?)\s*[″\"”]\s*)?)?"
         r"(?P<{n}h>[NSEWnsew])(?![^\W\d_])")
PAIR = re.compile(_PART.format(n="a") + r"[\s,;/]*" + _PART.format(n="b"))
# How far the true place may be from a point written to the minute or better.
RADIUS_KM = 1.0


def _degrees(m: re.Match, n: str) -> tuple[float, str]:
    value = float(m.group(f"{n}d")) + float(m.group(f"{n}m") or 0) / 60 + float(m.group(f"{n}s") or 0) / 3600
    hemisphere = m.group(f"{n}h").upper()
    return (-value if hemisphere in "SW" else value), hemisphere


def written_points(text: str) -> list[tuple[int, int, float, float]]:
    """(start, end, lat, lon) of every latitude-longitude pair the text writes with its hemispheres."""
    out = []
    for m in PAIR.finditer(text):
        (a, ha), (b, hb) = _degrees(m, "a"), _degrees(m, "b")
        if ha in "NS" and hb in "EW":
            lat, lon = a, b
        elif ha in "EW" and hb in "NS":
            lat, lon = b, a
        else:
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            out.append((m.start(), m.end(), lat, lon))
    return out


def coordinate_placements(text: str, seg: Segments) -> list[Placement]:
    """A placement for each point the text writes, the words of the coordinates as its mention."""
    out = []
    for start, end, lat, lon in written_points(text):
        s0, s1 = seg.sentence_of(start)
        where = f"{lat:.4f},{lon:.4f}"
        place = Place(id=f"text:{where}", name=f"{lat:.4f}°, {lon:.4f}°", kind="site", country="", admin1="",
                      lat=lat, lon=lon, radius_km=RADIUS_KM, source="text",
                      evidence=f"the article's own coordinates {where}",
                      sources=(f"the article's own coordinates {where}",))
        mention = Mention(text=text[start:end], start=start, end=end, sentence_start=s0, sentence_end=s1,
                          candidates=(place,), origin="coordinates")
        out.append(Placement(mention=mention, place=place, geo_precision=GEO_SITE, radius_km=RADIUS_KM,
                             confidence=0.9, evidence=(("written_coordinates", 1.0),)))
    return out
