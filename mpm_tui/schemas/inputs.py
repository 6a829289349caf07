"""Validated input for the services. Everything a user types passes through here.

Names are trimmed and must not be empty; numbers are range-checked; dates are
ordered. `parse()` turns Pydantic's error list into one readable sentence that
names the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from mpm_tui.schemas.enums import (
    CollaboratorRole,
    Priority,
    ProjectStatus,
    RetroKind,
    RetroSection,
    RiskStatus,
    Role,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
Score = Annotated[int, Field(ge=1, le=5)]
Days = Annotated[float, Field(ge=0, le=365)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def describe_validation_error(
    exc: ValidationError,
    *,
    where: str = "",
    locate: Callable[[tuple[Any, ...]], str] | None = None,
) -> str:
    """One line naming the first bad field and the problem (plus how many more).

    `locate` turns an error location into words (default: dotted, `tasks.3.due`).
    """
    errors = exc.errors()
    first = errors[0]
    loc = locate(tuple(first["loc"])) if locate else ".".join(str(p) for p in first["loc"])
    msg = first["msg"]
    if first["type"] == "string_too_short" and first.get("ctx", {}).get("min_length") == 1:
        msg = "must not be empty"
    elif first["type"] == "extra_forbidden":
        msg = "is not a known field"
    elif first["type"] == "missing":
        msg = "is required"
    else:
        msg = msg[0].lower() + msg[1:]
        if first["type"] not in {"value_error", "assertion_error"} and "input" in first:
            value = first["input"]
            if isinstance(value, str | int | float) and len(repr(value)) < 50:
                msg += f" (got {value!r})"
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    prefix = "".join(f"{part}: " for part in (where, loc) if part)
    return f"{prefix}{msg.removeprefix('value error, ')}" + (more if len(errors) > 1 else "")


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: dict[str, Any] | M, *, where: str = "") -> M:
    """Validate `data` as `model`, raising InvalidInput with a readable message."""
    from mpm_tui.services.errors import InvalidInput

    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc, where=where)) from None


class MemberIn(Input):
    name: Name
    handle: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    email: str | None = None
    role: Role = Role.EDITOR
    capacity_days: Annotated[float, Field(ge=0, le=7)] = 5.0
    is_external: bool = False
    organisation: str | None = None
    active: bool = True


class TimeOffIn(Input):
    """A member's absence, first and last day inclusive."""

    member: Name
    start: date
    end: date
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""

    @model_validator(mode="after")
    def _ordered(self) -> TimeOffIn:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class ColumnIn(Input):
    name: Name
    wip_limit: Annotated[int, Field(ge=1, le=999)] | None = None
    person_limit: Annotated[int, Field(ge=1, le=999)] | None = None
    is_done: bool = False
    is_review: bool = False


DEFAULT_COLUMNS: tuple[ColumnIn, ...] = (
    ColumnIn(name="To Do"),
    ColumnIn(name="In Progress", wip_limit=6),
    ColumnIn(name="Review", wip_limit=4, is_review=True),
    ColumnIn(name="Done", is_done=True),
)


class BoardIn(Input):
    name: Name
    description: Text = ""
    columns: tuple[ColumnIn, ...] = DEFAULT_COLUMNS

    @model_validator(mode="after")
    def _columns_make_sense(self) -> BoardIn:
        if not self.columns:
            raise ValueError("a board needs at least one column")
        names = [c.name.casefold() for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError("column names must be unique on a board")
        if sum(c.is_done for c in self.columns) > 1:
            raise ValueError("only one column can be the done column")
        return self


class ProjectIn(Input):
    name: Name
    description: Text = ""
    objective: Text = ""
    target_market: Text = ""
    channels: tuple[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...
    ] = ()
    kind: str = ""
    owner: str | None = None  # member name
    start: date | None = None
    end: date | None = None
    status: ProjectStatus = ProjectStatus.PLANNING
    impact: Score = 3
    effort: Score = 3

    @model_validator(mode="after")
    def _dates_in_order(self) -> ProjectIn:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class ProjectPatch(Input):
    """Fields to change on a project; unset fields stay as they are."""

    name: Name | None = None
    description: Text | None = None
    objective: Text | None = None
    target_market: Text | None = None
    channels: tuple[str, ...] | None = None
    kind: str | None = None
    owner: str | None = None
    start: date | None = None
    end: date | None = None
    impact: Score | None = None
    effort: Score | None = None


class CollaboratorIn(Input):
    member: Name
    role: CollaboratorRole = CollaboratorRole.OTHER


class TaskIn(Input):
    title: Title
    project: str | None = None  # project name
    board: str | None = None  # board name; default: the first board
    column: str | None = None  # column name; default: the board's first column
    position: Annotated[int, Field(ge=0)] | None = None  # default: the end
    description: Text = ""
    owner: str | None = None
    reviewer: str | None = None
    channel: str | None = None
    estimate_days: Days | None = None
    start: date | None = None
    due: date | None = None
    priority: Priority = Priority.NORMAL
    blocked: bool = False
    blocked_reason: Text = ""
    collaborators: tuple[CollaboratorIn, ...] = ()
    checklist: tuple[Annotated[str, StringConstraints(min_length=1, max_length=500)], ...] = ()

    @model_validator(mode="after")
    def _dates_in_order(self) -> TaskIn:
        if self.start and self.due and self.due < self.start:
            raise ValueError(f"due {self.due} is before start {self.start}")
        return self


class TaskPatch(Input):
    """Fields to change on a task; only the fields given are touched (None clears)."""

    title: Title | None = None
    description: Text | None = None
    project: str | None = None
    owner: str | None = None
    reviewer: str | None = None
    channel: str | None = None
    estimate_days: Days | None = None
    start: date | None = None
    due: date | None = None
    priority: Priority | None = None
    blocked: bool | None = None
    blocked_reason: Text | None = None


class MilestoneIn(Input):
    name: Name
    date: date
    kind: str = ""


class KpiIn(Input):
    name: Name
    stage: str = ""
    is_kgi: bool = False
    parent: str | None = None  # name of the KPI this one converts into
    conversion_rate: Annotated[float, Field(gt=0, le=1)] | None = None
    unit: str = ""
    target: Annotated[float, Field(ge=0)] | None = None
    actual: Annotated[float, Field(ge=0)] | None = None


class BudgetLineIn(Input):
    channel: Name
    planned: Annotated[float, Field(ge=0)] = 0.0
    spent: Annotated[float, Field(ge=0)] = 0.0
    note: Text = ""


class RiskIn(Input):
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    probability: Score = 3
    impact: Score = 3
    response: Text = ""
    owner: str | None = None
    status: RiskStatus = RiskStatus.OPEN


class RetroItemIn(Input):
    section: RetroSection
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
    owner: str | None = None


class RetrospectiveIn(Input):
    kind: RetroKind = RetroKind.FINAL
    held_on: date | None = None
    participants: tuple[str, ...] = ()
    items: tuple[RetroItemIn, ...] = ()
