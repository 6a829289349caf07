"""The demo's scope changes: one rejected, one still proposed on Aurora Launch.

None is accepted, so no date, task or budget of the demo moves (the other
screens' snapshots stay as they are). Written through `services.scope` by the
project's owner on the day each request was made, the rejection by its approver.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Protocol

from mpm_tui.services import scope
from mpm_tui.services.context import ServiceContext

SCOPE_CHANGES: tuple[tuple[str, str, str, int, tuple[str, int, str] | None], ...] = (
    (
        "Aurora Launch",
        "A second launch webinar, for partners, in launch week",
        "Leo Martins",
        -12,
        ("maya", -10, "No presenter is free in launch week: partners join the customer webinar"),
    ),
    (
        "Aurora Launch",
        "A German version of the launch landing page for the DACH market",
        "Sales (Dana Fox)",
        -3,
        None,
    ),
)
"""(project, what, requested by, asked on (a day offset), rejected by (handle, day
offset, reason) or None: still proposed)."""


class DemoBuilder(Protocol):
    """What of the demo builder this needs: the content, its calendar and its people."""

    content: dict[str, Any]

    def day(self, offset: int) -> date: ...

    def clamp(self, when: datetime, *, after: datetime | None = None) -> datetime: ...

    def as_(self, handle: str | None, when: datetime) -> ServiceContext: ...

    def name(self, handle: str | None) -> str | None: ...


def add_scope_changes(builder: DemoBuilder) -> None:
    owners = {spec["name"]: spec["owner"] for spec in builder.content["projects"]}
    for project, what, by, asked, rejected in SCOPE_CHANGES:
        day = builder.day(asked)
        recorded = builder.clamp(datetime.combine(day, time(10, 15)))
        ctx = builder.as_(owners[project], recorded)
        change_id = scope.request_change(ctx, project, what, by, day)
        if rejected is not None:
            handle, offset, reason = rejected
            when = builder.clamp(datetime.combine(builder.day(offset), time(16, 30)))
            approver = builder.name(handle)
            scope.reject_change(builder.as_(handle, when), change_id, approver, reason)
