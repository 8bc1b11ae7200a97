"""The team store: PostgreSQL with PostGIS at a postgresql:// URL, for a hosted app whose disk is not kept.

Same tables and same SQL as the SQLite store; geometry is a PostGIS geometry in EPSG:4326 (with a GiST
index), properties are jsonb, dates are dates. To keep Pressmap's tables apart from others in a shared
database, give the URL a search path: postgresql://…/db?options=-csearch_path%3Dpressmap,public
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from geo.errors import UserError
from geo.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS store_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id           bigserial PRIMARY KEY,
    content_hash text NOT NULL UNIQUE,
    source       text NOT NULL,
    title        text NOT NULL DEFAULT '',
    published    date,
    language     text,
    text         text NOT NULL,
    added_at     timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source);
CREATE TABLE IF NOT EXISTS events (
    id             bigserial PRIMARY KEY,
    article_id     bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    event_id       text NOT NULL,
    gazetteer_id   text,
    site           text,
    event_type     text,
    sub_event_type text,
    date_start     date,
    date_end       date,
    time_precision smallint,
    latitude       double precision NOT NULL,
    longitude      double precision NOT NULL,
    geometry       geometry(Geometry, 4326) NOT NULL,
    properties     jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_site ON events (gazetteer_id, event_type);
CREATE INDEX IF NOT EXISTS events_geometry ON events USING gist (geometry);
CREATE TABLE IF NOT EXISTS corrections (
    id           bigserial PRIMARY KEY,
    event_key    text NOT NULL,
    who          text NOT NULL,
    at           text NOT NULL,
    kind         text NOT NULL,
    value_before jsonb NOT NULL,
    value_after  jsonb NOT NULL,
    reason       text NOT NULL DEFAULT '',
    undone_at    text,
    undone_by    text
);
CREATE INDEX IF NOT EXISTS corrections_event ON corrections (event_key);
CREATE TABLE IF NOT EXISTS changes (
    id      bigserial PRIMARY KEY,
    at      text NOT NULL,
    who     text NOT NULL,
    action  text NOT NULL,
    subject text NOT NULL
)
"""
_LOCK = 0x7072_6573_736D  # "pressm": serialises schema creation between processes


class PostGISStore(Store):
    _JSON_IN = "CAST(? AS jsonb)"
    _GEOM_IN = "ST_SetSRID(ST_GeomFromGeoJSON(CAST(? AS text)), 4326)"
    _GEOM_OUT = "ST_AsGeoJSON(geometry, 15)"
    _DATE_IN = "CAST(? AS date)"
    # jsonb as text: the driver's loader, a Python call per value, took half the read of 100,000 events
    _JSON_TEXT_OUT = "CAST({} AS text)"
    _DATE_TEXT_OUT = "to_char({}, 'YYYY-MM-DD')"  # whatever the server's DateStyle

    @property
    def _REFUSED(self):  # noqa: N802 — the attribute Store.add_many reads, known once psycopg is imported
        """A value PostgreSQL refuses; or a deadlock, when two ingests share the store and their batches
        hold the same texts in another order: article by article, neither can wait on the other."""
        import psycopg

        return (psycopg.DataError, psycopg.errors.DeadlockDetected)

    def __init__(self, url: str, create: bool = True) -> None:
        super().__init__()
        import psycopg

        self.url = redact(url)
        try:
            # a server that does not answer in 5 s is reported, not waited for (a dashboard visit waits on it)
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=5)
        except psycopg.Error as e:
            raise UserError(f"store {self.url}: cannot connect to PostgreSQL ({_first_line(e)})") from None
        try:
            self._create(create)
        except psycopg.Error as e:
            self._conn.close()
            raise UserError(f"store {self.url}: {_first_line(e)}") from None
        except UserError:
            self._conn.close()
            raise

    def _create(self, create: bool) -> None:
        import psycopg

        exists = self._conn.execute("SELECT to_regclass('store_meta') IS NOT NULL").fetchone()[0]
        if not create and not exists:
            raise UserError(f"store {self.url}: no Pressmap store in this database yet "
                            f"(python -m geo ingest FILE... --store URL makes it)")
        with self._transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            try:
                with self._conn.transaction():
                    self._conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            except psycopg.Error as e:
                raise UserError(f"store {self.url}: PostGIS is not available in this database; a superuser can "
                                f"run CREATE EXTENSION postgis ({_first_line(e)})") from None
            for statement in SCHEMA.split(";"):
                self._conn.execute(statement)
            self._init_meta()

    def add(self, doc, features: list[dict]) -> bool:
        """As Store.add; a value PostgreSQL refuses (a NUL character in text, say) fails this article only."""
        import psycopg

        try:
            return super().add(doc, features)
        except psycopg.DataError as e:
            raise ValueError(f"PostgreSQL refused a value: {_first_line(e)}") from None

    def _execute(self, sql: str, params: tuple = ()):
        return self._conn.execute(sql.replace("?", "%s"), params)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)

    @contextmanager
    def _transaction(self):
        with self._conn.transaction():
            yield

    def close(self) -> None:
        self._conn.close()


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
