"""Online geocoding for hosted use: the names the offline gazetteer left unresolved, asked of Nominatim.

Off by default. It runs only when given a Nominatim base URL (`--geocoder URL`, `$PRESSMAP_GEOCODER`, or the
hosted app's `PRESSMAP_GEOCODER` secret); nothing else in Pressmap needs it, and no test reaches beyond
127.0.0.1. It asks only about the names `extract` reports as unresolved — introduced by a trigger phrase or
reported as a place by the entity model —, only within the theatre's countries (or the country the sentence
names), and keeps every question and answer, hits and misses, so a name is asked once.

Nominatim's usage policy (https://operations.osmfoundation.org/policies/nominatim/) is kept: a user agent
naming Pressmap, at most one request a second (geopy's RateLimiter), a timeout, and a cache. A failure — a
timeout, an HTTP error, an answer that is not Nominatim's JSON — leaves the name unresolved with one line
on stderr; it never stops an extraction.

What it places is marked for what it is: gazetteer_source "nominatim", gazetteer_id
"nominatim:<osm_type>/<osm_id>", geo_precision 2 at best (an online guess is never the site itself), a
radius from the result's bounding box (5 km at least) and a confidence of 0.5 at most.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from geo.errors import UserError
from geo.gazetteer import AREAS, CACHE_DIR, km, theatre_countries
from geo.model import GEO_NEAR, GEO_REGION, Document, Mention, Place, Placement
from geo.text import Segments

ENV_URL = "PRESSMAP_GEOCODER"  # a Nominatim base URL; unset = off
ENV_CACHE = "PRESSMAP_GEOCODER_CACHE"  # a SQLite file for the cache (default: the store, else DEFAULT_CACHE)
ENV_AGENT = "PRESSMAP_GEOCODER_AGENT"  # a user agent with your contact, as Nominatim's policy asks
DEFAULT_CACHE = CACHE_DIR / "geocoder.sqlite"
USER_AGENT = "Pressmap (conflict-news mapper; asks only for names its offline gazetteer lacks)"
MIN_DELAY_S = 1.0  # Nominatim's policy: one request a second at most
TIMEOUT_S = 10.0
MAX_FAILURES = 3  # failures in a row before the geocoder rests (a down server is not asked about every name)
REST_S = 300.0
MIN_RADIUS_KM = 5.0
REGION_RADIUS_KM = 50.0  # a result wider than this is a region (precision 3), not a place near a town
MAX_CONFIDENCE = 0.5
AMBIGUOUS_CONFIDENCE = 0.35  # several different places answer to the name
SENTENCE_AREAS = frozenset({"country", "governorate", "region"})
# OpenStreetMap classes that name a street, a shop or a hotel, never the site a conflict report means.
NOT_SITES = frozenset({"highway", "shop", "office", "craft", "tourism", "leisure", "public_transport", "building"})
OSM_KINDS = {("place", "city"): "city", ("place", "town"): "town", ("place", "village"): "town",
             ("place", "hamlet"): "town", ("aeroway", "aerodrome"): "airport", ("landuse", "military"): "base",
             ("waterway", "dam"): "dam", ("boundary", "administrative"): "district"}
CACHE_SCHEMA = ("CREATE TABLE IF NOT EXISTS geocoder_cache (query TEXT PRIMARY KEY, answer TEXT NOT NULL, "
                "endpoint TEXT NOT NULL, asked_at TEXT NOT NULL)")


def geocoder_from(url: str | None = None, store=None, report: Callable[[str], None] | None = None) -> Geocoder | None:
    """The geocoder the settings ask for, or None (off): `url`, else $PRESSMAP_GEOCODER.

    Its cache: the SQLite file $PRESSMAP_GEOCODER_CACHE, else a table in `store` when one is in use, else
    data/.cache/geocoder.sqlite.
    """
    url = (url or os.environ.get(ENV_URL) or "").strip()
    if not url:
        return None
    check_url(url)
    if os.environ.get(ENV_CACHE):
        cache = file_cache(os.environ[ENV_CACHE])
    elif store is not None:
        cache = store_cache(store)
    else:
        cache = file_cache(DEFAULT_CACHE)
    return Geocoder(url, cache, report=report)


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"geocoder {url}: not the http(s) address of a Nominatim server "
                        f"(e.g. https://nominatim.openstreetmap.org)")


# -- the cache: one table, in its own SQLite file or in the store ----------------------------------

class QueryCache:
    """Questions asked and the answers given (Nominatim's JSON list; [] for a miss), in `geocoder_cache`.

    `run` executes one SQL statement with `?` parameters and returns its rows, as `Store.run` does.
    """

    def __init__(self, run: Callable[[str, tuple], list], where: str) -> None:
        self._run, self.where = run, where
        self._run(CACHE_SCHEMA, ())

    def get(self, query: str) -> list[dict] | None:
        """The answer kept for this query; None when it was never asked."""
        rows = self._run("SELECT answer FROM geocoder_cache WHERE query = ?", (query,))
        return json.loads(rows[0][0]) if rows else None

    def put(self, query: str, answer: list[dict], endpoint: str) -> None:
        self._run(
            "INSERT INTO geocoder_cache (query, answer, endpoint, asked_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (query) DO UPDATE SET answer = excluded.answer, endpoint = excluded.endpoint, "
            "asked_at = excluded.asked_at",
            (query, json.dumps(answer, ensure_ascii=False), endpoint,
             datetime.now(UTC).isoformat(timespec="seconds")))


def file_cache(path: str | Path) -> QueryCache:
    """The cache in a SQLite file of its own (made, with its directory, if need be)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        lock = threading.RLock()

        def run(sql: str, params: tuple) -> list:
            with lock:
                return conn.execute(sql, params).fetchall()

        return QueryCache(run, str(path))
    except (OSError, sqlite3.Error) as e:
        raise UserError(f"geocoder cache {path}: cannot be used ({e})") from None


def store_cache(store) -> QueryCache:
    """The cache as a `geocoder_cache` table in the store (SQLite or PostGIS), through the store's own
    connection: on a hosted app the store is the one place that outlives a restart."""
    return QueryCache(store.run, f"{store.url} (table geocoder_cache)")


# -- the geocoder ----------------------------------------------------------------------------------

class Geocoder:
    """Places unresolved names with a Nominatim server, one request a second at most, each query once."""

    def __init__(self, url: str, cache: QueryCache, *, timeout: float = TIMEOUT_S, min_delay: float = MIN_DELAY_S,
                 user_agent: str | None = None, report: Callable[[str], None] | None = None) -> None:
        check_url(url)
        self.url = url.rstrip("/")
        self.cache = cache
        self.timeout = timeout
        self.min_delay = min_delay
        self.user_agent = user_agent or os.environ.get(ENV_AGENT) or USER_AGENT
        self.report = report or (lambda line: print(line, file=sys.stderr, flush=True))
        self._search = None  # geopy's Nominatim behind its RateLimiter, made on the first question
        self._failures = 0
        self._resting_until = 0.0

    def __repr__(self) -> str:
        return f"<Geocoder {self.url}, cache {self.cache.where}>"

    def place(self, doc: Document, placements: list[Placement], unresolved: list[dict],
              seg: Segments) -> tuple[list[Placement], list[dict]]:
        """The article's placements with what Nominatim placed added (in text order), and what is still unresolved."""
        found, left = [], []
        for u in unresolved:
            p = self.place_one(doc, u, placements, seg) if u.get("origin") in ("trigger", "ner") else None
            (found.append(p) if p else left.append(u))
        if not found:
            return placements, unresolved
        return sorted([*placements, *found], key=lambda p: p.mention.start), left

    def place_one(self, doc: Document, u: dict, placements: list[Placement], seg: Segments) -> Placement | None:
        name = " ".join(u["mention"].split())
        start, end = u["mention_start"], u["mention_end"]
        s0, s1 = seg.sentence_of(start)
        countries = sentence_countries(placements, s0, s1)
        answer = self.lookup(name, countries)
        places = [p for p in (as_place(r) for r in answer or []) if p and p.country in countries]
        places = list({p.id: p for p in places}.values())
        if not places:
            return None
        best, others = places[0], places[1:]
        distinct = [p for p in others if km(p.lat, p.lon, best.lat, best.lon) > best.radius_km]
        mention = Mention(text=doc.text[start:end], start=start, end=end, sentence_start=s0, sentence_end=s1,
                          candidates=tuple(places), origin=u.get("origin", "trigger"))
        precision = GEO_REGION if best.kind in AREAS - {"district"} or best.radius_km > REGION_RADIUS_KM else GEO_NEAR
        locators = tuple(p.place for p in placements if s0 <= p.mention.start < s1 and p.place.kind in SENTENCE_AREAS)
        return Placement(mention=mention, place=best, geo_precision=precision, radius_km=best.radius_km,
                         confidence=AMBIGUOUS_CONFIDENCE if distinct else MAX_CONFIDENCE,
                         alternatives=tuple(distinct[:5]), locators=locators)

    def lookup(self, name: str, countries: frozenset[str]) -> list[dict] | None:
        """Nominatim's results for a name within these countries: from the cache, else asked once and kept.
        None when the server could not be asked (the failure is reported, nothing is kept)."""
        codes = ",".join(sorted(c.lower() for c in countries))
        query = f"{name.casefold()}|{codes}"
        kept = self.cache.get(query)
        if kept is not None:
            return kept
        if time.monotonic() < self._resting_until:
            return None
        try:
            found = self._ask(name, codes.split(","))
        except Exception as e:  # noqa: BLE001 — a geocoder failure must never stop an extraction
            self._failures += 1
            self.report(f"geocoder: '{name}' left unresolved: {self._reason(e)}")
            if self._failures >= MAX_FAILURES:
                self._failures, self._resting_until = 0, time.monotonic() + REST_S
                self.report(f"geocoder: {MAX_FAILURES} failures in a row; not asking {self.url} again for "
                            f"{REST_S / 60:g} minutes")
            return None
        self._failures = 0
        self.cache.put(query, found, self.url)
        return found

    def _ask(self, name: str, codes: list[str]) -> list[dict]:
        if self._search is None:
            from functools import partial

            from geopy.adapters import RequestsAdapter
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            parts = urlsplit(self.url)
            nominatim = Nominatim(domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme,
                                  user_agent=self.user_agent, timeout=self.timeout,
                                  # geopy's retries would hit a failing server again, and wait again.
                                  adapter_factory=partial(RequestsAdapter, max_retries=0))
            self._search = RateLimiter(nominatim.geocode, min_delay_seconds=self.min_delay, max_retries=0,
                                       swallow_exceptions=False)
        locations = self._search(name, exactly_one=False, limit=5, addressdetails=True, country_codes=codes,
                                 language="en")
        results = [loc.raw for loc in locations or []]
        if not all(isinstance(r, dict) for r in results):
            raise ValueError("the answer is not a list of Nominatim results")
        return results

    def _reason(self, e: Exception) -> str:
        from geopy.exc import GeocoderParseError, GeocoderTimedOut, GeocoderUnavailable, GeopyError

        if isinstance(e, GeocoderTimedOut):
            return f"{self.url} did not answer within {self.timeout:g} s"
        if isinstance(e, GeocoderParseError | ValueError):
            return f"{self.url} gave an answer that is not Nominatim's JSON"
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        if isinstance(e, GeocoderUnavailable):
            return f"{self.url} cannot be reached ({first})"
        if isinstance(e, GeopyError):
            return f"{self.url} answered with an error ({first})"
        return f"{self.url} gave an answer Pressmap cannot read ({type(e).__name__}: {first})"


def sentence_countries(placements: list[Placement], s0: int, s1: int) -> frozenset[str]:
    """Where a name may be looked for: the countries the sentence names (by a country, governorate or region);
    else the countries of the article's other places; else the theatre's."""
    named = {p.place.country for p in placements
             if s0 <= p.mention.start < s1 and p.place.kind in SENTENCE_AREAS and p.place.country}
    story = {p.place.country for p in placements if p.place.country}
    return frozenset(named) or frozenset(story) or theatre_countries()


def as_place(r: dict) -> Place | None:
    """A Nominatim result as a Place; None for what cannot be a site (a street, a shop) or lacks a position."""
    try:
        lat, lon = float(r["lat"]), float(r["lon"])
        osm_type, osm_id = str(r["osm_type"]), str(r["osm_id"])
    except (KeyError, TypeError, ValueError):
        return None
    cls, typ = str(r.get("class") or r.get("category") or ""), str(r.get("type") or "")
    if cls in NOT_SITES:
        return None
    country = str((r.get("address") or {}).get("country_code") or "").upper()
    display = str(r.get("display_name") or "")
    name = str(r.get("name") or "") or display.split(",")[0].strip()
    kind = OSM_KINDS.get((cls, typ)) or ("base" if cls == "military" else re.sub(r"\W+", "_", typ) or "place")
    return Place(id=f"nominatim:{osm_type}/{osm_id}", name=name or display, kind=kind, country=country, admin1="",
                 lat=lat, lon=lon, radius_km=radius_of(r.get("boundingbox"), lat, lon), source="nominatim",
                 names=(display,) if display else (), evidence=f"OpenStreetMap via Nominatim: {display}")


def radius_of(box, lat: float, lon: float) -> float:
    """How far the place may reach from its point: to the farthest corner of its bounding box, 5 km at least."""
    try:
        south, north, west, east = (float(v) for v in box)
    except (TypeError, ValueError):
        return MIN_RADIUS_KM
    farthest = max(km(lat, lon, a, b) for a in (south, north) for b in (west, east))
    return round(max(MIN_RADIUS_KM, farthest), 1)
