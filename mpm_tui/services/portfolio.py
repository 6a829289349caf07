"""The portfolio dashboard: every project's progress, schedule, goal and budget, and the team.

Read-only, and a constant number of queries however big the workspace:

- the projects with their owners (1);
- the timeline's data (`timeline.load_timeline`, 7) and its schedule, the
  one the timeline screen draws: each project's state comes from it
  (`logic.portfolio.project_states`), so the two never disagree;
- one grouped query each for task progress, KGIs and budget totals (3);
- the team panels (`portfolio_team`): WIP per column (1), this week's
  workload (`workload.load_workload`, 6 or 7), recent completions (2) and the
  top open risks (2): 22 in all (23 when collaborators carry a share).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from peewee import SQL, Case, fn

from mpm_tui.db.models import BoardColumn, BudgetLine, Kpi, Task
from mpm_tui.logic.portfolio import (
    UNESTIMATED_DAYS,
    ProjectState,
    ScheduleState,
    project_states,
)
from mpm_tui.logic.schedule import PlanMilestone, PlanTask, ScheduleCycle
from mpm_tui.schemas.portfolio import (
    Budget,
    Dashboard,
    Goal,
    NextMilestone,
    PortfolioRow,
    TaskProgress,
)
from mpm_tui.schemas.timeline import TimelineData
from mpm_tui.services import portfolio_team, timeline
from mpm_tui.services.projects import list_projects
from mpm_tui.services.raw import raw_rows

__all__ = ["PortfolioRow", "TaskProgress", "load_dashboard", "portfolio", "task_progress"]


def task_progress(today: date) -> dict[int, TaskProgress]:
    """Progress, overdue and blocked counts per project id, in one grouped query.

    Done means completed or in a done column (the timeline's rule); overdue
    means due before `today` and not done — the board's rule. Projects
    without tasks are absent from the result.
    """
    done = Task.completed_at.is_null(False) | (BoardColumn.is_done == True)  # noqa: E712
    weight = fn.COALESCE(Task.estimate_days, UNESTIMATED_DAYS)

    def count(condition: Any, value: Any = 1) -> Any:
        return fn.SUM(Case(None, [(condition, value)], 0))

    query = (
        Task.select(
            Task.project,
            count(done, weight),
            fn.SUM(weight),
            count(done),
            fn.COUNT(SQL("*")),
            count((Task.due < today) & ~done),
            count((Task.blocked == True) & ~done),  # noqa: E712
            count(Task.estimate_days.is_null()),
        )
        .join(BoardColumn, on=(Task.column == BoardColumn.id))
        .where(Task.cancelled_at.is_null() & Task.project.is_null(False))
        .group_by(Task.project)
    )
    return {
        project_id: TaskProgress(
            float(done_days or 0),
            float(total_days or 0),
            int(n_done or 0),
            int(n_total),
            int(n_overdue or 0),
            int(n_blocked or 0),
            int(n_unestimated or 0),
        )
        for (
            project_id,
            done_days,
            total_days,
            n_done,
            n_total,
            n_overdue,
            n_blocked,
            n_unestimated,
        ) in raw_rows(query)
    }


def goals_by_project() -> dict[int, Goal]:
    """Each project's KGI (the first by position when there are several): one query."""
    found: dict[int, Goal] = {}
    query = (
        Kpi.select(Kpi.project, Kpi.name, Kpi.unit, Kpi.target, Kpi.actual)
        .where(Kpi.is_kgi == True)  # noqa: E712
        .order_by(Kpi.project, Kpi.position, Kpi.id)
    )
    for project_id, name, unit, target, actual in raw_rows(query):
        found.setdefault(project_id, Goal(name, unit, target, actual))
    return found


def budgets_by_project() -> dict[int, Budget]:
    """Planned and spent over each project's budget lines: one grouped query."""
    query = BudgetLine.select(
        BudgetLine.project, fn.SUM(BudgetLine.planned), fn.SUM(BudgetLine.spent)
    ).group_by(BudgetLine.project)
    return {
        project_id: Budget(float(planned or 0), float(spent or 0))
        for project_id, planned, spent in raw_rows(query)
    }


def schedule_states(data: TimelineData, today: date) -> dict[int, ProjectState]:
    """Each project's state from the schedule the timeline draws for the same data."""
    ids = [p.id for p in data.projects]
    try:
        schedule = timeline.schedule_of(data, today)
    except ScheduleCycle as exc:  # only a database edited outside mpm can hold one
        return {pid: ProjectState(ScheduleState.UNKNOWN, (f"no schedule: {exc}",)) for pid in ids}
    tasks = [
        PlanTask(id=t.id, project=t.project_id, done=t.done, started=t.started) for t in data.tasks
    ]
    milestones = [
        PlanMilestone(m.id, m.name, m.date, m.project_id, m.after, m.reached)
        for m in data.milestones
    ]
    return project_states(ids, schedule, tasks, milestones, today)


def next_milestones(data: TimelineData, today: date) -> dict[int, NextMilestone]:
    """Each project's first milestone from today on that is not reached."""
    found: dict[int, NextMilestone] = {}
    for m in data.milestones:  # in date order
        if m.date >= today and not m.reached:
            found.setdefault(m.project_id, NextMilestone(m.name, m.date))
    return found


def portfolio(today: date, *, include_finished: bool = False) -> list[PortfolioRow]:
    """The projects in progress (start-date order), finished ones after them when asked."""
    data = timeline.load_timeline()
    states = schedule_states(data, today)
    upcoming = next_milestones(data, today)
    progress = task_progress(today)
    goals = goals_by_project()
    budgets = budgets_by_project()
    rows = [
        PortfolioRow(
            project,
            progress.get(project.id, TaskProgress()),
            states.get(project.id, ProjectState(ScheduleState.NO_PLAN)),
            goals.get(project.id),
            budgets.get(project.id),
            upcoming.get(project.id),
        )
        for project in list_projects()
        if include_finished or not project.status.finished
    ]
    return [row for row in rows if not row.finished] + [row for row in rows if row.finished]


def load_dashboard(now: datetime, *, risks: int = 5, recent: int = 8) -> Dashboard:
    """Every project (finished ones last) and the team's panels, as of `now`."""
    today = now.date()
    week, loaded = portfolio_team.loaded_members(today)
    top, open_risks = portfolio_team.top_risks(risks)
    return Dashboard(
        rows=tuple(portfolio(today, include_finished=True)),
        wip=portfolio_team.column_wip(),
        loaded=loaded,
        week=week,
        completions=portfolio_team.completions(now, newest=recent),
        risks=top,
        open_risks=open_risks,
    )
