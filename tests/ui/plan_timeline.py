"""The purpose-built project the timeline tests drive (today: Monday 2026-11-23).

    Brief    Nov 23–24 ──┬─> Copy    Nov 25–27 ──┬─> Publish Nov 30
                         └─> Design  Nov 25      ┘

Brief → Copy → Publish is the critical path (five working days); Design has
two days of slack, so making it three days long puts it on the critical path.
A milestone "Live" on Dec 1 waits for Publish. Ann Lee is an admin, Vic Roe
a viewer. Project "Later" (one undated two-day task) sits below.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mpm_tui.app import MPMApp
from mpm_tui.db.database import open_database
from mpm_tui.db.models import Task
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, planning, projects, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock

SIZE = (120, 30)


def make_app(user: str = "Ann Lee") -> MPMApp:
    actor = members.resolve_actor(user, os_user="")
    return MPMApp(
        ServiceContext(actor, frozen_clock),
        workspace="test",
        mode="timeline",
        clock=frozen_clock,
        background_loads=False,
    )


def dates_of(title: str) -> tuple[date | None, date | None]:
    row = Task.get(Task.title == title)
    return row.start, row.due


def build_plan(path: Path) -> None:
    open_database(path)
    setup = ServiceContext(Actor("set-up", Role.ADMIN), frozen_clock)
    members.create_member(setup, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
    admin = ServiceContext(members.resolve_actor("Ann Lee", os_user=""), frozen_clock)
    members.create_member(admin, {"name": "Vic Roe", "role": "viewer"})
    boards.create_board(admin, {"name": "Work"})
    projects.create_project(
        admin,
        {"name": "Launch", "start": "2026-11-23", "end": "2026-12-04", "status": "active"},
    )
    projects.create_project(admin, {"name": "Later", "status": "planning"})
    ids = {}
    for title, start, due in [
        ("Brief", "2026-11-23", "2026-11-24"),
        ("Copy", "2026-11-25", "2026-11-27"),
        ("Design", "2026-11-25", "2026-11-25"),
        ("Publish", "2026-11-30", "2026-11-30"),
    ]:
        view = tasks.create_task(
            admin,
            {"title": title, "project": "Launch", "owner": "Ann Lee", "start": start, "due": due},
        )
        ids[title] = view.id
    for before, after in [("Brief", "Copy"), ("Brief", "Design"), ("Copy", "Publish")]:
        tasks.add_dependency(admin, ids[before], ids[after])
    tasks.add_dependency(admin, ids["Design"], ids["Publish"])
    planning.add_milestone(
        admin, "Launch", {"name": "Live", "date": "2026-12-01"}, after_tasks=(ids["Publish"],)
    )
    tasks.create_task(admin, {"title": "Outline", "project": "Later", "estimate_days": 2})
