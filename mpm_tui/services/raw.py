"""Reading rows as the driver returns them: fast for big lists, no model objects.

Building a Peewee model per row costs most of a 10,000-card read; the
screens' loaders take plain tuples and convert the few typed columns here
(ISO text on SQLite, date objects on PostgreSQL).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mpm_tui.db.database import db


def raw_rows(query: Any) -> list[tuple[Any, ...]]:
    """The rows of a Peewee query as the driver returns them, no conversion."""
    sql, params = query.sql()
    return db.execute_sql(sql, params).fetchall()


def read_date(value: Any) -> date | None:
    """A DATE column as read: ISO text on SQLite, a date on PostgreSQL."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def read_datetime(value: Any) -> datetime | None:
    """A DATETIME column as read: ISO text on SQLite, a datetime on PostgreSQL."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
