"""The delay risks a schedule reveals (see `schedule.compute_schedule`): which
tasks are overdue, slip past their due date or start too late, which milestones
and projects will be missed. Pure, like the schedule itself."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from mpm_tui.logic.schedule import PlanMilestone, PlanTask, Timing


class RiskKind(StrEnum):
    OVERDUE = "overdue"
    SLIPS = "slips"
    """Its dependencies push its finish past its due date."""
    DUE_AFTER_SUCCESSOR = "due_after_successor"
    """Due on or after the planned start of a task that waits for it."""
    LATE_START = "late_start"
    """Not started, and its latest start has passed: the project end slips."""
    MILESTONE = "milestone"
    """A milestone dated before its tasks are projected to finish."""
    PROJECT_LATE = "project_late"
    """The projected end falls after the project's end date."""


class Risk(NamedTuple):
    """A delay the schedule reveals (a tuple, as `PlanTask`: thousands per schedule)."""

    kind: RiskKind
    message: str
    task: int | None = None
    milestone: int | None = None
    project: int | None = None


@lru_cache(maxsize=4096)
def _short(day: date) -> str:
    return f"{day:%b} {day.day}"


def delay_risks(
    by_id: dict[int, PlanTask],
    timings: dict[int, Timing],
    edges: list[tuple[int, int]],
    milestones: list[PlanMilestone],
    milestone_finish: dict[int, date],
    ends: dict[int | None, date],
    today: date,
    deadlines: dict[int | None, date] | None,
) -> list[Risk]:
    """The delays the schedule reveals: overdue and slipping tasks, late starts,
    a due date after a successor's start, missed milestones and late projects."""
    risks: list[Risk] = []
    for tid, task in by_id.items():
        if task.done:
            continue
        timing = timings[tid]
        if task.due is not None and task.due < today:
            risks.append(Risk(RiskKind.OVERDUE, f"overdue: was due {_short(task.due)}", tid))
        elif task.due is not None and timing.earliest_finish > task.due:
            risks.append(
                Risk(
                    RiskKind.SLIPS,
                    f"finishes {_short(timing.earliest_finish)} at the earliest, "
                    f"after its due date {_short(task.due)}",
                    tid,
                )
            )
        if not task.started and timing.latest_start < today:
            risks.append(
                Risk(
                    RiskKind.LATE_START,
                    f"not started, and its latest start {_short(timing.latest_start)} "
                    "has passed: what waits for it will be late",
                    tid,
                )
            )
    for p, s in edges:
        before, after = by_id[p], by_id[s]
        if before.done or before.due is None or after.start is None:
            continue
        if before.due >= after.start:
            risks.append(
                Risk(
                    RiskKind.DUE_AFTER_SUCCESSOR,
                    f"due {_short(before.due)}, but #{s} {after.title} waits for it "
                    f"and starts {_short(after.start)}",
                    p,
                )
            )
    for m in milestones:
        finish = milestone_finish.get(m.id)
        if m.reached or finish is None or finish <= m.date:
            continue
        if all(by_id[t].done for t in m.after if t in by_id):
            continue  # its work is done: reached, if late
        risks.append(
            Risk(
                RiskKind.MILESTONE,
                f"milestone {m.name} on {_short(m.date)}, but its tasks finish "
                f"{_short(finish)} at the earliest",
                milestone=m.id,
                project=m.project,
            )
        )
    for project, deadline in (deadlines or {}).items():
        end = ends.get(project)
        if end is not None and end > deadline:
            risks.append(
                Risk(
                    RiskKind.PROJECT_LATE,
                    f"projected to end {_short(end)}, after its end date {_short(deadline)}",
                    project=project,
                )
            )
    return risks
