"""Write the frozen CREATE TABLE/INDEX SQL of the models, per dialect.

Dev tool, run from the repository root: `python tools/sql_for_models.py`.
To add migration N: define its models, add an entry to STEPS below and to
`mpm_tui.db.migrations.MIGRATIONS`, run this, review the new files. Never
rewrite a released migration's files (the test suite checks them against the
models, so drift shows up there).
"""

from __future__ import annotations

from pathlib import Path

from peewee import Database, Model, PostgresqlDatabase, SqliteDatabase

from mpm_tui.db import models as m

V1 = [m.SchemaVersion] + [x for x in m.DOMAIN_MODELS if x not in (m.Holiday, m.TimeOff)]
V2 = [m.Holiday, m.TimeOff]
STEPS: list[tuple[str, list[type[Model]]]] = [("0001_initial", V1), ("0002_calendar", V2)]
OUT = Path("mpm_tui/db/migrations")


def ddl(database: Database, model_list: list[type[Model]]) -> str:
    out = []
    with database.bind_ctx(model_list, bind_refs=False, bind_backrefs=False):
        for model in model_list:
            statements = [model._schema._create_table(safe=False)]
            statements += model._schema._create_indexes(safe=False)
            for statement in statements:
                sql, params = database.get_sql_context().sql(statement).query()
                assert not params, params
                out.append(sql + ";")
    return "\n".join(out) + "\n"


def main(only: set[str] | None = None) -> None:
    for name, models in STEPS:
        if only and name not in only:
            continue
        for dialect, database in (
            ("sqlite", SqliteDatabase(None)),
            ("postgres", PostgresqlDatabase(None)),
        ):
            (OUT / f"{name}.{dialect}.sql").write_text(ddl(database, models), encoding="utf-8")


if __name__ == "__main__":
    import sys

    main(set(sys.argv[1:]) or None)
