"""Opening the database, its errors, and what every part of the store writes with: rows, the audit line, inserts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, Table, create_engine, event, insert, inspect, text, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from mt.errors import MtError
from mt.service.store.schema import audit, metadata, rules


class Tables:
    """What each part of :class:`~mt.service.store.Store` works on: the engine of the open database."""

    engine: Engine

    def one(self, query: Select[Any]) -> dict[str, Any] | None:
        """The first row of a query (:func:`row_dict`), or None."""
        with self.engine.connect() as c:
            row = c.execute(query).first()
        return row_dict(row) if row is not None else None

    def every(self, query: Select[Any]) -> list[dict[str, Any]]:
        """Every row of a query (:func:`row_dict`)."""
        with self.engine.connect() as c:
            return [row_dict(r) for r in c.execute(query)]


class StoreError(MtError, RuntimeError):
    """The database cannot be used; the message says why."""


class SelfReview(StoreError):
    """A reviewer's approval of their own proposal, which four eyes forbid."""


DatabaseError = SQLAlchemyError  # what a query raises when the database fails (locked, gone, …)


def now() -> datetime:
    return datetime.now(UTC)


def open_store(url: str) -> Engine:
    """Connect, create the tables in a new database, and refuse a broken or foreign one."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if path.exists() and path.stat().st_size > 0 and path.read_bytes()[:16] != b"SQLite format 3\x00":
            raise StoreError(f"{path} exists but is not an SQLite database; move it away or choose another --db")
    shown = redact(url)
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_settings)
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                result = connection.execute(text("PRAGMA integrity_check")).scalar()
                if result != "ok":
                    raise StoreError(f"database {shown} is damaged (integrity check: {result})")
        existing = set(inspect(engine).get_table_names())
    except SQLAlchemyError as err:
        detail = str(getattr(err, "orig", None) or err).splitlines()[0].replace(url, shown)
        raise StoreError(f"cannot open database {shown}: {err.__class__.__name__}: {detail}") from None
    ours = set(metadata.tables)
    if existing - ours:
        raise StoreError(f"database {shown} holds other tables ({', '.join(sorted(existing))}); choose another --db")
    metadata.create_all(engine)  # the tables a new database, or one of an older mt, lacks
    _add_missing_columns(engine, existing)
    return engine


def _add_missing_columns(engine: Engine, existing: set[str]) -> None:
    """Columns added since the database was made (all may be empty, or have a default) are added to it."""
    inspector = inspect(engine)
    with engine.begin() as c:
        for name in sorted(existing):
            have = {col["name"] for col in inspector.get_columns(name)}
            for column in metadata.tables[name].columns:
                if column.name in have:
                    continue
                kind = column.type.compile(engine.dialect)
                default = f" DEFAULT '{column.server_default.arg}'" if column.server_default is not None else ""  # type: ignore[attr-defined]
                c.execute(text(f'ALTER TABLE {name} ADD COLUMN "{column.name}" {kind}{default}'))


SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_settings(connection: Any, record: Any) -> None:
    """Readers do not block the writer (WAL), and a locked database is waited for, not an error at once."""
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def redact(url: str) -> str:
    """The database URL without its password, for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unparsable database URL)"


def utc(when: datetime | None) -> datetime | None:
    """A time read back from the database with its zone (SQLite forgets it: all are UTC)."""
    return when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None else when


def row_dict(row: Any) -> dict[str, Any]:
    """A row as JSON-ready values; times in ISO 8601 with their zone (SQLite forgets it: all are UTC)."""
    out = dict(row._mapping)
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return out


def audit_line(c: Connection, actor: str, action: str, target: str, **detail: Any) -> None:
    c.execute(insert(audit).values(at=now(), actor=actor, action=action, target=target, detail=detail))


def same_rule(text_: str, check: str) -> Any:
    """An UPDATE of the rules on this text from this check."""
    return update(rules).where(rules.c.text == text_).where(rules.c.check_name == check)


def insert_row(c: Connection, table: Table, **values: Any) -> int:
    """Insert one row; its primary key."""
    key = c.execute(insert(table).values(**values)).inserted_primary_key
    assert key is not None, "the INSERT wrote no row"
    return int(key[0])
