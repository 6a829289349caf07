"""The timeline's geometry, free of Textual: the time axis and the rows.

`Axis` maps dates to chart cells for a zoom level (day: three cells a day,
week: a cell a day, month: a cell a week) and says which dates a cell holds.
`build_rows` turns the timeline's data and its schedule into the rows drawn:
a header per project (collapsible), then its tasks and milestones by date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from mpm_tui.logic.schedule import Risk, Schedule, Timing, task_bar
from mpm_tui.logic.workdays import WorkCalendar, week_start
from mpm_tui.schemas.timeline import (
    TimelineData,
    TimelineMilestone,
    TimelineProject,
    TimelineTask,
)


class Zoom(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def finer(self) -> Zoom:
        return {Zoom.DAY: Zoom.DAY, Zoom.WEEK: Zoom.DAY, Zoom.MONTH: Zoom.WEEK}[self]

    @property
    def coarser(self) -> Zoom:
        return {Zoom.DAY: Zoom.WEEK, Zoom.WEEK: Zoom.MONTH, Zoom.MONTH: Zoom.MONTH}[self]

    @property
    def next(self) -> Zoom:
        """`z` cycles day → week → month → day."""
        return {Zoom.DAY: Zoom.WEEK, Zoom.WEEK: Zoom.MONTH, Zoom.MONTH: Zoom.DAY}[self]


DAY_CELLS = 3
"""Cells per day in the day zoom: room for the day's number."""


@dataclass(frozen=True)
class Axis:
    """Which dates each of `width` chart cells shows, from `origin` on."""

    zoom: Zoom
    origin: date
    width: int

    @staticmethod
    def aligned(zoom: Zoom, day: date) -> date:
        """A valid origin near `day`: the month zoom starts its cells on Mondays."""
        return week_start(day) if zoom is Zoom.MONTH else day

    def span(self, x: int) -> tuple[date, date]:
        """First and last date of cell x."""
        if self.zoom is Zoom.DAY:
            day = self.origin + timedelta(days=x // DAY_CELLS)
            return day, day
        if self.zoom is Zoom.WEEK:
            day = self.origin + timedelta(days=x)
            return day, day
        first = self.origin + timedelta(days=7 * x)
        return first, first + timedelta(days=6)

    def x_of(self, day: date) -> int:
        """The first cell showing `day` (may be off the chart, left or right)."""
        days = (day - self.origin).days
        if self.zoom is Zoom.DAY:
            return days * DAY_CELLS
        if self.zoom is Zoom.WEEK:
            return days
        return days // 7

    def cells(self, start: date, end: date) -> tuple[int, int]:
        """First and last cell covering start..end (inclusive)."""
        last = self.x_of(end) + (DAY_CELLS - 1 if self.zoom is Zoom.DAY else 0)
        return self.x_of(start), last

    @property
    def first_day(self) -> date:
        return self.span(0)[0]

    @property
    def last_day(self) -> date:
        return self.span(max(0, self.width - 1))[1]

    @property
    def days_shown(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def moved(self, units: int) -> Axis:
        """Scrolled by whole units: days, weeks or months by the zoom."""
        if self.zoom is Zoom.DAY:
            return self._at(self.origin + timedelta(days=units))
        if self.zoom is Zoom.WEEK:
            return self._at(self.origin + timedelta(days=7 * units))
        # Month zoom: to the week holding the first of the month `units` away
        # from the month the first cell ends in.
        first_cell_end = self.origin + timedelta(days=6)
        year, month = divmod(first_cell_end.month - 1 + units, 12)
        return self._at(date(first_cell_end.year + year, month + 1, 1))

    def paged(self, pages: int) -> Axis:
        """Scrolled by most of a screen (a little overlap keeps the context)."""
        days = max(1, self.days_shown * 4 // 5)
        if self.zoom is Zoom.WEEK:
            days = max(7, days // 7 * 7)
        return self._at(self.origin + timedelta(days=days * pages))

    def showing(self, day: date, at: float = 1 / 3) -> Axis:
        """The axis with `day` a fraction `at` of the way across."""
        return self._at(day - timedelta(days=int(self.days_shown * at)))

    def zoomed(self, zoom: Zoom, keep: date) -> Axis:
        """Another zoom, with `keep` where it was (as a fraction of the width)."""
        where = (keep - self.first_day).days / max(1, self.days_shown)
        axis = Axis(zoom, self.aligned(zoom, keep), self.width)
        return axis.showing(keep, min(max(where, 0.0), 1.0))

    def resized(self, width: int) -> Axis:
        return Axis(self.zoom, self.origin, width)

    def _at(self, origin: date) -> Axis:
        return Axis(self.zoom, self.aligned(self.zoom, origin), self.width)


# ---------------------------------------------------------------------- rows


@dataclass(frozen=True)
class ProjectRow:
    project: TimelineProject | None
    """None: the tasks that belong to no project."""
    tasks: int
    start: date | None
    """The earliest bar of the project."""
    end: date | None
    """The projected end (critical path method)."""
    collapsed: bool
    risks: tuple[Risk, ...] = ()
    critical: int = 0
    at_risk: int = 0

    @property
    def key(self) -> int | None:
        return self.project.id if self.project is not None else None

    @property
    def name(self) -> str:
        return self.project.name if self.project is not None else "No project"


@dataclass(frozen=True)
class TaskRow:
    task: TimelineTask
    start: date
    end: date
    """The bar: the task's own dates, or where its estimate places it."""
    timing: Timing
    risks: tuple[Risk, ...] = ()

    @property
    def planned(self) -> bool:
        return self.timing.planned


@dataclass(frozen=True)
class MilestoneRow:
    milestone: TimelineMilestone
    finish: date | None
    """When the tasks it waits for are projected to finish."""
    risks: tuple[Risk, ...] = ()


Row = ProjectRow | TaskRow | MilestoneRow


def build_rows(
    data: TimelineData, schedule: Schedule, collapsed: set[int | None] | frozenset[int | None]
) -> list[Row]:
    """Project headers in the data's order (no-project tasks last), each
    followed, unless collapsed, by its tasks and milestones in date order."""
    cal = WorkCalendar(data.holidays)
    items: dict[int | None, list[tuple[date, int, int, Row]]] = defaultdict(list)
    for task in data.tasks:
        timing = schedule.timings[task.id]
        start, end = task_bar(task.start, task.due, timing, cal)
        row = TaskRow(task, start, end, timing, tuple(schedule.task_risks(task.id)))
        items[task.project_id].append((start, 1, task.id, row))
    for milestone in data.milestones:
        risks = tuple(schedule.milestone_risks(milestone.id))
        row_m = MilestoneRow(milestone, schedule.milestone_finish.get(milestone.id), risks)
        items[milestone.project_id].append((milestone.date, 0, milestone.id, row_m))
    project_risks: dict[int | None, list[Risk]] = defaultdict(list)
    for risk in schedule.risks:
        if risk.task is None and risk.milestone is None:
            project_risks[risk.project].append(risk)
    groups: list[TimelineProject | None] = [*data.projects]
    if None in items:
        groups.append(None)
    rows: list[Row] = []
    for project in groups:
        key = project.id if project is not None else None
        entries = sorted(items.get(key, []), key=lambda item: item[:3])
        task_rows = [row for *_, row in entries if isinstance(row, TaskRow)]
        starts = [row.start for row in task_rows] + [
            row.milestone.date for *_, row in entries if isinstance(row, MilestoneRow)
        ]
        rows.append(
            ProjectRow(
                project,
                len(task_rows),
                min(starts, default=None),
                schedule.ends.get(key),
                key in collapsed,
                tuple(project_risks.get(key, ())),
                critical=sum(1 for row in task_rows if row.timing.critical),
                at_risk=sum(1 for *_, row in entries if row.risks),
            )
        )
        if key not in collapsed:
            rows.extend(row for *_, row in entries)
    return rows


def extent(rows: list[Row]) -> tuple[date, date] | None:
    """The first and last date anything on the timeline touches."""
    firsts: list[date] = []
    lasts: list[date] = []
    for row in rows:
        if isinstance(row, ProjectRow):
            if row.start is not None:
                firsts.append(row.start)
            lasts += [d for d in (row.end, row.project and row.project.end) if d is not None]
        elif isinstance(row, TaskRow):
            firsts.append(row.start)
            lasts += [row.end, row.timing.latest_finish]
        else:
            firsts.append(row.milestone.date)
            lasts.append(row.finish or row.milestone.date)
    if not firsts:
        return None
    return min(firsts), max(lasts or firsts)
