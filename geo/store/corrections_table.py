"""The store's corrections and its journal of changes: who changed what, and when.

Two tables, the same on SQLite and PostGIS (each backend's SCHEMA creates them):

    corrections  id, event_key, who, at, kind, value_before, value_after, reason, undone_at, undone_by
                 (event_key: geo.corrections.event_key; the values are JSON; `at` and `undone_at` UTC ISO text)
    changes      id, at, who, action (add | delete | correct | undo), subject

A correction is checked (geo.corrections.validate) against the events as they read now, so one made to a
deleted article's event, or with a range that ends before it starts, is refused with one line and writes
nothing. Corrections and undos bump the store's version, so every dashboard session reads them at its next
rerun.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from geo import corrections as corr
from geo.errors import UserError

CORRECTION_COLUMNS = ("id", "event_key", "who", "at", "kind", "value_before", "value_after", "reason", "undone_at",
                      "undone_by")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def os_user() -> str:
    """Who runs a `python -m geo` command: the operating system's user, as the journal names them."""
    import getpass

    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "unknown (command line)"


class CorrectionsTable:
    """Mixed into geo.store.Store: the corrections, their application on read, and the journal."""

    def correct(self, event_key: str, kind: str, after: dict, reason: str, who: str) -> dict:
        """Record one correction of the event `event_key` names; the row as `corrections()` returns it.

        Refused with a UserError (nothing written) when the event is gone or the values are wrong."""
        corr.parse_key(event_key)
        reason = corr.clean_reason(reason)
        if not str(who or "").strip():
            raise UserError("A correction needs to say who made it.")
        events = self.events()
        event = corr.find_event(events, event_key)
        after = corr.validate(kind, after, event)
        if kind == "merge" and corr.find_event(events, after["into"]) in (None, event):
            raise UserError("The event to merge with is no longer in the store: nothing was changed.")
        before = corr.before_of(kind, event)
        with self._lock, self._transaction():
            row = self._execute(
                f"INSERT INTO corrections (event_key, who, at, kind, value_before, value_after, reason) "
                f"VALUES (?, ?, ?, ?, {self._JSON_IN}, {self._JSON_IN}, ?) RETURNING id",
                (event_key, who, now(), kind, json.dumps(before, ensure_ascii=False),
                 json.dumps(after, ensure_ascii=False), reason)).fetchone()
            self._journal(who, "correct", f"#{row[0]} {kind} {event_key}")
            self._bump()
        return next(c for c in self.corrections() if c["id"] == row[0])

    def undo(self, correction_id: int, who: str) -> dict:
        """Undo one correction (it stays in the history, marked undone); a UserError when there is none to undo."""
        try:
            correction_id = int(correction_id)
        except (TypeError, ValueError):
            raise UserError(f"'{correction_id}' is not a correction number") from None
        with self._lock, self._transaction():
            done = self._execute("UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL",
                                 (now(), who, correction_id)).rowcount
            if not done:
                raise UserError(f"There is no correction #{correction_id} to undo (unknown, or already undone).")
            self._journal(who, "undo", f"#{correction_id}")
            self._bump()
        return next(c for c in self.corrections() if c["id"] == correction_id)

    def corrections(self) -> list[dict]:
        """Every correction, undone ones too, oldest first."""
        import sqlite3

        with self._lock:
            try:
                rows = self._execute(f"SELECT {', '.join(CORRECTION_COLUMNS)} FROM corrections ORDER BY id").fetchall()
            except sqlite3.OperationalError as e:  # a read-only store made before corrections existed
                if "no such table" not in str(e):
                    raise
                return []
        out = []
        for r in rows:
            c = dict(zip(CORRECTION_COLUMNS, r, strict=True))
            c["before"], c["after"] = (_json(c.pop("value_before")), _json(c.pop("value_after")))
            c["undone"] = c["undone_at"] is not None
            out.append(c)
        return out

    def record_change(self, who: str, action: str, subject: str) -> None:
        """One line of the journal (an article added or deleted), in its own transaction."""
        with self._lock, self._transaction():
            self._journal(who, action, subject)

    def changes(self) -> list[dict]:
        """The journal, oldest first: {id, at, who, action, subject}."""
        with self._lock:
            rows = self._execute("SELECT id, at, who, action, subject FROM changes ORDER BY id").fetchall()
        return [dict(zip(("id", "at", "who", "action", "subject"), r, strict=True)) for r in rows]

    def _journal(self, who: str, action: str, subject: str) -> None:
        self._execute("INSERT INTO changes (at, who, action, subject) VALUES (?, ?, ?, ?)",
                      (now(), who or "unknown", action, subject))

    def _corrected(self, merged: list[dict]) -> list[dict]:
        """The merged events with the live corrections laid over them (geo.corrections.apply_corrections)."""
        return corr.apply_corrections(merged, self.corrections())


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value
