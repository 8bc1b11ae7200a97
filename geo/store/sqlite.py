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
CREATE TABLE IF NOT EXISTS corrections (   -- geo/store/corrections_table.py
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_key    TEXT NOT NULL,            -- content hash:mention start:mention end (geo.corrections.event_key)
    who          TEXT NOT NULL,
    at           TEXT NOT NULL,            -- UTC, ISO 8601
    kind         TEXT NOT NULL,
    value_before TEXT NOT NULL,            -- JSON
    value_after  TEXT NOT NULL,            -- JSON
    reason       TEXT NOT NULL DEFAULT '',
    undone_at    TEXT,
    undone_by    TEXT
);
CREATE INDEX IF NOT EXISTS corrections_event ON corrections (event_key);
CREATE TABLE IF NOT EXISTS changes (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    who     TEXT NOT NULL,
    action  TEXT NOT NULL,                 -- add, delete, correct, undo
    subject TEXT NOT NULL
);
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
        self.read_only = False
        self._conn = sqlite3.connect(path, isolation_level=None, timeout=60, check_same_thread=False)
        try:
            self._create()
        except sqlite3.OperationalError as e:
            self._conn.close()
            if not _is_read_only(e) or not Path(path).exists():
                raise UserError(f"store {path}: cannot be used as a store ({e})") from None
            self._open_read_only(path)  # list and export need no write: a read-only copy still serves them
        except sqlite3.DatabaseError as e:
            self._conn.close()
            raise UserError(f"store {path}: cannot be used as a store ({e})") from None
        except UserError:
            self._conn.close()
            raise

    def _open_read_only(self, path: str) -> None:
        """A store we may not write to (file or directory read-only): opened for reading only.

        mode=ro still writes WAL's shared-memory file; when even that is impossible, `immutable` reads the
        file as it is (no other process may be writing it then: it could not)."""
        from urllib.parse import quote

        for flags in ("mode=ro", "immutable=1"):
            self._conn = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?{flags}", uri=True,
                                         isolation_level=None, timeout=60, check_same_thread=False)
            try:
                self._check()
                tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if "store_meta" not in tables:
                    raise UserError(f"store {self.url}: a SQLite database, but not a Pressmap store")
                self.read_only = True
                return
            except sqlite3.OperationalError as e:
                self._conn.close()
                failure = e
            except (sqlite3.DatabaseError, UserError) as e:
                self._conn.close()
                if isinstance(e, UserError):
                    raise
                raise UserError(f"store {path}: cannot be used as a store ({e})") from None
        raise UserError(f"store {path}: cannot be read ({failure})")

    def _check(self) -> None:
        """Refuse a damaged file before anything reads or writes it (quick_check reads every page once)."""
        problems = [r[0] for r in self._conn.execute("PRAGMA quick_check(3)").fetchall()]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("the file is damaged: " + "; ".join(problems)[:200]
                                        + " — restore it from a copy, or give another --store")

    def _create(self) -> None:
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")  # with WAL, still safe against a killed process
        self._check()
        with self._transaction():
            tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "store_meta" not in tables:
                raise UserError(f"store {self.url}: a SQLite database, but not a Pressmap store")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._conn.execute(statement)
            self._init_meta()

    def _execute(self, sql: str, params: tuple = ()):
        with self._errors():
            return self._conn.execute(sql, params)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        with self._errors():
            self._conn.executemany(sql, rows)

    @contextmanager
    def _errors(self):
        """A file damaged after it was opened, or a write to a read-only store: one line, not a traceback."""
        try:
            yield
        except sqlite3.OperationalError as e:
            if _is_read_only(e):
                raise UserError(f"store {self.url}: is read-only, nothing can be added or deleted ({e})") from None
            raise
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
                raise
            raise UserError(f"store {self.url}: cannot be read ({e}) — restore it from a copy") from None

    @contextmanager
    def _transaction(self):
        if self._conn.in_transaction:  # nested: the outer one commits
            yield
            return
        with self._errors():
            self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        with self._errors():
            self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()


def _is_read_only(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "readonly" in message or "read-only" in message or "unable to open" in message
