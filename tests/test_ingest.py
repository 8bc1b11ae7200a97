"""Ingesting real articles into the store, on both backends: counts follow what extract finds."""

from __future__ import annotations

import shutil

import pytest

from geo import pipeline
from geo.errors import UserError
from geo.ingest import POOL_MIN_FILES, find_articles, ingest_document, ingest_paths
from geo.reader import read_file
from geo.store import open_store
from tests.conftest import real_articles, sample_article, write_article_batch


def extracted_events(paths) -> int:
    return sum(len(pipeline.extract(read_file(p))[0]) for p in paths)


def contents(store) -> tuple:
    """What a user sees in a store, without the row ids a database hands out."""
    articles = sorted((a["source"], a["title"], a["published"], a["language"], a["events"]) for a in store.articles())
    return articles, store.events()


def test_ingest_document_adds_once(store):
    doc = read_file(sample_article(), published="2023-11-01")
    features, unresolved = pipeline.extract(doc)
    first = ingest_document(store, doc)
    assert first == {"added": True, "events": len(features), "unresolved": unresolved}
    assert ingest_document(store, doc) == {"added": False, "events": 0, "unresolved": []}
    assert len(store.articles()) == 1


def test_ingesting_a_directory_twice_changes_nothing(store, tmp_path):
    articles = tmp_path / "articles"
    (articles / "nested").mkdir(parents=True)
    for i, p in enumerate(real_articles()):
        shutil.copy(p, articles / ("nested" if i % 2 else "") / p.name)
    (articles / "key.json").write_text("{}")  # not an article: left alone
    files = sorted(articles.rglob("*.txt"))

    summary = ingest_paths(store, [articles], jobs=1)
    assert summary == {"added": len(files), "skipped": 0, "failed": 0, "events": extracted_events(files),
                       "unresolved": summary["unresolved"], "errors": []}
    assert sorted(a["source"] for a in store.articles()) == sorted(str(f) for f in files)
    version, seen = store.version(), contents(store)

    again = ingest_paths(store, [articles, files[0]], jobs=1)
    assert (again["added"], again["skipped"], again["failed"]) == (0, len(files), 0)
    assert store.version() == version and contents(store) == seen


def test_a_pool_of_processes_stores_what_one_process_does(new_store_url, tmp_path):
    batch = write_article_batch(tmp_path / "batch", POOL_MIN_FILES + 4)
    with open_store(new_store_url()) as serial, open_store(new_store_url()) as pooled:
        one = ingest_paths(serial, [tmp_path / "batch"], jobs=1)
        two = ingest_paths(pooled, [tmp_path / "batch"], jobs=2)
        assert one == two
        assert one["added"] == len(batch) and one["events"] == extracted_events(batch)
        assert contents(serial) == contents(pooled)


def test_bad_files_are_reported_and_skipped(store, tmp_path):
    good = tmp_path / "good.txt"
    shutil.copy(sample_article(), good)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    ingest_paths(store, [good])
    version, seen = store.version(), contents(store)
    lines = []
    summary = ingest_paths(store, [tmp_path, tmp_path / "missing.txt"], jobs=1, report=lines.append)
    assert (summary["added"], summary["skipped"], summary["failed"]) == (0, 1, 3)
    assert lines == summary["errors"] and len(lines) == 3
    assert all("\n" not in line for line in lines)
    assert any("missing.txt" in line for line in lines) and any("PNG" in line for line in lines)
    assert any("empty.txt" in line for line in lines)
    assert store.version() == version and contents(store) == seen


def test_an_article_the_pipeline_chokes_on_is_skipped(store, tmp_path, monkeypatch):
    paths = write_article_batch(tmp_path / "batch", 3)
    real = pipeline.extract

    def choke(doc):
        if doc.source.endswith(paths[1].name):
            raise RuntimeError("no idea\nwhat happened")
        return real(doc)

    monkeypatch.setattr(pipeline, "extract", choke)
    summary = ingest_paths(store, paths, jobs=1)
    assert (summary["added"], summary["failed"]) == (2, 1)
    assert summary["errors"] == [f"{paths[1]}: extraction failed (RuntimeError: no idea)"]
    assert sorted(a["source"] for a in store.articles()) == [str(paths[0]), str(paths[2])]


def test_mistakes_in_the_options_stop_before_anything_is_read(store):
    with pytest.raises(UserError, match="--jobs"):
        ingest_paths(store, [sample_article()], jobs=0)
    with pytest.raises(UserError, match="--lang"):
        ingest_paths(store, [sample_article()], lang="xx")
    with pytest.raises(UserError, match="--published"):
        ingest_paths(store, [sample_article()], published="yesterday-ish")
    assert store.articles() == []


def test_find_articles_keeps_the_order_given_and_drops_repeats(tmp_path):
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "a.html").write_text("a")
    (tmp_path / "c.pdf").write_text("c")
    (tmp_path / "empty").mkdir()
    files, errors = find_articles([tmp_path / "b.md", tmp_path, tmp_path / "empty"])
    assert files == [str(tmp_path / "b.md"), str(tmp_path / "a.html")]
    assert errors == [f"{tmp_path / 'empty'}: no .txt, .md or .html articles in this directory"]


def test_a_nul_byte_deep_in_a_file_stops_nothing(store, tmp_path):
    """A NUL after the first 4 KB once crashed a PostGIS ingest, and the good files after it were not ingested."""
    batch = write_article_batch(tmp_path / "batch", 3)
    middle = batch[1]
    data = middle.read_bytes()
    middle.write_bytes(data + b"\n" + b"Suite du texte. " * 400 + b"\x00" + b"Fin.\n")
    summary = ingest_paths(store, batch, jobs=1)
    assert (summary["added"], summary["failed"]) == (3, 0), summary["errors"]
    stored = {a["source"]: a for a in store.articles()}
    assert set(stored) == {str(p) for p in batch}


def test_a_value_the_database_refuses_fails_one_article_only(store):
    """A text handed to the store directly (not through the reader) with a NUL: PostgreSQL refuses it, as a
    ValueError the callers report on one line; SQLite keeps it. Either way the store stays usable."""
    from dataclasses import replace

    doc = read_file(sample_article(), published="2023-11-01")
    bad = replace(doc, text=doc.text + "\x00", content_hash="nul" + doc.content_hash[3:])
    try:
        added = store.add(bad, [])
    except ValueError as e:
        assert "refused" in str(e)
        added = False
    assert store.add(doc, []) is True
    assert len(store.articles()) == 1 + added
