"""The one database of a process: declared deferred, opened once at start-up.

Nothing here runs at import time: `open_database()` picks the backend from a
path or URL, sets the pragmas, and migrates the schema forward.
"""

from __future__ import annotations

from pathlib import Path

from peewee import Database, DatabaseProxy, SqliteDatabase

db = DatabaseProxy()
"""Every model is bound to this proxy; `open_database()` points it at a database."""

SQLITE_PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}


class DatabaseError(Exception):
    """The database could not be opened (bad URL, unreadable file, newer schema)."""


def make_database(target: str | Path) -> Database:
    """A peewee database for a file path, `sqlite:///path` or `postgresql://…` URL."""
    text = str(target)
    if "://" in text:
        if text.startswith(("postgres://", "postgresql://", "postgresext://", "psycopg3://")):
            from playhouse.db_url import connect

            try:
                return connect(text)
            except ImportError as exc:  # the driver is optional
                raise DatabaseError(
                    "PostgreSQL needs a driver: pip install 'psycopg[binary]' or psycopg2-binary"
                ) from exc
        if text.startswith("sqlite:///"):
            text = text.removeprefix("sqlite:///")
        else:
            scheme = text.split("://", 1)[0]
            raise DatabaseError(
                f"unsupported database URL scheme {scheme!r}: use a file path, "
                "sqlite:///PATH or postgresql://…"
            )
    path = Path(text).expanduser()
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if not path.parent.exists():
        raise DatabaseError(f"folder {path.parent} does not exist")
    # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two
    # processes never both read-then-write and then fail with "database is locked".
    return SqliteDatabase(str(path), timeout=5, lock_type="IMMEDIATE", pragmas=SQLITE_PRAGMAS)


def open_database(target: str | Path, *, migrate: bool = True) -> Database:
    """Open the workspace database at `target`, bind the models, migrate forward."""
    from mpm_tui.db.migrations import migrate_to_latest

    database = make_database(target)
    try:
        database.connect(reuse_if_open=True)
    except Exception as exc:
        if "not a database" in str(exc):
            raise DatabaseError(f"{target} is not an mpm database ({exc})") from exc
        raise DatabaseError(f"cannot open database {target}: {exc}") from exc
    if isinstance(database, SqliteDatabase):
        check_sqlite_file(database)
    db.initialize(database)
    if migrate:
        try:
            migrate_to_latest(database)
        except Exception:
            database.close()
            db.initialize(None)
            raise
    return database


def check_sqlite_file(database: SqliteDatabase) -> None:
    """Fail with a clear message when the file is not an SQLite database."""
    import sqlite3

    try:
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        database.close()
        raise DatabaseError(f"{database.database} is not an mpm database ({exc})") from exc


def close_database() -> None:
    """Close this thread's connection, if the proxy points at a database."""
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()
