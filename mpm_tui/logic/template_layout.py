"""Templates ⇄ calendars: offsets in working days from a launch date, and back.

`lay_out` turns a template's offsets into dates from a launch day (weekends and
holidays skipped); `offsets_from_dates` does the reverse for "save project as
template", measuring a project's dated tasks from an anchor day. See
`mpm_tui.schemas.templates` for what an offset means.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from mpm_tui.logic.schedule import topological_order
from mpm_tui.logic.workdays import WorkCalendar
from mpm_tui.schemas.templates import Template, days_of


@dataclass(frozen=True)
class TemplateLayout:
    """A template's dates from one launch day: tasks and milestones in file order."""

    launch: date
    tasks: tuple[tuple[date, date], ...]
    """(start, due) of each task."""
    milestones: tuple[date, ...]

    @property
    def start(self) -> date:
        """The earliest day of the plan: the first task start (or milestone, or launch)."""
        return min([self.launch, *(start for start, _ in self.tasks), *self.milestones])

    @property
    def end(self) -> date:
        """The latest day of the plan: launch, the last milestone or the last task due."""
        return max([self.launch, *(due for _, due in self.tasks), *self.milestones])


def lay_out(template: Template, launch: date, holidays: Collection[date] = ()) -> TemplateLayout:
    """Every date of `template` launched on `launch`, which must be a working day."""
    calendar = WorkCalendar(holidays)
    if not calendar.is_working_day(launch):
        raise ValueError(f"launch {launch} is not a working day")
    zero = calendar.number(launch)
    tasks = tuple(
        (calendar.day(zero + task.start_offset), calendar.day(zero + task.offset))
        for task in template.tasks
    )
    milestones = tuple(calendar.day(zero + m.offset) for m in template.milestones)
    return TemplateLayout(launch, tasks, milestones)


class DatedTask(NamedTuple):
    """A project's task as "save as template" reads it."""

    estimate: float | None
    start: date | None
    due: date | None
    after: tuple[int, ...] = ()
    """Indexes (in the same list) of the tasks it waits for."""


class DatedMilestone(NamedTuple):
    day: date
    after: tuple[int, ...] = ()


class Offsets(NamedTuple):
    tasks: list[tuple[float, int]]
    """(estimate, offset) of each task."""
    milestones: list[int]


def offsets_from_dates(
    tasks: Sequence[DatedTask],
    milestones: Sequence[DatedMilestone],
    anchor: date,
    holidays: Collection[date] = (),
) -> Offsets:
    """Offsets of a project's tasks and milestones from `anchor` (its launch).

    A task keeps its due day and estimate. Where the project's dates break the
    template rules, the task moves later just enough: one that starts before
    something it waits for is due starts the day after; one without dates is
    due on the anchor day, or right after what it waits for. A milestone is
    never before the tasks it waits for. So the result always validates.
    An estimate that is missing or zero becomes the task's span (else 1 day).
    """
    calendar = WorkCalendar(holidays)
    zero = calendar.number_on_or_before(anchor)
    estimates: list[float] = []
    dues: list[int | None] = []
    for task in tasks:
        estimate = task.estimate or 0.0
        if estimate <= 0:
            spanned = 0
            if task.start is not None and task.due is not None:
                spanned = calendar.between(task.start, task.due)
            estimate = float(max(spanned, 1))
        estimates.append(estimate)
        if task.due is not None:
            dues.append(calendar.number_on_or_before(task.due) - zero)
        elif task.start is not None:
            dues.append(calendar.number(task.start) - zero + days_of(estimate) - 1)
        else:
            dues.append(None)
    edges = [(before, index) for index, task in enumerate(tasks) for before in task.after]
    offsets = [0] * len(tasks)
    for index in topological_order(range(len(tasks)), edges):
        days = days_of(estimates[index])
        earliest = max((offsets[b] + 1 for b in tasks[index].after), default=None)
        due = dues[index]
        if due is None:
            due = 0 if earliest is None else earliest + days - 1
        if earliest is not None and due - days + 1 < earliest:
            due = earliest + days - 1
        offsets[index] = due
    milestone_offsets = [
        max([calendar.number_on_or_before(m.day) - zero, *(offsets[i] for i in m.after)])
        for m in milestones
    ]
    return Offsets(list(zip(estimates, offsets, strict=True)), milestone_offsets)
