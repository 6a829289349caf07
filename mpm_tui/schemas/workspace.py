"""The workspace document: one TOML file holding a whole workspace.

`format = "mpm-workspace"`, `version = 1`, then an array of tables per entity.
People, projects, boards and columns are referred to by name (so a document
can be written by hand or from a spreadsheet); tasks, KPIs and retrospectives
by id. Absent keys mean "none" (TOML has no null).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from mpm_tui.schemas.enums import (
    CollaboratorRole,
    Priority,
    ProjectStatus,
    RetroKind,
    RetroSection,
    RetroStatus,
    RiskStatus,
    Role,
    ScopeStatus,
    Tradeoff,
)

FORMAT = "mpm-workspace"
VERSION = 1

Id = Annotated[int, Field(ge=1)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Score = Annotated[int, Field(ge=1, le=5)]
Amount = Annotated[float, Field(ge=0)]


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SettingRow(Row):
    key: Name
    value: str


class MemberRow(Row):
    id: Id
    name: Name
    handle: str | None = None
    email: str | None = None
    role: Role = Role.EDITOR
    capacity_days: Annotated[float, Field(ge=0, le=7)] = 5.0
    is_external: bool = False
    organisation: str | None = None
    active: bool = True
    created_at: datetime | None = None


class BoardRow(Row):
    id: Id
    name: Name
    description: str = ""
    position: int = 0
    created_at: datetime | None = None


class ColumnRow(Row):
    id: Id
    board: Name
    name: Name
    position: Annotated[int, Field(ge=0)]
    wip_limit: Annotated[int, Field(ge=1, le=999)] | None = None
    person_limit: Annotated[int, Field(ge=1, le=999)] | None = None
    is_done: bool = False
    is_review: bool = False


class ProjectRow(Row):
    id: Id
    name: Name
    description: str = ""
    objective: str = ""
    target_market: str = ""
    channels: list[str] = Field(default_factory=list)
    kind: str = ""
    owner: str | None = None
    start: date | None = None
    end: date | None = None
    status: ProjectStatus = ProjectStatus.PLANNING
    impact: Score = 3
    effort: Score = 3
    created_at: datetime | None = None
    version: Annotated[int, Field(ge=1)] = 1


class TaskRow(Row):
    id: Id
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    project: str | None = None
    board: Name
    column: Name
    position: Annotated[int, Field(ge=0)] | None = None
    owner: str | None = None
    reviewer: str | None = None
    channel: str | None = None
    estimate_days: Annotated[float, Field(ge=0, le=365)] | None = None
    start: date | None = None
    due: date | None = None
    priority: Priority = Priority.NORMAL
    blocked: bool = False
    blocked_reason: str = ""
    description: str = ""
    depends_on: list[Id] = Field(default_factory=list)
    entered_column_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    version: Annotated[int, Field(ge=1)] = 1


class CollaboratorRow(Row):
    task: Id
    member: Name
    role: CollaboratorRole = CollaboratorRole.OTHER


class ChecklistRow(Row):
    id: Id
    task: Id
    text: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    done: bool = False
    position: Annotated[int, Field(ge=0)] = 0


class CommentRow(Row):
    id: Id
    task: Id
    author: str | None = None
    body: str
    created_at: datetime


class AttachmentRow(Row):
    id: Id
    task: Id
    target: Annotated[str, StringConstraints(min_length=1)]
    label: str = ""
    added_by: str | None = None
    created_at: datetime


class MilestoneRow(Row):
    id: Id
    project: Name
    name: Name
    date: date
    kind: str = ""
    reached_at: datetime | None = None
    depends_on: list[Id] = Field(default_factory=list)


class KpiRow(Row):
    id: Id
    project: Name
    name: Name
    stage: str = ""
    is_kgi: bool = False
    parent: Id | None = None
    conversion_rate: Annotated[float, Field(gt=0, le=1)] | None = None
    unit: str = ""
    target: Amount | None = None
    actual: Amount | None = None
    position: int = 0


class KpiEntryRow(Row):
    id: Id
    kpi: Id
    date: date
    value: float


class BudgetLineRow(Row):
    id: Id
    project: Name
    channel: Name
    planned: Amount = 0.0
    spent: Amount = 0.0
    note: str = ""


class ScopeChangeRow(Row):
    id: Id
    project: Name
    description: str
    requested_by: str
    requested_on: date
    status: ScopeStatus = ScopeStatus.PROPOSED
    tradeoff: Tradeoff | None = None
    extend_days: int | None = None
    cut_tasks: list[Id] = Field(default_factory=list)
    budget_channel: str | None = None
    budget_amount: float | None = None
    approved_by: str | None = None
    decided_at: datetime | None = None
    created_at: datetime | None = None


class RiskRow(Row):
    id: Id
    project: Name
    description: str
    probability: Score = 3
    impact: Score = 3
    response: str = ""
    owner: str | None = None
    status: RiskStatus = RiskStatus.OPEN
    created_at: datetime | None = None


class RetrospectiveRow(Row):
    id: Id
    project: Name
    kind: RetroKind = RetroKind.FINAL
    held_on: date | None = None
    participants: list[str] = Field(default_factory=list)
    status: RetroStatus = RetroStatus.DRAFT
    completed_at: datetime | None = None
    created_at: datetime | None = None
    version: Annotated[int, Field(ge=1)] = 1


class RetroItemRow(Row):
    id: Id
    retrospective: Id
    section: RetroSection
    text: Annotated[str, StringConstraints(min_length=1)]
    position: Annotated[int, Field(ge=0)] = 0
    owner: str | None = None
    task: Id | None = None


class RetroKpiNoteRow(Row):
    id: Id
    retrospective: Id
    kpi: Id
    note: str


class HolidayRow(Row):
    id: Id
    date: date
    name: str = ""


class TimeOffRow(Row):
    id: Id
    member: Name
    start: date
    end: date
    note: str = ""


class ActivityRow(Row):
    id: Id
    at: datetime
    actor: str  # the name at the time; resolved to a member if one has it
    entity: str
    entity_id: int | None = None
    action: str
    summary: str = ""
    before: str | None = None
    after: str | None = None


class WorkspaceDocument(Row):
    """A whole workspace. Sections appear in this order in the file."""

    format: Literal["mpm-workspace"]
    version: Literal[1]
    settings: list[SettingRow] = Field(default_factory=list)
    members: list[MemberRow] = Field(default_factory=list)
    boards: list[BoardRow] = Field(default_factory=list)
    columns: list[ColumnRow] = Field(default_factory=list)
    projects: list[ProjectRow] = Field(default_factory=list)
    tasks: list[TaskRow] = Field(default_factory=list)
    collaborators: list[CollaboratorRow] = Field(default_factory=list)
    checklist: list[ChecklistRow] = Field(default_factory=list)
    comments: list[CommentRow] = Field(default_factory=list)
    attachments: list[AttachmentRow] = Field(default_factory=list)
    milestones: list[MilestoneRow] = Field(default_factory=list)
    kpis: list[KpiRow] = Field(default_factory=list)
    kpi_entries: list[KpiEntryRow] = Field(default_factory=list)
    budget_lines: list[BudgetLineRow] = Field(default_factory=list)
    scope_changes: list[ScopeChangeRow] = Field(default_factory=list)
    risks: list[RiskRow] = Field(default_factory=list)
    retrospectives: list[RetrospectiveRow] = Field(default_factory=list)
    retro_items: list[RetroItemRow] = Field(default_factory=list)
    retro_kpi_notes: list[RetroKpiNoteRow] = Field(default_factory=list)
    holidays: list[HolidayRow] = Field(default_factory=list)
    time_off: list[TimeOffRow] = Field(default_factory=list)
    activity: list[ActivityRow] = Field(default_factory=list)
