"""What the retrospective editor and the library read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from mpm_tui.schemas.enums import RetroKind, RetroSection, RetroStatus


@dataclass(frozen=True)
class RetroItemView:
    id: int
    section: RetroSection
    text: str
    position: int
    owner: str | None = None  # action items
    task_id: int | None = None  # the task an action item became
    task_project: str | None = None


@dataclass(frozen=True)
class RetroKpiRow:
    """A KPI of the project, target vs actual, with the root cause of a miss."""

    kpi_id: int
    name: str
    unit: str
    target: float | None
    actual: float | None
    note: str = ""

    @property
    def attainment(self) -> float | None:
        if self.actual is None or self.target is None or self.target == 0:
            return None
        return self.actual / self.target

    @property
    def missed(self) -> bool:
        use = self.attainment
        return use is not None and use < 1


@dataclass(frozen=True)
class RetroView:
    """One retrospective, all of it (read in a constant number of queries)."""

    id: int
    project: str
    project_id: int
    kind: RetroKind
    status: RetroStatus
    held_on: date | None
    participants: tuple[str, ...]
    items: tuple[RetroItemView, ...]  # by section, then position
    kpis: tuple[RetroKpiRow, ...]
    completed_at: datetime | None
    version: int

    def section(self, section: RetroSection) -> tuple[RetroItemView, ...]:
        return tuple(item for item in self.items if item.section is section)


@dataclass(frozen=True)
class RetroHit:
    """A library result: a retrospective and the items and KPI notes that matched
    the search."""

    retro_id: int
    project: str
    project_kind: str
    channels: tuple[str, ...]
    kind: RetroKind
    status: RetroStatus
    held_on: date | None
    matches: tuple[RetroItemView, ...]
    """Items whose text matched (every item when the search is empty)."""
    kpi_matches: tuple[RetroKpiRow, ...] = ()
    """KPI rows whose root-cause note matched, in funnel order (none when the search
    is empty)."""
