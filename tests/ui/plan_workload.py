"""The purpose-built team the workload tests drive (today: Monday 2026-11-23).

    week of        Nov 23 (wk 0)           Nov 30 (wk 1)        Dec 7 (wk 2, Tue 8 a holiday)
    Ann Lee  5 d   Brief 3 + Copy 2        Copy 2               —        capacity 4 in wk 2
                   + Outline 1 = 6/5 ▲
    Bo Chan  5 d   Design 2 + Research 1   —                    —
                   = 3/5 ○                                                 + Ideas 1 d, no dates
    Cy Dee 2.5 d   —                       Site 2 = 2/2.5 ○     —        capacity 2 in wk 2
    Ed Fox (Acme Agency, external, 3 d)
                   Banner 1 = 1/3 ○
    Unassigned     —                       Press 2

Brief Mon 23–Wed 25 (3 d), Copy Thu 26–Tue Dec 1 (4 d: 2 + 2), Outline Tue 24
(1 d), Design Mon 23–Fri 27 (2 d over five days), Research Mon 23 (1 d),
Site Mon 30–Fri Dec 4 (2 d), Banner Mon 23–Tue 24 (1 d), Press Tue 1–Wed 2.
Research (Bo) and Outline (Ann) are In Progress, whose per-person limit is 1:
each is at the limit (●), so Outline cannot go to Bo. Vic Roe is a viewer
with no capacity and no work: not a row.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mpm_tui.app import MPMApp
from mpm_tui.db.database import open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, planning, projects, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock

SIZE = (120, 30)

PLAN: list[tuple[str, str | None, str | None, str | None, float]] = [
    ("Brief", "Ann Lee", "2026-11-23", "2026-11-25", 3),
    ("Copy", "Ann Lee", "2026-11-26", "2026-12-01", 4),
    ("Outline", "Ann Lee", "2026-11-24", "2026-11-24", 1),
    ("Design", "Bo Chan", "2026-11-23", "2026-11-27", 2),
    ("Research", "Bo Chan", "2026-11-23", "2026-11-23", 1),
    ("Ideas", "Bo Chan", None, None, 1),
    ("Site", "Cy Dee", "2026-11-30", "2026-12-04", 2),
    ("Banner", "Ed Fox", "2026-11-23", "2026-11-24", 1),
    ("Press", None, "2026-12-01", "2026-12-02", 2),
]
"""(title, owner, start, due, estimate)."""


def make_app(user: str = "Ann Lee", *, read_only: bool = False) -> MPMApp:
    actor = members.resolve_actor(user, os_user="", read_only=read_only)
    return MPMApp(
        ServiceContext(actor, frozen_clock),
        workspace="test",
        mode="workload",
        clock=frozen_clock,
        background_loads=False,
    )


def build_team(path: Path) -> None:
    open_database(path)
    setup = ServiceContext(Actor("set-up", Role.ADMIN), frozen_clock)
    members.create_member(setup, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
    admin = ServiceContext(members.resolve_actor("Ann Lee", os_user=""), frozen_clock)
    members.create_member(admin, {"name": "Bo Chan", "role": "editor"})
    members.create_member(admin, {"name": "Cy Dee", "role": "editor", "capacity_days": 2.5})
    members.create_member(
        admin,
        {"name": "Ed Fox", "capacity_days": 3, "is_external": True, "organisation": "Acme Agency"},
    )
    members.create_member(admin, {"name": "Vic Roe", "role": "viewer", "capacity_days": 0})
    boards.create_board(admin, {"name": "Work"})
    boards.set_person_limit(admin, "Work", "In Progress", 1)
    planning.add_holiday(admin, date(2026, 12, 8), "Founders' Day")
    projects.create_project(
        admin,
        {"name": "Launch", "start": "2026-11-23", "end": "2026-12-11", "status": "active"},
    )
    for title, owner, start, due, estimate in PLAN:
        view = tasks.create_task(
            admin,
            {
                "title": title,
                "project": "Launch",
                "owner": owner,
                "start": start,
                "due": due,
                "estimate_days": estimate,
            },
        )
        if title in {"Research", "Outline"}:
            tasks.move_task_to(admin, view.id, "In Progress")
