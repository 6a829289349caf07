"""What the timeline and `mpm schedule` read: projects, dated tasks, milestones, links."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from mpm_tui.schemas.enums import Priority, ProjectStatus


@dataclass(frozen=True)
class TimelineProject:
    id: int
    name: str
    status: ProjectStatus
    start: date | None
    end: date | None
    owner: str | None


@dataclass(frozen=True)
class TimelineTask:
    id: int
    title: str
    project_id: int | None
    owner: str | None
    column: str
    start: date | None
    due: date | None
    estimate_days: float | None
    done: bool
    started: bool
    """The card has left its board's first column (or is done)."""
    blocked: bool
    priority: Priority
    version: int


@dataclass(frozen=True)
class TimelineMilestone:
    id: int
    project_id: int
    name: str
    date: date
    kind: str
    reached: bool
    after: tuple[int, ...] = ()
    """Tasks that must be done for the milestone."""


@dataclass(frozen=True)
class TimelineData:
    """Everything on the timeline, read in a constant number of queries."""

    projects: tuple[TimelineProject, ...] = ()
    tasks: tuple[TimelineTask, ...] = ()
    milestones: tuple[TimelineMilestone, ...] = ()
    dependencies: tuple[tuple[int, int], ...] = ()
    """(predecessor, successor) task ids, finish-to-start."""
    holidays: frozenset[date] = field(default_factory=frozenset)

    def with_task(self, task: TimelineTask) -> TimelineData:
        """The same data with one task replaced (after its dates changed)."""
        return replace(self, tasks=tuple(task if t.id == task.id else t for t in self.tasks))
