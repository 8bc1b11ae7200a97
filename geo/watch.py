"""`python -m geo watch FEEDS.txt`: follow RSS and Atom feeds, adding each new item's page as `ingest` adds a file.

Each poll fetches every feed (feedparser reads the bytes we fetched: it never opens a connection itself),
drops the items whose URL is stored already, fetches the rest — politely: robots.txt kept, an honest user
agent, timeouts, and a size limit counted while the bytes arrive — and hands the pages to
geo.ingest.ingest_items, the function `ingest` runs, locally or on a Dask cluster. A page is stored under its
URL with the date its feed gives: that date is what "yesterday" in the text is read against. A feed or a
page that fails is one line on stderr, and nothing of it is stored; the next poll tries it again.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from geo import __version__
from geo.errors import UserError
from geo.ingest import Page, ingest_items
from geo.reader import MAX_BYTES, plausible

USER_AGENT = f"Pressmap/{__version__} (news feed reader; follows robots.txt)"
FEED_MAX_BYTES = 5 * 1024 * 1024
ROBOTS_MAX_BYTES = 512 * 1024
PAGES_AT_ONCE = 16
TIMEOUT_S = 20.0  # connect, read, write, pool: a server that stalls costs one poll this long, not forever


@dataclass(frozen=True)
class Item:
    """One entry of a feed: the page it links to, its publication date, its title."""

    url: str
    published: date | None
    title: str


def read_feed_list(path: str | Path) -> list[str]:
    """The feeds' URLs: one a line; blank lines and lines starting with # are left out."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"{path}: cannot read the list of feeds ({e})") from None
    feeds = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    for url in feeds:
        if urlsplit(url).scheme not in ("http", "https"):
            raise UserError(f"{path}: '{url}' is not an http:// or https:// address")
    if not feeds:
        raise UserError(f"{path}: no feed in it (one http:// or https:// address a line)")
    return feeds


def http_client():
    import httpx

    return httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=TIMEOUT_S, follow_redirects=True,
                        max_redirects=5)


class FetchError(UserError):
    """A page that cannot be had; `lasting` when asking again would get the same answer (gone, forbidden, too
    big), so a watch that runs on leaves it out instead of fetching it at every poll."""

    def __init__(self, message: str, lasting: bool = False) -> None:
        super().__init__(message)
        self.lasting = lasting


# What a server says of a page for good: not found, gone, forbidden, refused as too large. A timeout, 429 or a 5xx
# may pass, so those are asked again at the next poll.
LASTING_STATUS = {400, 401, 403, 404, 405, 406, 410, 413, 414, 415, 451}


def fetch(http, url: str, max_bytes: int) -> bytes:
    """The body at `url`, read no further than `max_bytes`; a FetchError naming the URL when it cannot be had."""
    import httpx

    try:
        with http.stream("GET", url) as response:
            if response.status_code != 200:
                raise FetchError(f"{url}: the server answered {response.status_code} {response.reason_phrase}",
                                 lasting=response.status_code in LASTING_STATUS)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url}: {int(declared) / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit",
                                 lasting=True)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"{url}: over the {max_bytes / 1e6:g} MB limit", lasting=True)
            return bytes(body)
    except httpx.HTTPError as e:
        raise FetchError(f"{url}: cannot be fetched ({type(e).__name__}: {e or 'no answer'})") from None


def feed_items(data: bytes, url: str) -> list[Item]:
    """The entries of an RSS or Atom feed with a link, in the feed's order; a UserError when it is neither."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None) or "no entries"
        raise UserError(f"{url}: not an RSS or Atom feed ({str(reason).splitlines()[0] if str(reason) else reason})")
    items, seen = [], set()
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        link = urljoin(url, link)
        if urlsplit(link).scheme not in ("http", "https") or link in seen:
            continue
        seen.add(link)
        items.append(Item(link, _entry_date(entry), (entry.get("title") or "").strip()))
    return items


def _entry_date(entry) -> date | None:
    """The date the feed gives the entry (published, else updated), when it is a plausible publication date."""
    for key in ("published_parsed", "updated_parsed"):
        when = entry.get(key)
        if when:
            try:
                return plausible(date(when.tm_year, when.tm_mon, when.tm_mday))
            except ValueError:
                continue
    return None


class Robots:
    """robots.txt, read once per site and poll: may our user agent fetch this URL?

    As RFC 9309 says: no robots.txt (a 4xx answer) allows everything; one that cannot be had (5xx, no
    answer) allows nothing for now; 401 and 403 forbid everything, as urllib.robotparser reads them."""

    def __init__(self, http) -> None:
        self.http = http
        self.rules: dict[str, urllib.robotparser.RobotFileParser | bool] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.rules:
            self.rules[site] = self._read(site + "/robots.txt")
        rules = self.rules[site]
        return rules if isinstance(rules, bool) else rules.can_fetch(USER_AGENT, url)

    def _read(self, robots_url: str):
        import httpx

        try:
            response = self.http.get(robots_url)
        except httpx.HTTPError:
            return False
        if response.status_code in (401, 403) or response.status_code >= 500:
            return False
        if response.status_code >= 400:
            return True
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(response.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        return parser


def poll(store, feeds: list[str], http, report: Callable[[str], None], lang: str | None = None,
         max_bytes: int = MAX_BYTES, client=None, progress: bool | None = False,
         left_out: dict[str, str] | None = None) -> dict:
    """Read every feed once and store its new items; ingest's summary, with the feeds' errors among its lines.

    Pages go to ingest a few at a time (PAGES_AT_ONCE): a feed of a hundred large pages is never all in memory.
    `left_out` (URL -> why) holds the items that failed for good at an earlier poll of this watch: they are
    counted, not fetched again; those that fail for good now are added to it."""
    left_out = {} if left_out is None else left_out
    robots = Robots(http)
    summary = {"added": 0, "skipped": 0, "left_out": 0, "failed": 0, "events": 0, "unresolved": 0, "errors": []}
    pages: list[Page] = []
    taken: set[str] = set()  # the URLs this poll has fetched or found stored: a link in two feeds is read once

    def failed(line: str) -> None:
        summary["failed"] += 1
        summary["errors"].append(line)
        report(line)

    def ingest() -> None:
        done = ingest_items(store, pages, lang=lang, jobs=1, progress=progress, max_bytes=max_bytes,
                            report=report, client=client)
        for key in ("added", "skipped", "failed", "events", "unresolved"):
            summary[key] += done[key]
        summary["errors"] += done["errors"]
        pages.clear()

    for feed in feeds:
        try:
            items = feed_items(fetch(http, feed, FEED_MAX_BYTES), feed)
        except UserError as e:
            failed(f"feed {e} — tried again at the next poll")
            continue
        items = [i for i in items if i.url not in taken]
        taken.update(i.url for i in items)
        summary["left_out"] += sum(i.url in left_out for i in items)
        items = [i for i in items if i.url not in left_out]
        stored = store.known_sources([i.url for i in items])
        summary["skipped"] += len(stored)
        for item in items:
            if item.url in stored:
                continue
            if not robots.allowed(item.url):
                left_out[item.url] = "robots.txt"
                failed(f"{item.url}: robots.txt asks robots not to fetch it — left out")
                continue
            try:
                data = fetch(http, item.url, max_bytes)
            except FetchError as e:
                if e.lasting:
                    left_out[item.url] = str(e)
                failed(f"{e} — left out" if e.lasting else f"{e} — tried again at the next poll")
                continue
            pages.append(Page(item.url, data, item.published, item.title))
            if len(pages) >= PAGES_AT_ONCE:
                ingest()
    if pages:
        ingest()
    return summary


def watch(store, feeds: list[str], every_s: float, once: bool, report: Callable[[str], None],
          say: Callable[[str], None], lang: str | None = None, max_bytes: int = MAX_BYTES, client=None,
          sleep: Callable[[float], None] = time.sleep) -> dict:
    """Poll the feeds, say one line a poll, sleep until the next; with `once`, one poll. The last summary.
    Each poll's additions go into the store's journal under the operating-system user, as `ingest`'s do."""
    from geo.ingest import record_added, summary_line
    from geo.store.corrections_table import os_user

    left_out: dict[str, str] = {}  # items that failed for good: said once, not fetched at every poll
    with http_client() as http:
        while True:
            started = time.monotonic()
            before = store.hashes()
            summary = poll(store, feeds, http, report, lang=lang, max_bytes=max_bytes, client=client,
                           progress=None, left_out=left_out)
            record_added(store, before, os_user())
            say(f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} {summary_line(summary, store.url)}")
            if once:
                return summary
            sleep(max(0.0, every_s - (time.monotonic() - started)))
