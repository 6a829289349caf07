"""The closed vocabularies of the domain, shared by db, services, CLI and screens."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"viewer": 0, "editor": 1, "admin": 2}[self.value]


class ProjectStatus(StrEnum):
    PLANNING = "planning"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """Done or cancelled: no longer anyone's work."""
        return self.value in FINISHED_STATUSES


FINISHED_STATUSES: tuple[str, ...] = (ProjectStatus.DONE.value, ProjectStatus.CANCELLED.value)
"""The statuses of a finished project, as stored (for queries)."""


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return {"low": 0, "normal": 1, "high": 2, "urgent": 3}[self.value]


class CollaboratorRole(StrEnum):
    OWNER = "owner"
    WRITER = "writer"
    REVIEWER = "reviewer"
    EDITOR = "editor"
    DESIGNER = "designer"
    WEB = "web"
    SOCIAL = "social"
    OTHER = "other"


class RetroSection(StrEnum):
    WENT_WELL = "went_well"
    WENT_BADLY = "went_badly"
    IMPROVEMENT = "improvement"
    ACTION = "action"


class RetroStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


class RetroKind(StrEnum):
    FINAL = "final"
    MIDPOINT = "midpoint"


class RiskStatus(StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    OCCURRED = "occurred"
    CLOSED = "closed"


class ScopeStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Tradeoff(StrEnum):
    EXTEND_DATE = "extend_date"
    CUT_TASKS = "cut_tasks"
    ADD_BUDGET = "add_budget"
