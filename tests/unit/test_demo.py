"""The demo workspace: realistic, within every rule, and the same for the same today."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from peewee import fn

from mpm_tui.db.database import close_database, open_database
from mpm_tui.db.models import (
    Activity,
    Attachment,
    BoardColumn,
    BudgetLine,
    ChecklistItem,
    Comment,
    Dependency,
    Holiday,
    Kpi,
    Member,
    Milestone,
    RetroItem,
    Retrospective,
    Risk,
    Task,
    TaskCollaborator,
)
from mpm_tui.logic.graph import find_path
from mpm_tui.schemas.enums import ProjectStatus, Role
from mpm_tui.services import boards, members, projects
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.demo import DEMO_USER, MAIN_BOARD, build_demo
from mpm_tui.services.errors import RuleViolation
from tests.conftest import FROZEN_NOW, dump_database, frozen_clock, table_counts

TODAY = FROZEN_NOW.date()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo built with the frozen clock, shared by the read-only tests."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    open_database(path)
    try:
        build_demo(ServiceContext(Actor("Setup", Role.ADMIN, None), frozen_clock))
    finally:
        close_database()
    return path


@pytest.fixture
def demo(demo_file: Path) -> Iterator[Path]:
    open_database(demo_file)
    yield demo_file
    close_database()


def column_counts(board: str) -> list[tuple[str, int, int | None]]:
    view = next(b for b in boards.list_boards() if b.name == board)
    board_view = boards.board_view(view.id)
    assert board_view is not None
    return [(c.name, len(c.cards), c.wip_limit) for c in board_view.columns]


def test_members(demo: Path) -> None:
    people = members.list_members(include_inactive=True)
    assert len(people) >= 8
    externals = [m for m in people if m.is_external]
    assert 1 <= len(externals) <= 2
    assert {m.organisation for m in externals} == {"Brightside Agency"}
    assert [m.role for m in people].count(Role.VIEWER) == 1
    first = Member.select().order_by(Member.id).first()
    assert first.name == DEMO_USER
    assert first.role == Role.ADMIN.value
    assert len({m.capacity_days for m in people}) >= 3
    assert 2.5 in {m.capacity_days for m in people}


def test_projects_and_the_closed_one(demo: Path) -> None:
    all_projects = projects.list_projects()
    assert len(all_projects) == 5
    statuses = Counter(p.status for p in all_projects)
    assert statuses[ProjectStatus.DONE] == 1
    assert {ProjectStatus.ACTIVE, ProjectStatus.PLANNING, ProjectStatus.ON_HOLD} <= set(statuses)
    done = next(p for p in all_projects if p.status == ProjectStatus.DONE)
    retro = Retrospective.get((Retrospective.project == done.id) & (Retrospective.kind == "final"))
    assert retro.status == "complete"
    sections = Counter(
        item.section for item in RetroItem.select().where(RetroItem.retrospective == retro)
    )
    assert set(sections) == {"went_well", "went_badly", "improvement", "action"}
    done_tasks = Task.select().where(Task.project == done.id)
    assert all(task.completed_at is not None for task in done_tasks)


def test_boards_and_wip_limits(demo: Path) -> None:
    assert [b.name for b in boards.list_boards()] == [MAIN_BOARD, "Agency Requests"]
    assert 110 <= Task.select().count() <= 130
    main = column_counts(MAIN_BOARD)
    assert [name for name, _, _ in main] == ["To Do", "In Progress", "Review", "Done"]
    assert all(count > 0 for _, count, _ in main)
    limited = [(count, limit) for _, count, limit in main if limit is not None]
    assert any(count == limit for count, limit in limited), "one column shows it is full"
    assert all(count <= limit for count, limit in limited)
    assert "In Progress" in {name for name, _, limit in main if limit is not None}
    agency = column_counts("Agency Requests")
    assert 5 <= sum(count for _, count, _ in agency) <= 8
    assert all(count <= limit for _, count, limit in agency if limit is not None)


def test_tasks_look_like_real_work(demo: Path) -> None:
    rows = list(Task.select().join(BoardColumn))
    in_done = [t for t in rows if t.column.is_done]
    assert all(t.completed_at is not None and t.completed_at <= FROZEN_NOW for t in in_done)
    assert all(t.completed_at is None for t in rows if not t.column.is_done)
    assert all(t.start <= TODAY for t in rows if t.column.is_done or t.column.position in (1, 2))
    assert all(t.reviewer_id for t in rows if t.column.is_review)
    overdue = [t for t in rows if not t.column.is_done and t.due < TODAY]
    assert len(overdue) >= 3
    blocked = [t for t in rows if t.blocked]
    assert len(blocked) >= 3 and all(t.blocked_reason for t in blocked)
    assert sum(t.owner_id is None for t in rows) >= 3
    estimates = Counter(t.estimate_days for t in rows)
    assert sum(n for days, n in estimates.items() if days <= 3) > 0.9 * len(rows)
    assert estimates[5] >= 3
    assert len({t.channel for t in rows} - {None}) == 7
    assert len({t.priority for t in rows}) == 4
    stuck = [t for t in rows if t.column.position in (1, 2)]
    assert max(FROZEN_NOW - t.entered_column_at for t in stuck).days >= 5


def test_task_details(demo: Path) -> None:
    partly_ticked = (
        ChecklistItem.select(ChecklistItem.task)
        .group_by(ChecklistItem.task)
        .having((fn.SUM(ChecklistItem.done) > 0) & (fn.SUM(ChecklistItem.done) < fn.COUNT()))
    )
    assert partly_ticked.count() >= 2
    assert Comment.select().count() >= 5
    assert Comment.select().where(Comment.author.is_null()).count() == 0
    assert Attachment.select().count() >= 5
    roles = {c.role for c in TaskCollaborator.select()}
    assert {"designer", "writer", "reviewer"} <= roles


def test_dependencies_are_acyclic_chains_within_projects(demo: Path) -> None:
    edges = list(Dependency.select(Dependency.predecessor, Dependency.successor).tuples())
    assert len(edges) >= 40
    for pred, succ in edges:
        assert find_path(edges, succ, pred) is None
    for dep in Dependency.select():
        assert dep.predecessor.project_id == dep.successor.project_id
        assert dep.predecessor.due < dep.successor.start


def test_planning_records(demo: Path) -> None:
    for project in projects.list_projects():
        assert Milestone.select().where(Milestone.project == project.id).count() >= 4
        assert BudgetLine.select().where(BudgetLine.project == project.id).count() >= 2
    funnels = (
        Kpi.select(Kpi.project)
        .where(Kpi.parent.is_null(False) & Kpi.conversion_rate.is_null(False))
        .distinct()
    )
    assert funnels.count() >= 2
    kgis = Kpi.select().where(Kpi.is_kgi == True)  # noqa: E712
    assert kgis.count() >= 2
    assert Kpi.select().where(Kpi.actual.is_null(False)).count() >= 5
    # Worked back through the funnel: 30 deals ← 100 SQLs ← 250 MQLs ← 1,000 leads.
    assert Kpi.get(Kpi.name == "Leads").target == 1000
    assert Risk.select().count() >= 3
    assert Holiday.select().count() >= 2
    spend = list(BudgetLine.select())
    assert any(line.spent > line.planned for line in spend)


def test_nothing_is_dated_after_now(demo: Path) -> None:
    assert Activity.select(fn.MAX(Activity.at)).scalar() <= FROZEN_NOW
    assert Task.select(fn.MAX(Task.created_at)).scalar() <= FROZEN_NOW
    assert Task.select(fn.MAX(Task.entered_column_at)).scalar() <= FROZEN_NOW
    assert Comment.select(fn.MAX(Comment.created_at)).scalar() <= FROZEN_NOW
    actors = {a.actor_name for a in Activity.select(Activity.actor_name).distinct()}
    assert DEMO_USER in actors and len(actors) >= 6


def test_same_today_gives_the_same_workspace(
    db_path: Path, admin: ServiceContext, tmp_path: Path
) -> None:
    build_demo(admin)
    first = dump_database()
    close_database()
    open_database(tmp_path / "b.db")
    build_demo(admin)
    second = dump_database()
    # schema_version records when the migrations ran (wall clock): not workspace data.
    first.pop("schema_version")
    second.pop("schema_version")
    assert first == second


def test_any_weekday_keeps_the_rules(db_path: Path) -> None:
    """A Saturday: the layout moves dates to working days; WIP still holds."""
    saturday = datetime(2026, 11, 28, 8, 0)
    build_demo(ServiceContext(Actor("Setup", Role.ADMIN, None), lambda: saturday))
    main = column_counts(MAIN_BOARD)
    assert all(count > 0 for _, count, _ in main)
    assert all(count <= limit for _, count, limit in main if limit is not None)
    assert Activity.select(fn.MAX(Activity.at)).scalar() <= saturday
    for dep in Dependency.select():
        assert dep.predecessor.due < dep.successor.start


def test_refuses_a_workspace_that_is_not_empty(db_path: Path, admin: ServiceContext) -> None:
    members.create_member(admin, {"name": "Somebody"})
    before = table_counts()
    with pytest.raises(RuleViolation, match="empty workspace"):
        build_demo(admin)
    assert table_counts() == before
