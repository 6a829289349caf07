"""Plain, immutable views that services hand to screens and the CLI.

Screens never hold ORM rows: they get these, so a widget cannot save or lazily
query behind anyone's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mpm_tui.schemas.enums import CollaboratorRole, Priority, ProjectStatus, Role


@dataclass(frozen=True)
class MemberView:
    id: int
    name: str
    handle: str | None
    role: Role
    capacity_days: float
    is_external: bool
    organisation: str | None
    active: bool


@dataclass(frozen=True)
class TimeOffView:
    id: int
    member: str
    start: date
    end: date
    note: str


@dataclass(frozen=True)
class ProjectView:
    id: int
    name: str
    status: ProjectStatus
    owner: str | None
    start: date | None
    end: date | None
    channels: tuple[str, ...]
    kind: str
    impact: int
    effort: int
    description: str = ""
    objective: str = ""
    target_market: str = ""
    version: int = 1


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    board: str
    column: str
    column_id: int
    position: int
    project: str | None
    owner: str | None
    reviewer: str | None
    channel: str | None
    estimate_days: float | None
    start: date | None
    due: date | None
    priority: Priority
    blocked: bool
    blocked_reason: str
    entered_column_at: datetime
    created_at: datetime
    completed_at: datetime | None
    checklist_done: int = 0
    checklist_total: int = 0
    depends_on: tuple[int, ...] = ()
    version: int = 1
    description: str = ""

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and self.completed_at is None

    def days_in_column(self, now: datetime) -> int:
        return max(0, (now - self.entered_column_at).days)


@dataclass(frozen=True)
class ColumnView:
    id: int
    name: str
    position: int
    wip_limit: int | None
    person_limit: int | None
    is_done: bool
    is_review: bool
    cards: tuple[TaskView, ...] = ()
    card_total: int | None = None
    """All cards in the column when `cards` is a filtered subset (WIP counts all)."""

    @property
    def count(self) -> int:
        """Cards in the column for WIP purposes: all of them, filtered or not."""
        return self.card_total if self.card_total is not None else len(self.cards)

    @property
    def at_limit(self) -> bool:
        return self.wip_limit is not None and self.count == self.wip_limit

    @property
    def over_limit(self) -> bool:
        return self.wip_limit is not None and self.count > self.wip_limit

    @property
    def wip_label(self) -> str:
        """`3/4` with a limit, `3` without."""
        return f"{self.count}/{self.wip_limit}" if self.wip_limit is not None else str(self.count)


@dataclass(frozen=True)
class BoardSummary:
    id: int
    name: str
    description: str
    task_count: int


@dataclass(frozen=True)
class BoardView:
    id: int
    name: str
    columns: tuple[ColumnView, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class FieldChange:
    """One field of an activity entry, as text: what it was and what it became.

    `before` None: the field was not there before (the entry created it);
    `after` None: it is gone after (the entry removed it)."""

    field: str
    before: str | None
    after: str | None

    def text(self) -> str:
        """`due: 2026-11-30 → 2026-12-02`, or `due: 2026-11-30` for one side only."""
        if self.before is not None and self.after is not None:
            return f"{self.field}: {self.before} → {self.after}"
        return f"{self.field}: {self.after if self.after is not None else self.before}"


@dataclass(frozen=True)
class ActivityView:
    """One entry of the audit log: who did what to which record, and when."""

    id: int
    at: datetime
    actor: str
    entity: str
    """The kind of record, as stored: "task", "project", "budget_line", …"""
    entity_id: int | None
    action: str
    summary: str
    changes: tuple[FieldChange, ...] = ()
    """The fields the entry changed (ids shown as names), in a readable order."""
    before: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    """The stored values before the write, as recorded (None for a create)."""
    after: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    """The stored values after the write, as recorded (None for a delete)."""

    @property
    def kind(self) -> str:
        """The kind of record in words: `budget line`, `scope change`."""
        return self.entity.replace("_", " ")

    @property
    def what(self) -> str:
        """`task #12`, or the kind alone for a record without an id (a setting)."""
        return self.kind if self.entity_id is None else f"{self.kind} #{self.entity_id}"

    @property
    def task_id(self) -> int | None:
        """The card the entry is about (a dependency belongs to its waiting task)."""
        return self.entity_id if self.entity in {"task", "dependency"} else None


@dataclass(frozen=True)
class WorkspaceSummary:
    name: str
    members: int
    boards: int
    projects: int
    tasks: int
    schema_version: int


@dataclass(frozen=True)
class ColumnTimes:
    """When a card entered its column and when it was completed: what an undone
    move puts back, so undo does not reset a card's age in its column."""

    entered_column_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class MoveCheck:
    """Whether a card may be put down in a column, asked before the move.

    `reason` is the exact message the move would be refused with. With
    `needs_reviewer` the move is allowed once a reviewer is chosen (moving into
    a review column); `reason` then says so.
    """

    allowed: bool
    reason: str = ""
    needs_reviewer: bool = False


@dataclass(frozen=True)
class ChecklistItemView:
    id: int
    text: str
    done: bool
    position: int


@dataclass(frozen=True)
class CommentView:
    id: int
    author: str | None
    """None when the author has since been removed from the workspace."""
    author_id: int | None
    created_at: datetime
    body: str


@dataclass(frozen=True)
class AttachmentView:
    id: int
    target: str
    """A file path or a URL, as typed."""
    label: str
    added_by: str | None
    created_at: datetime

    @property
    def is_url(self) -> bool:
        return "://" in self.target or self.target.startswith(("www.", "mailto:"))


@dataclass(frozen=True)
class CollaboratorView:
    member_id: int
    member: str
    role: CollaboratorRole


@dataclass(frozen=True)
class TaskDetail:
    """Everything the card detail shows: the task and what hangs off it."""

    task: TaskView
    checklist: tuple[ChecklistItemView, ...] = ()
    comments: tuple[CommentView, ...] = ()
    """Oldest first, like a conversation."""
    attachments: tuple[AttachmentView, ...] = ()
    collaborators: tuple[CollaboratorView, ...] = ()
    breakdown_hint: str = ""
    """Non-empty when the estimate is too big for one card: what to do about it."""
    history: tuple[ActivityView, ...] = ()
    """The card's own activity entries, newest first."""


@dataclass(frozen=True)
class TaskChoices:
    """The names a card's fields can take, for pickers and suggestions."""

    members: tuple[str, ...] = ()
    """Active members, by name."""
    projects: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    """Channels already used on tasks or planned on projects, sorted."""
