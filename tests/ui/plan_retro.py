"""The purpose-built workspace the retrospective tests drive (today: Monday 2026-11-23).

Spring Launch (active, ends Nov 27; Ann Lee owns it) has one KPI, the KGI
"Deals" with a target of 10 and 8 won: a miss. Next Quarter (active, ends in
March) is where action items become tasks. Ann Lee is an admin, Bo Chan an
editor, Vic Roe a viewer. No retrospective exists yet.
"""

from __future__ import annotations

from pathlib import Path

from mpm_tui.app import MPMApp
from mpm_tui.db.database import open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, planning, projects
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock

SIZE = (120, 34)
PROJECT = "Spring Launch"
NEXT = "Next Quarter"


def make_app(user: str = "Ann Lee", *, read_only: bool = False) -> MPMApp:
    actor = members.resolve_actor(user, os_user="", read_only=read_only)
    return MPMApp(
        ServiceContext(actor, frozen_clock),
        workspace="test",
        mode="retro",
        clock=frozen_clock,
        background_loads=False,
    )


def build_retro_plan(path: Path) -> None:
    open_database(path)
    setup = ServiceContext(Actor("set-up", Role.ADMIN), frozen_clock)
    members.create_member(setup, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
    admin = ServiceContext(members.resolve_actor("Ann Lee", os_user=""), frozen_clock)
    members.create_member(admin, {"name": "Bo Chan", "role": "editor"})
    members.create_member(admin, {"name": "Vic Roe", "role": "viewer"})
    boards.create_board(admin, {"name": "Work"})
    projects.create_project(
        admin,
        {
            "name": PROJECT,
            "owner": "Ann Lee",
            "start": "2026-11-02",
            "end": "2026-11-27",
            "status": "active",
            "channels": ["email", "social"],
        },
    )
    projects.create_project(
        admin, {"name": NEXT, "start": "2027-01-04", "end": "2027-03-26", "status": "active"}
    )
    planning.add_kpi(
        admin,
        PROJECT,
        {"name": "Deals", "stage": "deal", "is_kgi": True, "target": 10, "actual": 8},
    )
