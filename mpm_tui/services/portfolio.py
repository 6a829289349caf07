"""The portfolio: every project with its task progress, for the dashboard.

Read-only, and a constant number of queries however many projects there are:
one for the projects (with their owners), one grouped count over the tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from peewee import SQL, Case, fn

from mpm_tui.db.models import Task
from mpm_tui.schemas.views import ProjectView
from mpm_tui.services.projects import list_projects


@dataclass(frozen=True)
class TaskProgress:
    """Counts over a project's open (not cancelled) tasks."""

    done: int = 0
    total: int = 0
    overdue: int = 0

    @property
    def label(self) -> str:
        """`7/12` (done of total, by count)."""
        return f"{self.done}/{self.total}"


@dataclass(frozen=True)
class PortfolioRow:
    project: ProjectView
    progress: TaskProgress


def task_progress(today: date) -> dict[int, TaskProgress]:
    """Done, total and overdue task counts per project id, in one grouped query.

    Done means completed (the task sits in the board's done column); overdue
    means due before `today` and not completed — the same rule as the board.
    Projects without tasks are absent from the result.
    """
    done = fn.SUM(Case(None, [(Task.completed_at.is_null(False), 1)], 0))
    overdue = fn.SUM(
        Case(None, [((Task.due < today) & Task.completed_at.is_null(), 1)], 0),
    )
    query = (
        Task.select(Task.project, done, fn.COUNT(SQL("*")), overdue)
        .where(Task.cancelled_at.is_null() & Task.project.is_null(False))
        .group_by(Task.project)
        .tuples()
    )
    rows = cast(list[tuple[int, int | None, int, int | None]], list(query))
    return {
        project_id: TaskProgress(int(n_done or 0), int(n_total), int(n_overdue or 0))
        for project_id, n_done, n_total, n_overdue in rows
    }


def portfolio(today: date) -> list[PortfolioRow]:
    """Every project (in start-date order) with its task progress: two queries."""
    progress = task_progress(today)
    return [
        PortfolioRow(project, progress.get(project.id, TaskProgress()))
        for project in list_projects()
    ]
