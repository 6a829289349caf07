"""Forward-only schema migrations, applied on start and recorded in the database.

Each migration is a numbered pair of frozen SQL files (one per dialect) in
this folder: `NNNN_name.sqlite.sql` and `NNNN_name.postgres.sql`. They are
frozen text, not derived from the models at run time, so a database made by
version 1 stays version 1 until the later steps run on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from peewee import Database, PostgresqlDatabase

from mpm_tui.db.database import DatabaseError


@dataclass(frozen=True)
class Migration:
    version: int
    name: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial"),
    Migration(2, "calendar"),
    Migration(3, "gapped_task_positions"),
)
LATEST_VERSION = MIGRATIONS[-1].version


def _dialect(database: Database) -> str:
    return "postgres" if isinstance(database, PostgresqlDatabase) else "sqlite"


def migration_sql(migration: Migration, dialect: str) -> list[str]:
    """The statements of one migration for one dialect."""
    filename = f"{migration.version:04d}_{migration.name}.{dialect}.sql"
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return [stmt.strip() for stmt in re.split(r";\s*\n", text) if stmt.strip()]


def current_version(database: Database) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not database.table_exists("schema_version"):
        return 0
    row = database.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate_to_latest(database: Database, *, target: int = LATEST_VERSION) -> list[int]:
    """Apply each pending migration up to `target` in its own transaction.

    Returns the versions applied. A database from a newer mpm is refused
    rather than opened and damaged.
    """
    version = current_version(database)
    if version > LATEST_VERSION:
        raise DatabaseError(
            f"this database has schema version {version}, newer than this mpm "
            f"understands ({LATEST_VERSION}): upgrade mpm"
        )
    applied: list[int] = []
    dialect = _dialect(database)
    for migration in MIGRATIONS:
        if migration.version <= version or migration.version > target:
            continue
        with database.atomic():
            for statement in migration_sql(migration, dialect):
                database.execute_sql(statement)
            database.execute_sql(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (%s, %s, %s)"
                if dialect == "postgres"
                else "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, datetime.now().replace(microsecond=0)),
            )
        applied.append(migration.version)
    return applied
