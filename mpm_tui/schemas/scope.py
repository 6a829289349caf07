"""Scope changes: the validated input of a request and of a trade-off, and the views.

A change request says what is added, who asked and when. It is accepted only
with one trade-off — extend the end date by N working days, cut named open
tasks, or add budget to a channel — and an approver; see `services.scope`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from pydantic import StringConstraints, model_validator

from mpm_tui.schemas.enums import ScopeStatus, Tradeoff
from mpm_tui.schemas.inputs import Input, Name

MAX_EXTEND_DAYS = 260
"""About a working year: a longer extension is a new project, not a scope change."""

Description = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
]


class ScopeRequestIn(Input):
    """A change request: what is added, requested by whom (any name: a client, a
    colleague), on which day."""

    description: Description
    requested_by: Name
    requested_on: date


class TradeoffIn(Input):
    """What the project gives up for the addition: exactly one of three.

    - `extend_date`: `days` working days (1 or more) added to the end date;
    - `cut_tasks`: `tasks`, each an id (`12` or `#12`) or a title of an open task;
    - `add_budget`: `amount` (more than 0) added to `channel`'s planned budget.

    Only the fields of the chosen kind may be given.
    """

    kind: Tradeoff
    days: int | None = None
    tasks: tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...] = ()
    channel: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] | None = None
    amount: float | None = None

    @classmethod
    def extend(cls, days: int) -> TradeoffIn:
        return cls(kind=Tradeoff.EXTEND_DATE, days=days)

    @classmethod
    def cut(cls, *tasks: str | int) -> TradeoffIn:
        return cls(kind=Tradeoff.CUT_TASKS, tasks=tuple(str(task) for task in tasks))

    @classmethod
    def budget(cls, channel: str, amount: float) -> TradeoffIn:
        return cls(kind=Tradeoff.ADD_BUDGET, channel=channel, amount=amount)

    @model_validator(mode="after")
    def _fits_its_kind(self) -> TradeoffIn:
        given = {
            "days": self.days is not None,
            "tasks": bool(self.tasks),
            "channel": self.channel is not None,
            "amount": self.amount is not None,
        }
        own = {
            Tradeoff.EXTEND_DATE: ("days",),
            Tradeoff.CUT_TASKS: ("tasks",),
            Tradeoff.ADD_BUDGET: ("channel", "amount"),
        }[self.kind]
        stray = [name for name, present in given.items() if present and name not in own]
        if stray:
            raise ValueError(f"{stray[0]}: does not go with {TRADEOFF_NAMES[self.kind]}")
        if self.kind is Tradeoff.EXTEND_DATE:
            if self.days is None:
                raise ValueError("days: give how many working days the end date moves")
            if not 1 <= self.days <= MAX_EXTEND_DAYS:
                raise ValueError(
                    f"days: extend by 1 to {MAX_EXTEND_DAYS} working days (got {self.days})"
                )
        elif self.kind is Tradeoff.CUT_TASKS:
            if not self.tasks:
                raise ValueError("tasks: name at least one open task to cut")
        else:
            if not self.channel:
                raise ValueError("channel: name the budget line (channel) that gets the money")
            if self.amount is None:
                raise ValueError("amount: give how much budget is added")
            if not math.isfinite(self.amount) or self.amount <= 0:
                raise ValueError(f"amount: must be more than 0 (got {self.amount:g})")
        return self


TRADEOFF_NAMES: dict[Tradeoff, str] = {
    Tradeoff.EXTEND_DATE: "extending the end date",
    Tradeoff.CUT_TASKS: "cutting tasks",
    Tradeoff.ADD_BUDGET: "adding budget",
}
"""Each trade-off in words, as a choice."""


STATUS_MARKS: dict[ScopeStatus, str] = {
    ScopeStatus.PROPOSED: "? proposed",
    ScopeStatus.ACCEPTED: "✓ accepted",
    ScopeStatus.REJECTED: "✗ rejected",
}
"""Each status with its symbol, so it reads without colour (the CLI and the TUI)."""


@dataclass(frozen=True)
class ScopeEntry:
    """One change of a project's scope, with its decision: a row of the scope log."""

    id: int
    project: str
    description: str
    requested_by: str
    requested_on: date
    status: ScopeStatus
    tradeoff: Tradeoff | None
    tradeoff_text: str
    """`end date +5 working days (Dec 4 → Dec 11)`, `cut 2 tasks: A, B`,
    `budget +1,500 on ads`; "" while undecided or when rejected."""
    approver: str | None
    """Who accepted or rejected it (None while proposed)."""
    decided_at: datetime | None
    reason: str = ""
    """Why it was rejected, when a reason was given."""
    extend_days: int | None = None
    cut_task_ids: tuple[int, ...] = ()
    budget_channel: str | None = None
    budget_amount: float | None = None


@dataclass(frozen=True)
class CuttableTask:
    """An open task of the project, offered for cutting."""

    id: int
    title: str
    column: str
    owner: str | None


@dataclass(frozen=True)
class ScopeLog:
    """Everything the Scope tab shows and its accept dialog offers, read at once."""

    project_id: int
    project: str
    end: date | None
    entries: tuple[ScopeEntry, ...]
    """Oldest request first."""
    open_tasks: tuple[CuttableTask, ...]
    channels: tuple[str, ...]
    """The project's budget lines, then its other planned channels."""
    approvers: tuple[str, ...]
    """Who may decide: the project's owner, then the active admins."""
