"""Workload: who carries how many working days of open work each week, against capacity.

Pure Python, no database: the service reads members, time off, holidays and
open tasks in a constant number of queries and calls `compute_workload`.

The rules, in the words a manager would use:

- A task's estimate (working days) is spread evenly over the working days
  from its start to its due date. With only a due date it is laid backwards
  from the due date, one working day per estimated day (a 2.5-day task
  takes the three working days up to its due date, 2.5/3 of a day each);
  with only a start, forwards from the start. With neither it is
  *unscheduled*: counted per person, outside the weeks.
- A task without an estimate adds no days, but it still counts among the
  tasks a person juggles in the weeks it spans (and is flagged unestimated).
- The owner carries the estimate. With a collaborator share s > 0, the
  collaborators together carry s of it, split equally, and the owner the
  rest (1 - s). A task nobody owns puts the owner's part under *unassigned*.
- A week's capacity is the member's weekly capacity times the share of the
  five weekdays they are working: holidays and recorded time off reduce it
  (a 4-day member in a week with one holiday has 3.2 days).
- Utilisation = assigned / capacity: at or above 100 % is over capacity,
  at or above 85 % is near it, anything else under it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from mpm_tui.logic.workdays import WorkCalendar, week_start

NEAR = 0.85
"""Utilisation from which a week is near capacity."""
OVER = 1.0
"""Utilisation from which a week is over capacity."""
WEEKDAYS = 5
"""A full working week, the base of a member's weekly capacity."""
_EPSILON = 1e-9


class Band(StrEnum):
    """How full a week is; each band has a symbol so colour is never the only cue."""

    OFF = "off"  # no capacity and nothing assigned (time off, a holiday week)
    FREE = "free"  # nothing assigned
    UNDER = "under"
    NEAR = "near"
    OVER = "over"

    @property
    def symbol(self) -> str:
        return BAND_SYMBOLS[self]


BAND_SYMBOLS: dict[Band, str] = {
    Band.OFF: "-",
    Band.FREE: "·",
    Band.UNDER: "○",
    Band.NEAR: "◐",
    Band.OVER: "▲",
}


BAND_LEGEND = "· free ○ under ◐ near ≥85% ▲ over ≥100% - off"
"""What the symbols mean, for the screen's legend and the report's."""


def band_of(assigned: float, capacity: float) -> Band:
    """The band of `assigned` days against `capacity` (the thresholds are inclusive)."""
    if assigned <= _EPSILON:
        return Band.FREE if capacity > _EPSILON else Band.OFF
    if capacity <= _EPSILON:
        return Band.OVER
    use = assigned / capacity + _EPSILON
    if use >= OVER:
        return Band.OVER
    if use >= NEAR:
        return Band.NEAR
    return Band.UNDER


class Person(NamedTuple):
    """A member as the workload sees them."""

    id: int
    name: str
    capacity: float  # working days per week
    external: bool = False
    organisation: str | None = None
    time_off: tuple[tuple[date, date], ...] = ()  # inclusive ranges


class Work(NamedTuple):
    """An open task as the workload sees it."""

    id: int
    owner: int | None
    estimate: float | None
    start: date | None
    due: date | None
    collaborators: tuple[int, ...] = ()


class Load(NamedTuple):
    """Part of a task carried by one person (None: unassigned) in one week."""

    task: int
    days: float


class Cell(NamedTuple):
    """One person's (or a total's) week: assigned days against capacity."""

    assigned: float
    capacity: float
    tasks: int  # how many tasks at once

    @property
    def band(self) -> Band:
        return band_of(self.assigned, self.capacity)

    @property
    def utilisation(self) -> float | None:
        """assigned / capacity (None: no capacity)."""
        if self.capacity <= _EPSILON:
            return None
        return self.assigned / self.capacity


Who = int | None
"""A member id, or None for unassigned work."""


@dataclass
class Workload:
    """The numbers behind the heatmap and `mpm report workload`."""

    weeks: tuple[date, ...]  # Mondays
    people: tuple[Person, ...]
    loads: dict[tuple[Who, int], list[Load]] = field(default_factory=dict)
    capacities: dict[tuple[int, int], float] = field(default_factory=dict)
    unscheduled: dict[Who, list[Load]] = field(default_factory=dict)
    unestimated: frozenset[int] = frozenset()
    _totals: dict[object, Cell] = field(default_factory=dict, repr=False, compare=False)

    def cell(self, who: Who, week: int) -> Cell:
        loads = self.loads.get((who, week), ())
        capacity = 0.0 if who is None else self.capacities.get((who, week), 0.0)
        return Cell(_total(loads), capacity, len(loads))

    def tasks_in(self, who: Who, week: int) -> list[Load]:
        """The tasks behind a cell, the biggest share first."""
        return sorted(self.loads.get((who, week), ()), key=lambda load: (-load.days, load.task))

    def person_total(self, who: Who) -> Cell:
        """All the weeks of one row (tasks: distinct tasks)."""
        return self._memo(("person", who), lambda: self._person_total(who))

    def _person_total(self, who: Who) -> Cell:
        loads = [
            load for week in range(len(self.weeks)) for load in self.loads.get((who, week), ())
        ]
        capacity = 0.0
        if who is not None:
            capacity = sum(self.capacities.get((who, week), 0.0) for week in range(len(self.weeks)))
        return Cell(_total(loads), capacity, len({load.task for load in loads}))

    def week_total(self, week: int) -> Cell:
        """Everybody's week, unassigned work included (tasks: distinct tasks)."""
        return self._memo(("week", week), lambda: self._week_total(week))

    def _week_total(self, week: int) -> Cell:
        loads = [
            load
            for who in (*(p.id for p in self.people), None)
            for load in self.loads.get((who, week), ())
        ]
        capacity = sum(self.capacities.get((p.id, week), 0.0) for p in self.people)
        return Cell(_total(loads), capacity, len({load.task for load in loads}))

    def grand_total(self) -> Cell:
        return self._memo("grand", self._grand_total)

    def _grand_total(self) -> Cell:
        cells = [self.week_total(week) for week in range(len(self.weeks))]
        ids = {p.id for p in self.people}
        loads = {
            load.task
            for (who, _week), found in self.loads.items()
            if who is None or who in ids
            for load in found
        }
        return Cell(sum(c.assigned for c in cells), sum(c.capacity for c in cells), len(loads))

    def unscheduled_days(self, who: Who) -> float:
        return _total(self.unscheduled.get(who, ()))

    def narrowed(self, people: Iterable[Person], *, unassigned: bool = True) -> Workload:
        """The same numbers for fewer people (and without unassigned work)."""
        shown = tuple(people)
        keep = {p.id for p in shown} | ({None} if unassigned else set())
        return Workload(
            self.weeks,
            shown,
            {key: found for key, found in self.loads.items() if key[0] in keep},
            {key: cap for key, cap in self.capacities.items() if key[0] in keep},
            {who: found for who, found in self.unscheduled.items() if who in keep},
            self.unestimated,
        )

    def _memo(self, key: object, compute: Callable[[], Cell]) -> Cell:
        """Totals are asked for on every frame; the numbers never change once computed."""
        found = self._totals.get(key)
        if found is None:
            found = self._totals[key] = compute()
        return found


def _total(loads: Iterable[Load]) -> float:
    return sum(load.days for load in loads)


def horizon(first: date, weeks: int) -> tuple[date, ...]:
    """`weeks` Mondays from the week holding `first`."""
    monday = week_start(first)
    return tuple(monday + timedelta(weeks=n) for n in range(weeks))


def shares(work: Work, share: float) -> list[tuple[Who, float]]:
    """Who carries which fraction of a task (the fractions add up to 1)."""
    others = tuple(dict.fromkeys(c for c in work.collaborators if c != work.owner))
    if share <= 0 or not others:
        return [(work.owner, 1.0)]
    each = share / len(others)
    return [(work.owner, 1.0 - share), *((who, each) for who in others)]


def working_span(work: Work, calendar: WorkCalendar) -> tuple[int, int] | None:
    """The first and last working-day numbers the task is spread over (None: unscheduled)."""
    length = max(math.ceil(work.estimate or 0), 1)
    if work.start is not None:
        first = calendar.number(work.start)
        if work.due is None:
            return first, first + length - 1
        return first, max(first, calendar.number_on_or_before(work.due))
    if work.due is not None:
        last = calendar.number_on_or_before(work.due)
        return last - length + 1, last
    return None


def compute_workload(
    people: Sequence[Person],
    work: Iterable[Work],
    weeks: Sequence[date],
    *,
    holidays: Iterable[date] = (),
    share: float = 0.0,
) -> Workload:
    """Spread every open task over the working days of `weeks` (Mondays, consecutive)."""
    calendar = WorkCalendar(holidays)
    weeks = tuple(weeks)
    result = Workload(weeks, tuple(people))
    if not weeks:
        return result
    # Working-day numbers of each week: [bounds[w], bounds[w + 1]).
    bounds = [calendar.number(monday) for monday in weeks]
    bounds.append(calendar.number(weeks[-1] + timedelta(weeks=1)))
    first_monday, count = weeks[0], len(weeks)
    unestimated: set[int] = set()
    for task in work:
        if task.estimate is None:
            unestimated.add(task.id)
        estimate = task.estimate or 0.0
        span = working_span(task, calendar)
        if span is None:
            for who, fraction in shares(task, share):
                result.unscheduled.setdefault(who, []).append(Load(task.id, estimate * fraction))
            continue
        first, last = span
        per_day = estimate / (last - first + 1)
        week_from = max(0, (calendar.day(first) - first_monday).days // 7)
        week_to = min(count - 1, (calendar.day(last) - first_monday).days // 7)
        carriers = shares(task, share)
        for week in range(week_from, week_to + 1):
            overlap = min(last, bounds[week + 1] - 1) - max(first, bounds[week]) + 1
            if overlap <= 0:
                continue
            days = per_day * overlap
            for who, fraction in carriers:
                if fraction > 0 or who == task.owner:
                    result.loads.setdefault((who, week), []).append(Load(task.id, days * fraction))
    result.unestimated = frozenset(unestimated)
    for person in people:
        for week, monday in enumerate(weeks):
            working = bounds[week + 1] - bounds[week]
            off = sum(
                calendar.between(max(start, monday), min(end, monday + timedelta(days=6)))
                for start, end in person.time_off
            )
            available = max(0, working - off)
            result.capacities[(person.id, week)] = person.capacity * available / WEEKDAYS
    return result


def format_days(days: float) -> str:
    """`4`, `4.5`, `0.3`: days to one decimal, halves up (4.25 → `4.3`), no trailing `.0`."""
    tenths = math.floor(days * 10 + 0.5 + _EPSILON)
    whole, tenth = divmod(tenths, 10)
    return f"{whole}" if not tenth else f"{whole}.{tenth}"


def cell_text(cell: Cell) -> str:
    """`4.5/5`: assigned over capacity, as the heatmap and the report print it."""
    return f"{format_days(cell.assigned)}/{format_days(cell.capacity)}"


def percent(cell: Cell) -> str:
    """Utilisation as `90%` (`-` without capacity, `∞` for work on no capacity)."""
    use = cell.utilisation
    if use is None:
        return "∞" if cell.assigned > _EPSILON else "-"
    return f"{use * 100:.0f}%"
