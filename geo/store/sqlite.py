"""The default store: one SQLite file, no server, readable by any SQLite tool.

Geometry is GeoJSON text beside latitude/longitude columns, so a user needs no spatial extension to
read it. The file runs in WAL mode: the dashboard reads while an ingest writes, and a killed ingest
leaves the last whole article (SQLite rolls the unfinished one back on the next open).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from geo.errors import UserError
from geo.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    content_hash TEXT NOT NULL UNIQUE,     -- sha256 of the text: what makes an article "already stored"
    source       TEXT NOT NULL,            -- file path or URL, as the user gave it
    title        TEXT NOT NULL DEFAULT '',
    published    TEXT,                     -- YYYY-MM-DD
    language     TEXT,
    text         TEXT NOT NULL,            -- the text every character offset points into
    added_at     TEXT NOT NULL             -- UTC, ISO 8601
);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source);
CREATE TABLE IF NOT EXISTS events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    event_id       TEXT NOT NULL,
    gazetteer_id   TEXT,
    site           TEXT,
    event_type     TEXT,
    sub_event_type TEXT,
    date_start     TEXT,                   -- YYYY-MM-DD
    date_end       TEXT,
    time_precision INTEGER,
    latitude       REAL NOT NULL,          -- the point itself, or a point on a line
    longitude      REAL NOT NULL,
    geometry       TEXT NOT NULL,          -- GeoJSON, EPSG:4326
    properties     TEXT NOT NULL           -- the feature's properties, JSON
);
CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_site ON events (gazetteer_id, event_type);
"""


class SQLiteStore(Store):
    def __init__(self, path: str, create: bool = True) -> None:
        super().__init__()
        self.url = path
        if path != ":memory:":
            p = Path(path)
            if p.is_dir():
                raise UserError(f"store {path}: is a directory (give a file name, e.g. {p / 'pressmap.db'})")
            if not p.parent.is_dir():
                raise UserError(f"store {path}: the directory {p.parent} does not exist")
            if not create and not p.exists():
                raise UserError(f"store {path}: no store there yet (python -m geo ingest FILE... makes it)")
        # Autocommit at the driver; transactions are explicit (BEGIN IMMEDIATE takes the write lock up
        # front, so two writers queue instead of failing half-way).
        self._conn = sqlite3.connect(path, isolation_level=None, timeout=60, check_same_thread=False)
        try:
            self._create()
        except sqlite3.DatabaseError as e:
            self._conn.close()
            raise UserError(f"store {path}: cannot be used as a store ({e})") from None
        except UserError:
            self._conn.close()
            raise

    def _create(self) -> None:
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")  # with WAL, still safe against a killed process
        with self._transaction():
            tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "store_meta" not in tables:
                raise UserError(f"store {self.url}: a SQLite database, but not a Pressmap store")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._conn.execute(statement)
            self._init_meta()

    def _execute(self, sql: str, params: tuple = ()):
        return self._conn.execute(sql, params)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def _transaction(self):
        if self._conn.in_transaction:  # nested: the outer one commits
            yield
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()
