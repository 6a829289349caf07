"""Export → import into a new file → export again gives the identical text."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from mpm_tui.db.database import close_database, open_database
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.workspace_export import export_toml
from mpm_tui.services.workspace_import import import_document, parse_document
from tests.conftest import dump_database

LINK_TABLES = {"dependency", "milestone_dependency", "task_collaborator"}


def comparable(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    return {
        table: sorted(row[1:] for row in content) if table in LINK_TABLES else content
        for table, content in rows.items()
        if table != "schema_version"
    }


def test_demo_round_trip_is_byte_identical(
    demo_db: Path, new_database: Callable[[str], Path | str], admin: ServiceContext
) -> None:
    first = export_toml()
    rows_a = dump_database()
    close_database()

    open_database(new_database("b.db"))
    summary = import_document(admin, parse_document(first, source="a.toml"), source="a.toml")
    second = export_toml()
    rows_b = dump_database()
    close_database()

    assert second == first
    # Not only the text: every row, ids included (link tables' own ids are not
    # part of the document, and schema_version records when each file migrated).
    assert comparable(rows_b) == comparable(rows_a)
    assert summary.counts["tasks"] >= 100


def test_exported_tasks_carry_the_promised_keys(demo_db: Path) -> None:
    document = tomllib.loads(export_toml())
    assert document["format"] == "mpm-workspace"
    assert document["version"] == 1
    tasks = document["tasks"]
    assert len(tasks) >= 100
    for task in tasks:
        assert {"id", "title", "board", "column", "position", "depends_on"} <= task.keys()
    assert any(task["depends_on"] for task in tasks)
    keys = set().union(*(task.keys() for task in tasks))
    assert {"project", "owner", "estimate_days", "start", "due"} <= keys
    assert {
        "members",
        "boards",
        "columns",
        "projects",
        "milestones",
        "kpis",
        "budget_lines",
        "risks",
        "retrospectives",
        "retro_items",
        "activity",
    } <= document.keys()


def test_hand_written_document_without_positions_or_timestamps(
    new_database: Callable[[str], Path | str], admin: ServiceContext
) -> None:
    """Positions follow document order; missing timestamps become 'now'."""
    text = """
format = "mpm-workspace"
version = 1
[[boards]]
id = 1
name = "B"
[[columns]]
id = 1
board = "B"
name = "Todo"
position = 0
[[tasks]]
id = 5
title = "second in file, first by position"
board = "B"
column = "Todo"
position = 0
[[tasks]]
id = 2
title = "no position: goes after"
board = "B"
column = "Todo"
[[tasks]]
id = 9
title = "explicit 1"
board = "B"
column = "Todo"
position = 1
"""
    open_database(new_database("h.db"))
    import_document(admin, parse_document(text))
    document = tomllib.loads(export_toml())
    close_database()
    positions = {t["id"]: t["position"] for t in document["tasks"]}
    assert positions == {5: 0, 9: 1, 2: 2}
    assert all(t["created_at"] for t in document["tasks"])
