"""What the project detail shows: goals (the KPI funnel), budget, milestones, risks, scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from mpm_tui.logic.funnel import attainment
from mpm_tui.logic.risk import RiskBand, band_of, risk_score
from mpm_tui.schemas.enums import RetroStatus
from mpm_tui.schemas.views import ProjectView


@dataclass(frozen=True)
class KpiEntryView:
    """A dated actual (imported from an analytics or CRM export, or typed in)."""

    date: date
    value: float


@dataclass(frozen=True)
class KpiView:
    """One KPI. In a funnel, `parent` is the stage it converts into at `rate`;
    its target is worked back from the parent's (the KGI's is set by hand)."""

    id: int
    name: str
    stage: str
    is_kgi: bool
    unit: str
    parent: str | None
    rate: float | None
    target: float | None
    actual: float | None
    entries: tuple[KpiEntryView, ...] = ()
    depth: int = 0
    """Steps from the KGI (0: the KGI or a KPI outside the funnel)."""

    @property
    def attainment(self) -> float | None:
        """actual / target (1.0 = met); None when either is missing or the target is 0."""
        return attainment(self.actual, self.target)


@dataclass(frozen=True)
class BudgetView:
    id: int
    channel: str
    planned: float
    spent: float
    note: str

    @property
    def remainder(self) -> float:
        """What is left (negative: overspent)."""
        return self.planned - self.spent

    @property
    def burn(self) -> float | None:
        """spent / planned (None with nothing planned)."""
        return self.spent / self.planned if self.planned else None


@dataclass(frozen=True)
class MilestoneView:
    id: int
    name: str
    date: date
    kind: str
    reached: bool


@dataclass(frozen=True)
class RiskView:
    """One risk of the register (see `logic.risk` for the score, bands and order)."""

    id: int
    description: str
    probability: int
    impact: int
    response: str
    owner: str | None
    status: str
    created_at: datetime | None = None
    project: str = ""
    """The project's name (filled by `services.risks`; "" where the project is known)."""

    @property
    def score(self) -> int:
        return risk_score(self.probability, self.impact)

    @property
    def band(self) -> RiskBand:
        return band_of(self.score)

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class RetroSummary:
    id: int
    kind: str
    status: RetroStatus
    held_on: date | None


@dataclass(frozen=True)
class ProjectDetail:
    """Everything the project detail screen shows, read in a constant number of queries."""

    project: ProjectView
    kpis: tuple[KpiView, ...]
    """The funnel from the KGI upwards (each stage after the one it converts into),
    then any KPI outside it."""
    budget: tuple[BudgetView, ...]
    milestones: tuple[MilestoneView, ...]
    risks: tuple[RiskView, ...]
    """Highest score first."""
    retros: tuple[RetroSummary, ...]
    tasks_open: int = 0
    tasks_done: int = 0

    @property
    def budget_planned(self) -> float:
        return sum(line.planned for line in self.budget)

    @property
    def budget_spent(self) -> float:
        return sum(line.spent for line in self.budget)
