"""The portfolio service on a real database: what each project row and each team panel
holds, finished projects, and a constant number of queries.

"Now" is Monday 23 November 2026, 09:30. The workspace built by `build()`:

    member  capacity
    Ana     5
    Ben     2

    board Marketing: To Do · Doing (WIP 2) · Review (WIP 1) · Done
    board Web:       Inbox · Live (done)

    project       status     dates            tasks (estimate, column, dates)
    [Q4] Launch   active     Nov 2 → Dec 4    Brief (2, Done), Copy (3, Doing, due Nov 20,
                                              blocked, Ana), Design (none, To Do, Nov 24–25)
    Slow          active     Nov 16 → Nov 27  Event (1, To Do, Nov 30 → Dec 4)
    Quiet         planning   –                none
    Old           cancelled  –                Archive (1, Done)

    [Q4] Launch: KGI Deals 12 of 30; budget 1,000/600 + 500/700; milestones Kick-off
    (Nov 2, no tasks) and Launch day (Dec 1, waits for Design); risks 4×5 open,
    5×5 closed, 2×2 open. Slow: a 3×3 open risk. Old: a 5×5 open risk (cancelled
    project: not on the dashboard). Ben owns Plan (3 days, Mon 23 → Wed 25, To Do on
    Web): 3 of his 2 days this week.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from playhouse.test_utils import count_queries

from mpm_tui.db.models import Task
from mpm_tui.logic.portfolio import ScheduleState
from mpm_tui.schemas.inputs import ColumnIn
from mpm_tui.schemas.portfolio import Budget, ColumnWip, Dashboard, Goal, NextMilestone
from mpm_tui.services import (
    boards,
    members,
    planning,
    portfolio,
    portfolio_team,
    projects,
    settings,
    tasks,
)
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.timeline import load_timeline, schedule_of
from mpm_tui.widgets.timeline_layout import ProjectRow, build_rows
from tests.conftest import FROZEN_NOW

LAUNCH = "[Q4] Launch"
MON_16, FRI_20, MON_23 = date(2026, 11, 16), date(2026, 11, 20), date(2026, 11, 23)
TUE_24, WED_25, FRI_27 = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 27)
MON_30, TUE_1, FRI_4 = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 4)


def add(ctx: ServiceContext, title: str, **fields: Any) -> int:
    return tasks.create_task(ctx, {"title": title, "board": "Marketing", **fields}).id


def build(admin: ServiceContext) -> dict[str, int]:
    members.create_member(admin, {"name": "Ana", "role": "admin"})
    members.create_member(admin, {"name": "Ben", "capacity_days": 2})
    boards.create_board(
        admin,
        {
            "name": "Marketing",
            "columns": (
                ColumnIn(name="To Do"),
                ColumnIn(name="Doing", wip_limit=2),
                ColumnIn(name="Review", wip_limit=1, is_review=True),
                ColumnIn(name="Done", is_done=True),
            ),
        },
    )
    boards.create_board(
        admin,
        {"name": "Web", "columns": (ColumnIn(name="Inbox"), ColumnIn(name="Live", is_done=True))},
    )
    projects.create_project(
        admin, {"name": LAUNCH, "status": "active", "start": date(2026, 11, 2), "end": FRI_4}
    )
    projects.create_project(
        admin, {"name": "Slow", "status": "active", "start": MON_16, "end": FRI_27}
    )
    projects.create_project(admin, {"name": "Quiet"})
    projects.create_project(admin, {"name": "Old", "status": "active"})
    ids = {
        "Brief": add(admin, "Brief", project=LAUNCH, estimate_days=2, column="Done"),
        "Copy": add(
            admin,
            "Copy",
            project=LAUNCH,
            estimate_days=3,
            column="Doing",
            due=FRI_20,
            blocked=True,
            owner="Ana",
        ),
        "Design": add(admin, "Design", project=LAUNCH, start=TUE_24, due=WED_25),
        "Event": add(admin, "Event", project="Slow", estimate_days=1, start=MON_30, due=FRI_4),
        "Archive": add(admin, "Archive", project="Old", estimate_days=1, column="Done"),
        "Plan": add(
            admin, "Plan", board="Web", owner="Ben", estimate_days=3, start=MON_23, due=WED_25
        ),
    }
    planning.add_kpi(admin, LAUNCH, {"name": "Deals", "is_kgi": True, "target": 30, "actual": 12})
    planning.set_budget_line(admin, LAUNCH, {"channel": "paid", "planned": 1000, "spent": 600})
    planning.set_budget_line(admin, LAUNCH, {"channel": "email", "planned": 500, "spent": 700})
    planning.add_milestone(admin, LAUNCH, {"name": "Kick-off", "date": date(2026, 11, 2)})
    planning.add_milestone(
        admin, LAUNCH, {"name": "Launch day", "date": TUE_1}, after_tasks=(ids["Design"],)
    )
    planning.add_risk(admin, LAUNCH, {"description": "Pricing late", "probability": 4, "impact": 5})
    planning.add_risk(
        admin,
        LAUNCH,
        {"description": "Old worry", "probability": 5, "impact": 5, "status": "closed"},
    )
    planning.add_risk(admin, LAUNCH, {"description": "Minor [typo]", "probability": 2, "impact": 2})
    planning.add_risk(admin, "Slow", {"description": "Venue", "probability": 3, "impact": 3})
    planning.add_risk(admin, "Old", {"description": "Gone", "probability": 5, "impact": 5})
    projects.set_status(admin, "Old", "cancelled")
    Task.update(completed_at=datetime(2026, 11, 20, 10, 0)).where(Task.id == ids["Brief"]).execute()
    Task.update(completed_at=datetime(2026, 11, 2, 10, 0)).where(
        Task.id == ids["Archive"]
    ).execute()
    return ids


def load() -> Dashboard:
    return portfolio.load_dashboard(FROZEN_NOW)


def rows_by_name(dashboard: Dashboard) -> dict[str, Any]:
    return {row.project.name: row for row in dashboard.rows}


# --- the project rows ----------------------------------------------------------------


def test_projects_in_progress_first_then_finished(db_path: Path, admin: ServiceContext) -> None:
    build(admin)
    dashboard = load()
    assert [r.project.name for r in dashboard.active] == [LAUNCH, "Slow", "Quiet"]
    assert [r.project.name for r in dashboard.finished] == ["Old"]
    assert [r.project.name for r in dashboard.rows] == [LAUNCH, "Slow", "Quiet", "Old"]
    assert [r.project.name for r in portfolio.portfolio(FROZEN_NOW.date())] == [
        LAUNCH,
        "Slow",
        "Quiet",
    ]


def test_a_project_row_holds_progress_goal_budget_and_next_milestone(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    launch = rows_by_name(load())[LAUNCH]
    progress = launch.progress
    assert (progress.done_days, progress.total_days) == (2, 6)  # Design unestimated: 1 day
    assert (progress.done, progress.total, progress.unestimated) == (1, 3, 1)
    assert (progress.overdue, progress.blocked) == (1, 1)
    assert progress.label == "33%"
    assert launch.goal == Goal("Deals", "", 30, 12)
    assert launch.goal.attainment == 0.4
    assert launch.budget == Budget(1500, 1300)
    assert launch.next_milestone == NextMilestone("Launch day", TUE_1)


def test_schedule_states_follow_the_timeline(db_path: Path, admin: ServiceContext) -> None:
    build(admin)
    found = rows_by_name(load())
    launch, slow, quiet = found[LAUNCH].schedule, found["Slow"].schedule, found["Quiet"].schedule
    assert launch.state is ScheduleState.AT_RISK
    assert launch.reasons == ("1 task at risk (1 overdue)",)
    assert slow.state is ScheduleState.LATE
    assert slow.reasons == ("projected to end Dec 4, after its end date Nov 27",)
    assert quiet.state is ScheduleState.NO_PLAN
    assert found["Quiet"].goal is None and found["Quiet"].budget is None


def test_cancelling_the_overdue_task_puts_the_project_on_track(
    db_path: Path, admin: ServiceContext
) -> None:
    ids = build(admin)
    Task.update(cancelled_at=FROZEN_NOW).where(Task.id == ids["Copy"]).execute()
    launch = rows_by_name(load())[LAUNCH]
    assert launch.schedule.state is ScheduleState.ON_TRACK
    assert (launch.progress.done_days, launch.progress.total_days) == (2, 3)


def test_the_demo_states_match_what_the_timeline_shows(demo_db: Path) -> None:
    """Each project's `⚠ N at risk` on the timeline is the dashboard's count, and a
    project the timeline flags late (projected end after its end date) is late here."""
    today = FROZEN_NOW.date()
    data = load_timeline()
    timeline_rows = {
        row.project.id: row
        for row in build_rows(data, schedule_of(data, today), frozenset())
        if isinstance(row, ProjectRow) and row.project is not None
    }
    dashboard = load()
    assert {row.project.id for row in dashboard.active} == set(timeline_rows)
    for row in dashboard.active:
        shown = timeline_rows[row.project.id]
        assert row.schedule.at_risk == shown.at_risk, row.project.name
        assert row.schedule.projected_end == shown.end, row.project.name
        if shown.risks:
            assert row.schedule.state is ScheduleState.LATE
        elif shown.at_risk:
            assert row.schedule.state in (ScheduleState.AT_RISK, ScheduleState.LATE)
        else:
            assert row.schedule.state in (ScheduleState.ON_TRACK, ScheduleState.NO_PLAN)
    states = {row.project.name: row.schedule.state for row in dashboard.active}
    assert states == {
        "Monthly Newsletter": ScheduleState.AT_RISK,
        "SEO Content Push": ScheduleState.AT_RISK,
        "Aurora Launch": ScheduleState.AT_RISK,
        "Spring Trade Show": ScheduleState.ON_TRACK,
    }


# --- the team panels -----------------------------------------------------------------


def test_wip_per_column_counts_cards_as_the_board_does(
    db_path: Path, admin: ServiceContext
) -> None:
    ids = build(admin)
    Task.update(cancelled_at=FROZEN_NOW).where(Task.id == ids["Event"]).execute()
    assert load().wip == (
        ColumnWip("Marketing", "To Do", 1, None),  # Design (Event is cancelled)
        ColumnWip("Marketing", "Doing", 1, 2),
        ColumnWip("Marketing", "Review", 0, 1),
        ColumnWip("Web", "Inbox", 1, None),
    )
    view = boards.board_view()
    assert view is not None
    assert [c.count for c in view.columns if not c.is_done] == [1, 1, 0]


def test_members_at_or_over_capacity_this_week(db_path: Path, admin: ServiceContext) -> None:
    build(admin)
    dashboard = load()
    assert dashboard.week == MON_23
    assert [(m.name, m.symbol, m.text, m.percent) for m in dashboard.loaded] == [
        ("Ben", "▲", "3/2", "150%")
    ]
    add(admin, "Edit", owner="Ana", estimate_days=4.5, start=MON_23, due=FRI_27)
    assert [(m.name, m.symbol, m.text) for m in load().loaded] == [
        ("Ben", "▲", "3/2"),
        ("Ana", "◐", "4.5/5"),
    ]


def test_recent_completions_count_per_week_and_list_the_newest(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    completions = load().completions
    assert completions.last_7_days == 1
    assert completions.weekly == (0, 0, 0, 0, 0, 1, 0, 1)  # Archive Nov 2, Brief Nov 20
    assert [(t.title, t.project) for t in completions.newest] == [
        ("Brief", LAUNCH),
        ("Archive", "Old"),
    ]


def test_top_risks_are_open_ones_of_projects_in_progress_highest_first(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    dashboard = load()
    assert [(r.description, r.score, r.project) for r in dashboard.risks] == [
        ("Pricing late", 20, LAUNCH),
        ("Venue", 9, "Slow"),
        ("Minor [typo]", 4, LAUNCH),
    ]
    assert dashboard.open_risks == 3
    top, count = portfolio_team.top_risks(2)
    assert [r.description for r in top] == ["Pricing late", "Venue"]
    assert count == 3


# --- an empty workspace, and the cost ------------------------------------------------


def test_an_empty_workspace(db_path: Path) -> None:
    dashboard = load()
    assert dashboard.rows == dashboard.wip == dashboard.risks == dashboard.loaded == ()
    assert dashboard.completions.weekly == (0,) * 8


def counted() -> int:
    with count_queries() as queries:
        load()
    return queries.count


def test_a_constant_number_of_queries(db_path: Path, admin: ServiceContext) -> None:
    """22 whatever the size: projects 1, timeline 7, progress/KGIs/budgets 3, WIP 1,
    workload 6, completions 2, risks 2 (23 when collaborators carry a share)."""
    build(admin)
    small = counted()
    for n in range(12):
        name = f"Campaign {n}"
        projects.create_project(admin, {"name": name, "status": "active", "start": MON_16})
        planning.add_kpi(admin, name, {"name": "Leads", "is_kgi": True, "target": 10})
        planning.set_budget_line(admin, name, {"channel": "paid", "planned": 100})
        planning.add_risk(admin, name, {"description": f"Risk {n}"})
        first = add(admin, f"Task {n}a", project=name, owner="Ana", estimate_days=1, due=FRI_27)
        add(admin, f"Task {n}b", project=name, column="Done", estimate_days=2)
        second = add(admin, f"Task {n}c", project=name, start=MON_30, due=FRI_4)
        tasks.add_dependency(admin, first, second)
        planning.add_milestone(
            admin, name, {"name": "Launch", "date": FRI_4}, after_tasks=(second,)
        )
    assert len(load().rows) == 16
    large = counted()
    assert small == large == 22
    settings.set_setting(admin, "workload.collaborator_share", "0.3")
    assert counted() == 23
