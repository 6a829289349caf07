"""The purpose-built board the board tests drive, and helpers to read it back.

    A (no limit)   B (WIP 2, full)   C review (WIP 3)   D done
    a1 a2 a3 a4    b1 b2             c1                 d1

Every card is Ben Ito's, in project "[Q4] Launch"; a1 and c1 have Ben as
reviewer. Members: Ann Lee (admin), Ben Ito (editor), Vic Roe (viewer).
A second board, "Other", has the default columns and no cards.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from mpm_tui.app import MPMApp
from mpm_tui.db.database import open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, projects, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock

SIZE = (120, 40)
COLUMN_X = {"A": 5, "B": 35, "C": 65, "D": 95}
"""An x inside each column at 120 wide (four columns of 29 cells, one apart)."""


def card_y(index: int) -> int:
    """A y inside the index-th card of a column (three header rows, four rows a card)."""
    return 3 + 4 * index + 1


def make_app(user: str = "Ann Lee") -> MPMApp:
    actor = members.resolve_actor(user, os_user="")
    return MPMApp(
        ServiceContext(actor, frozen_clock),
        workspace="test",
        clock=frozen_clock,
        background_loads=False,
    )


def where(title: str) -> tuple[str, int]:
    task = next(t for t in tasks.list_tasks(board="Flow") if t.title == title)
    return task.column, task.position


def column_titles(column: str) -> list[str]:
    return [t.title for t in tasks.list_tasks(board="Flow", column=column)]


def screen_text(app: MPMApp) -> str:
    console = Console(width=app.size.width, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def build_flow_board(path: Path) -> None:
    """Open a new database at `path` and fill it with the Flow board."""
    open_database(path)
    setup = ServiceContext(Actor("set-up", Role.ADMIN), frozen_clock)
    members.create_member(setup, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
    admin = ServiceContext(members.resolve_actor("Ann Lee", os_user=""), frozen_clock)
    members.create_member(admin, {"name": "Ben Ito", "role": "editor"})
    members.create_member(admin, {"name": "Vic Roe", "role": "viewer"})
    boards.create_board(
        admin,
        {
            "name": "Flow",
            "columns": [
                {"name": "A"},
                {"name": "B", "wip_limit": 2},
                {"name": "C", "wip_limit": 3, "is_review": True},
                {"name": "D", "is_done": True},
            ],
        },
    )
    boards.create_board(admin, {"name": "Other"})
    projects.create_project(admin, {"name": "[Q4] Launch"})
    for column, names in {
        "A": ["a1", "a2", "a3", "a4"],
        "B": ["b1", "b2"],
        "C": ["c1"],
        "D": ["d1"],
    }.items():
        for name in names:
            tasks.create_task(
                admin,
                {
                    "title": name,
                    "column": column,
                    "project": "[Q4] Launch",
                    "owner": "Ben Ito",
                    "reviewer": "Ben Ito" if name in {"a1", "c1"} else None,
                },
            )
