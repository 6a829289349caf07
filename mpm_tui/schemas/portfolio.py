"""What the portfolio dashboard shows: a row per project, and the team's panels."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from mpm_tui.logic.funnel import attainment
from mpm_tui.logic.portfolio import ProjectState, ScheduleState, progress_share
from mpm_tui.schemas.views import ProjectView


@dataclass(frozen=True)
class TaskProgress:
    """A project's tasks (cancelled ones left out), by estimated days and by count.

    A task without an estimate weighs one day (`logic.portfolio.UNESTIMATED_DAYS`)."""

    done_days: float = 0.0
    total_days: float = 0.0
    done: int = 0
    total: int = 0
    overdue: int = 0
    """Due before today and not done (the board's ⚠)."""
    blocked: int = 0
    """Flagged blocked and not done."""
    unestimated: int = 0

    @property
    def share(self) -> float | None:
        """Done days over all days (None: no tasks)."""
        return progress_share(self.done_days, self.total_days)

    @property
    def label(self) -> str:
        """`60%` of the estimated days done (rounded down: 100% only when all is
        done), `—` with no tasks."""
        share = self.share
        return "—" if share is None else f"{math.floor(share * 100 + 1e-9)}%"


@dataclass(frozen=True)
class Goal:
    """A project's KGI (its main goal) and how far it is reached."""

    name: str
    unit: str
    target: float | None
    actual: float | None

    @property
    def attainment(self) -> float | None:
        """actual / target (1.0 = met); None when either is missing or the target is 0."""
        return attainment(self.actual, self.target)


@dataclass(frozen=True)
class Budget:
    """A project's budget lines added up."""

    planned: float = 0.0
    spent: float = 0.0

    @property
    def burn(self) -> float | None:
        """spent / planned (None with nothing planned)."""
        return self.spent / self.planned if self.planned else None


@dataclass(frozen=True)
class NextMilestone:
    name: str
    date: date


@dataclass(frozen=True)
class PortfolioRow:
    """One project on the dashboard."""

    project: ProjectView
    progress: TaskProgress = field(default_factory=TaskProgress)
    schedule: ProjectState = field(default_factory=lambda: ProjectState(ScheduleState.NO_PLAN))
    goal: Goal | None = None
    budget: Budget | None = None
    """None: no budget lines."""
    next_milestone: NextMilestone | None = None

    @property
    def finished(self) -> bool:
        return self.project.status.finished


@dataclass(frozen=True)
class ColumnWip:
    """A board column's cards against its WIP limit (as the board counts them)."""

    board: str
    column: str
    count: int
    limit: int | None

    @property
    def at_limit(self) -> bool:
        return self.limit is not None and self.count == self.limit

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.count > self.limit

    @property
    def label(self) -> str:
        """`3/4`, `4/4 ●` at the limit, `5/4 ▲` over it, or `3` without a limit."""
        if self.limit is None:
            return str(self.count)
        mark = " ▲" if self.over_limit else " ●" if self.at_limit else ""
        return f"{self.count}/{self.limit}{mark}"


@dataclass(frozen=True)
class MemberLoad:
    """A member near or over capacity this week (the workload screen's bands)."""

    name: str
    assigned: float
    capacity: float
    symbol: str
    """`▲` over capacity, `◐` near it."""
    text: str
    """`6.5/4`: assigned over capacity in days."""
    percent: str


@dataclass(frozen=True)
class CompletedTask:
    id: int
    title: str
    project: str | None
    project_id: int | None
    completed_at: datetime


@dataclass(frozen=True)
class Completions:
    """Tasks completed lately: the newest few and a count per week."""

    last_7_days: int = 0
    weekly: tuple[int, ...] = ()
    """Completions per seven-day window, oldest first; the last is the last 7 days."""
    newest: tuple[CompletedTask, ...] = ()


@dataclass(frozen=True)
class TopRisk:
    """An open risk of a project in progress, from its risk register."""

    id: int
    description: str
    probability: int
    impact: int
    project: str
    project_id: int
    owner: str | None
    response: str

    @property
    def score(self) -> int:
        return self.probability * self.impact


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows, read in a constant number of queries."""

    rows: tuple[PortfolioRow, ...] = ()
    """Projects in progress (start-date order), then finished ones."""
    wip: tuple[ColumnWip, ...] = ()
    """Every board's columns before its done column, board by board."""
    loaded: tuple[MemberLoad, ...] = ()
    """Over capacity first, then near it; the fullest first."""
    week: date | None = None
    """The Monday of the week `loaded` is about."""
    completions: Completions = field(default_factory=Completions)
    risks: tuple[TopRisk, ...] = ()
    """The highest-scored open risks, highest first."""
    open_risks: int = 0
    """All open risks of projects in progress (`risks` holds the top few)."""

    @property
    def active(self) -> tuple[PortfolioRow, ...]:
        return tuple(row for row in self.rows if not row.finished)

    @property
    def finished(self) -> tuple[PortfolioRow, ...]:
        return tuple(row for row in self.rows if row.finished)
