"""`python -m geo watch`: feeds served by a local web server, real articles as their pages."""

from __future__ import annotations

import pytest

from geo.cli import main
from geo.store import open_store
from geo.watch import USER_AGENT, Item, feed_items, read_feed_list, watch
from tests.conftest import REPO
from tests.support import FeedServer, article_page, rss

SAMPLES = REPO / "data" / "samples"
TAJI = SAMPLES / "voa-2020-03-14-rockets-target-iraqi-base.txt"
BEIRUT = SAMPLES / "voa-2019-08-25-israeli-drone-crashes-hezbollah-media-center.txt"


def undated(path) -> str:
    """The article without its dateline ("March 14, 2020 05:47 AM"): only the feed can date it then."""
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if " AM" not in line)


@pytest.fixture
def site():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def feeds(tmp_path, site):
    """A FEEDS.txt naming the site's feed, and the feed itself, with one item: the Camp Taji article."""
    site.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.serve("/news/taji", article_page(undated(TAJI)))
    site.serve("/feed.xml", rss([("Rockets target Iraqi base", f"{site.url}/news/taji", "Sat, 14 Mar 2020 05:47:00 GMT")]),
               "application/rss+xml")
    path = tmp_path / "feeds.txt"
    path.write_text(f"# the test site\n{site.url}/feed.xml\n\n", encoding="utf-8")
    return path


def watch_once(feeds, store, *more) -> int:
    return main(["watch", str(feeds), "--once", "--store", str(store), *more])


def test_a_new_item_is_stored_under_its_url_and_dated_by_its_feed(feeds, site, tmp_path, capsys):
    store = tmp_path / "watch.db"
    assert watch_once(feeds, store) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "1 article added (" in out and "0 already stored" in out
    with open_store(str(store)) as s:
        (article,) = s.articles()
        events = s.events()
    assert article["source"] == f"{site.url}/news/taji"
    assert article["title"] == "Rockets target Iraqi base"
    assert article["published"] == "2020-03-14"  # the feed's date: the page no longer gives one
    taji = [e["properties"] for e in events if "Taji" in e["properties"]["site"]]
    assert "2020-03-14" in {t["date_start"] for t in taji}  # "the unusual daytime attack Saturday on Camp Taji"
    assert site.agents == {USER_AGENT} and USER_AGENT.startswith("Pressmap/")  # who reads, said honestly
    assert site.fetched("/robots.txt") == 1


def test_a_repeated_item_is_skipped_and_the_same_text_elsewhere_is_not_stored_twice(feeds, site, tmp_path, capsys):
    store = tmp_path / "watch.db"
    assert watch_once(feeds, store) == 0
    capsys.readouterr()
    site.serve("/news/beirut", article_page(BEIRUT.read_text(encoding="utf-8")))
    site.serve("/copies/taji", article_page(undated(TAJI)))  # a syndicated copy: same text, another URL
    site.serve("/feed.xml", rss([("Hezbollah drone", f"{site.url}/news/beirut", "Sun, 25 Aug 2019 07:42:00 GMT"),
                                 ("Rockets target Iraqi base", f"{site.url}/news/taji", "Sat, 14 Mar 2020 05:47:00 GMT"),
                                 ("Rockets (copy)", f"{site.url}/copies/taji", "Sat, 14 Mar 2020 06:00:00 GMT")]),
               "application/rss+xml")
    assert watch_once(feeds, store) == 0
    out = capsys.readouterr().out
    assert "1 article added (" in out and "2 already stored" in out
    assert site.fetched("/news/taji") == 1  # known by its URL: not even fetched again
    with open_store(str(store)) as s:
        assert sorted(a["source"] for a in s.articles()) == [f"{site.url}/news/beirut", f"{site.url}/news/taji"]


def test_a_broken_feed_and_an_oversize_page_are_one_line_each_and_nothing_is_stored(feeds, site, tmp_path, capsys):
    site.serve("/broken.xml", "<html><body>We moved our feed <b>elsewhere", "application/rss+xml")
    site.serve("/gone.xml", "", status=500)
    site.serve("/big.xml", rss([("A long report", f"{site.url}/news/long", "Mon, 16 Mar 2020 08:00:00 GMT"),
                                ("Staff only", f"{site.url}/private/memo", "Mon, 16 Mar 2020 09:00:00 GMT")]))
    site.serve("/news/long", article_page(undated(TAJI) + "\n" + "Lorem ipsum dolor sit amet. " * 8000))
    site.serve("/private/memo", article_page(BEIRUT.read_text(encoding="utf-8")))
    feeds.write_text("\n".join(f"{site.url}{p}" for p in ("/broken.xml", "/gone.xml", "/big.xml", "/feed.xml")))
    store = tmp_path / "watch.db"
    assert watch_once(feeds, store, "--max-mb", "0.1") == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 4, err
    assert lines[0].startswith(f"error: feed {site.url}/broken.xml: not an RSS or Atom feed")
    assert lines[1].startswith(f"error: feed {site.url}/gone.xml: the server answered 500")
    assert all(line.endswith("tried again at the next poll") for line in lines[:2])
    assert lines[2].startswith(f"error: {site.url}/news/long: ") and lines[2].endswith("over the 0.1 MB limit — left out")
    assert lines[3] == f"error: {site.url}/private/memo: robots.txt asks robots not to fetch it — left out"
    assert site.fetched("/private/memo") == 0
    assert "1 article added (" in out and "4 failed" in out  # the good feed is still read
    with open_store(str(store)) as s:
        assert [a["source"] for a in s.articles()] == [f"{site.url}/news/taji"]


def watch_polls(feeds, store_path, polls: int, every_s: float) -> tuple[list[float], list[str]]:
    """Run `watch` (not --once) for this many polls, as Ctrl-C would end it; the naps it took and what it said."""
    naps, said = [], []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == polls:
            raise KeyboardInterrupt

    with open_store(str(store_path)) as store, pytest.raises(KeyboardInterrupt):
        watch(store, read_feed_list(feeds), every_s=every_s, once=False, report=said.append, say=said.append,
              sleep=sleep)
    return naps, said


def test_without_once_it_polls_then_sleeps_until_the_next_poll(feeds, site, tmp_path):
    naps, said = watch_polls(feeds, tmp_path / "watch.db", polls=2, every_s=600)
    assert len(naps) == 2 and all(0 < n <= 600 for n in naps)
    assert "1 article added" in said[0] and "0 articles added (0 events), 1 already stored" in said[1]
    assert site.fetched("/feed.xml") == 2 and site.fetched("/news/taji") == 1


def test_an_item_gone_for_good_is_said_once_and_one_that_may_come_back_is_asked_again(feeds, site, tmp_path):
    site.serve("/feed.xml", rss([("Rockets target Iraqi base", f"{site.url}/news/taji", "Sat, 14 Mar 2020 05:47:00 GMT"),
                                 ("Withdrawn", f"{site.url}/news/withdrawn", "Sun, 15 Mar 2020 08:00:00 GMT"),
                                 ("Busy", f"{site.url}/news/busy", "Sun, 15 Mar 2020 09:00:00 GMT")]),
               "application/rss+xml")
    site.serve("/news/withdrawn", "gone", status=410)
    site.serve("/news/busy", "try later", status=503)
    _, said = watch_polls(feeds, tmp_path / "watch.db", polls=3, every_s=1)
    gone = [line for line in said if "/news/withdrawn" in line]
    assert len(gone) == 1 and gone[0].endswith("410 Gone — left out"), said
    assert site.fetched("/news/withdrawn") == 1  # three polls, one request
    assert site.fetched("/news/busy") == 3
    assert sum("/news/busy" in line and line.endswith("tried again at the next poll") for line in said) == 3
    assert "1 already stored, 1 left out earlier, 1 failed" in said[-1], said[-1]


def test_feed_items_reads_atom_and_keeps_links_once():
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>One</title><link href="/a/1"/><updated>2021-02-16T10:00:00Z</updated></entry>
    <entry><title>One again</title><link href="https://example.org/a/1"/></entry>
    <entry><title>No link</title></entry>
    <entry><title>Far future</title><link href="/a/2"/><updated>2300-01-01T00:00:00Z</updated></entry></feed>"""
    assert feed_items(atom, "https://example.org/feed") == [
        Item("https://example.org/a/1", __import__("datetime").date(2021, 2, 16), "One"),
        Item("https://example.org/a/2", None, "Far future")]


def test_a_feed_list_with_a_mistake_is_one_line(tmp_path, capsys):
    (tmp_path / "feeds.txt").write_text("https://example.org/feed\nftp://example.org/feed\n")
    assert main(["watch", str(tmp_path / "feeds.txt"), "--once", "--store", str(tmp_path / "s.db")]) == 2
    assert capsys.readouterr().err == "error: " + f"{tmp_path / 'feeds.txt'}: 'ftp://example.org/feed' is not an http:// or https:// address\n"
    (tmp_path / "empty.txt").write_text("# nothing yet\n")
    assert main(["watch", str(tmp_path / "empty.txt"), "--once"]) == 2
    assert "no feed in it" in capsys.readouterr().err


def test_a_page_that_does_not_say_its_size_is_cut_off_at_the_limit(site):
    from geo.errors import UserError
    from geo.watch import fetch, http_client

    url = site.serve("/endless", b"x" * 300_000, sized=False)
    with http_client() as http, pytest.raises(UserError, match=r"endless: over the 0.1 MB limit$"):
        fetch(http, url, 100_000)
    with http_client() as http:
        assert fetch(http, url, 400_000) == b"x" * 300_000


def test_pages_go_to_the_store_a_few_at_a_time_and_a_link_in_two_feeds_is_read_once(feeds, site, tmp_path,
                                                                                     capsys, monkeypatch):
    from geo import watch as watch_module

    monkeypatch.setattr(watch_module, "PAGES_AT_ONCE", 1)
    site.serve("/news/beirut", article_page(BEIRUT.read_text(encoding="utf-8")))
    both = rss([("Hezbollah drone", f"{site.url}/news/beirut", "Sun, 25 Aug 2019 07:42:00 GMT"),
                ("Rockets target Iraqi base", f"{site.url}/news/taji", "Sat, 14 Mar 2020 05:47:00 GMT")])
    site.serve("/world.xml", both, "application/rss+xml")
    feeds.write_text(f"{site.url}/feed.xml\n{site.url}/world.xml\n")
    assert watch_once(feeds, tmp_path / "watch.db") == 0
    assert "2 articles added (" in capsys.readouterr().out
    assert site.fetched("/news/taji") == 1 and site.fetched("/news/beirut") == 1
