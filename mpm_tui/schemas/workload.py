"""What the workload screen and `mpm report workload` read, beside the numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from mpm_tui.logic.workload import Person, Who, Workload


class Team(StrEnum):
    """Which members a workload shows."""

    ALL = "all"
    INTERNAL = "internal"
    EXTERNAL = "external"


@dataclass(frozen=True)
class WorkloadFilter:
    """Narrow the workload to one project, one board, or one side of the team."""

    project: str | None = None
    board: str | None = None
    team: Team = Team.ALL

    @property
    def active(self) -> bool:
        return bool(self.project or self.board or self.team is not Team.ALL)

    def describe(self) -> str:
        """`project Spring Launch · board Marketing · external members`, or `everything`."""
        parts = []
        if self.project:
            parts.append(f"project {self.project}")
        if self.board:
            parts.append(f"board {self.board}")
        if self.team is not Team.ALL:
            parts.append(f"{self.team.value} members")
        return " · ".join(parts) or "all work"


@dataclass(frozen=True)
class WorkTask:
    """A task behind a cell: what the side panel lists and the reassign needs."""

    id: int
    title: str
    project: str | None
    owner: str | None
    owner_id: int | None
    column: str
    board: str
    start: date | None
    due: date | None
    estimate: float | None
    version: int


@dataclass(frozen=True)
class Wip:
    """A member's cards in progress now (between a board's first and done columns)."""

    count: int = 0
    over: tuple[tuple[str, int, int], ...] = ()
    """(column, held, per-person limit) where the member holds more than the limit."""
    full: tuple[tuple[str, int, int], ...] = ()
    """… and where the member holds exactly the limit (can take no more)."""

    @property
    def flag(self) -> str:
        """`▲` above a per-person limit, `●` at one, else ``."""
        return "▲" if self.over else "●" if self.full else ""

    def describe(self) -> str:
        parts = [f"{self.count} in progress"]
        parts += [
            f"{held}/{limit} in {column} (over the limit)" for column, held, limit in self.over
        ]
        parts += [f"{held}/{limit} in {column} (at the limit)" for column, held, limit in self.full]
        return ", ".join(parts)


@dataclass
class WorkloadView:
    """The workload of `weeks`, the tasks behind it and everyone's work in progress."""

    workload: Workload
    tasks: dict[int, WorkTask] = field(default_factory=dict)
    wip: dict[int, Wip] = field(default_factory=dict)
    share: float = 0.0
    filter: WorkloadFilter = field(default_factory=WorkloadFilter)
    show_unassigned: bool = True

    @property
    def people(self) -> tuple[Person, ...]:
        return self.workload.people

    @property
    def weeks(self) -> tuple[date, ...]:
        return self.workload.weeks

    def rows(self) -> list[Who]:
        """Row keys, in the order shown: people, then unassigned work (None)."""
        found: list[Who] = [p.id for p in self.people]
        if self.show_unassigned:
            found.append(None)
        return found
