"""The one database of a process: declared deferred, opened once at start-up.

Nothing here runs at import time: `open_database()` picks the backend from a
path or URL, sets the pragmas, and migrates the schema forward.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from peewee import Database, DatabaseProxy, OperationalError, SqliteDatabase

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


POSTGRES_SCHEMES = ("postgres://", "postgresql://", "postgresext://", "psycopg3://")

POSTGRES_SESSION = r"-c default_transaction_isolation=read\ committed"
"""Every PostgreSQL transaction runs at READ COMMITTED, whatever the server's default:
the tasks service takes a board's lock before it counts cards for a WIP check, and
only at this level does each statement after the lock see what the writer before
it committed (under REPEATABLE READ the count would still read the old snapshot)."""


def make_postgres_database(url: str) -> Database:
    """A peewee PostgreSQL database for a URL; the driver (psycopg2, or psycopg 3
    for `psycopg3://`) is the optional extra `mpm-tui[postgres]`."""
    import peewee
    from playhouse.db_url import connect, parse

    psycopg2, psycopg = getattr(peewee, "psycopg2", None), getattr(peewee, "psycopg", None)
    if url.startswith("psycopg3://") and psycopg is None:
        raise DatabaseError("psycopg3:// URLs need psycopg 3: pip install 'psycopg[binary]'")
    if psycopg2 is None and psycopg is None:
        raise DatabaseError(
            "PostgreSQL needs a driver: pip install 'mpm-tui[postgres]' (psycopg2-binary)"
        )
    # Options in the URL (?options=...) are kept; the isolation level is added to them.
    options = " ".join(filter(None, [str(parse(url).get("options") or ""), POSTGRES_SESSION]))
    try:
        return connect(url, options=options)
    except (ValueError, RuntimeError, ImportError) as exc:  # no database name, bad scheme
        raise DatabaseError(f"cannot use database URL {shown(url)}: {exc}") from exc


def shown(target: str | Path) -> str:
    """A path or URL as it may be printed: a password in a URL becomes ***."""
    text = str(target)
    head, sep, rest = text.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return text
    return f"{head}://{credentials.split(':', 1)[0]}:***@{host}"


def make_database(target: str | Path) -> Database:
    """A peewee database for a file path, `sqlite:///path` or `postgresql://…` URL."""
    text = str(target)
    if "://" in text:
        if text.startswith(POSTGRES_SCHEMES):
            return make_postgres_database(text)
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
        detail = " ".join(str(exc).split())  # libpq's messages span lines
        raise DatabaseError(f"cannot open database {shown(target)}: {detail}") from exc
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


P = ParamSpec("P")
T = TypeVar("T")

RETRIED_SQLSTATES = frozenset({"40001", "40P01"})
"""PostgreSQL's serialization_failure and deadlock_detected: the server rolled the
whole transaction back, and running it again is the documented remedy."""
ATTEMPTS = 3


def retry_on_conflict(service: Callable[P, T]) -> Callable[P, T]:
    """Run a service call again (up to `ATTEMPTS` times in all) when PostgreSQL
    aborted its transaction as a deadlock victim or a serialization failure:
    nothing of it was written. Writers that lock in one order never deadlock, but
    two that lock rows in different orders (a column respaced while another
    transaction cuts cards of it) can; peewee raises the driver's error as
    `OperationalError`. Only the outermost transaction is retried: inside another
    one, the outer transaction is lost too and must fail. SQLite never raises these."""

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        attempt = 1
        while True:
            outermost = db.obj is None or not db.in_transaction()
            try:
                return service(*args, **kwargs)
            except OperationalError as exc:
                if not outermost or attempt >= ATTEMPTS or not _retryable(exc):
                    raise
                attempt += 1

    return run


def _retryable(exc: OperationalError) -> bool:
    """Whether peewee's error wraps one of `RETRIED_SQLSTATES` (the driver's error is
    `orig`; psycopg2 names the code `pgcode`, psycopg 3 `sqlstate`)."""
    driver_error = getattr(exc, "orig", None)
    code = getattr(driver_error, "pgcode", None) or getattr(driver_error, "sqlstate", None)
    return code in RETRIED_SQLSTATES
