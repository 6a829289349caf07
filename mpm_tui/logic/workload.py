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
from typing import NamedTuple

from mpm_tui.logic.workdays import WorkCalendar, week_start
from mpm_tui.logic.workload_cells import (
    BAND_LEGEND,
    BAND_SYMBOLS,
    NEAR,
    OVER,
    Band,
    Cell,
    Load,
    Who,
    band_of,
    cell_text,
    format_days,
    percent,
)

__all__ = [
    "BAND_LEGEND",
    "BAND_SYMBOLS",
    "NEAR",
    "OVER",
    "WEEKDAYS",
    "Band",
    "Cell",
    "Load",
    "Person",
    "Shared",
    "Who",
    "Work",
    "Workload",
    "band_of",
    "cell_text",
    "compute_workload",
    "format_days",
    "horizon",
    "percent",
    "shares",
    "working_span",
]

WEEKDAYS = 5
"""A full working week, the base of a member's weekly capacity."""


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


Weekly = list[tuple[list[tuple[Who, list[Load]]], list[tuple[int, float]]]]
"""Per week: who carries which loads in it, and each member's capacity in it."""


@dataclass
class Shared:
    """What the slices of one computation for the same people have in common, by
    Monday (`Workload.sliced`): it never changes, and moving through the weeks (or
    drawing a frame) asks for the same numbers again."""

    cells: dict[tuple[Who, date], Cell] = field(default_factory=dict)
    week_totals: dict[date, Cell] = field(default_factory=dict)
    widest: dict[date, int] = field(default_factory=dict)
    """The longest `cell_text` among the people's cells of a week."""


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
    _shared: Shared = field(default_factory=Shared, repr=False, compare=False)
    _weekly: Weekly | None = field(default=None, repr=False, compare=False)
    _rows: frozenset[Who] | None = field(default=None, repr=False, compare=False)

    def cell(self, who: Who, week: int) -> Cell:
        if not 0 <= week < len(self.weeks):
            return Cell(0.0, 0.0, 0)  # no work and no capacity outside the weeks
        key = (who, self.weeks[week])
        found = self._shared.cells.get(key)
        if found is None:
            loads = self.loads.get((who, week), ())
            capacity = 0.0 if who is None else self.capacities.get((who, week), 0.0)
            found = self._shared.cells[key] = Cell(_total(loads), capacity, len(loads))
        return found

    def widest(self, week: int) -> int:
        """The longest `cell_text` among the people's cells of `week` (0: nobody)."""
        monday = self.weeks[week]
        found = self._shared.widest.get(monday)
        if found is None:
            found = max((len(cell_text(self.cell(p.id, week))) for p in self.people), default=0)
            self._shared.widest[monday] = found
        return found

    def tasks_in(self, who: Who, week: int) -> list[Load]:
        """The tasks behind a cell, the biggest share first."""
        return sorted(self.loads.get((who, week), ()), key=lambda load: (-load.days, load.task))

    def person_total(self, who: Who) -> Cell:
        """All the weeks of one row (tasks: distinct tasks)."""
        found = self._totals.get(("person", who))
        if found is None:
            self._row_totals()
            found = self._totals.setdefault(("person", who), Cell(0, 0.0, 0))
        return found

    def _row_totals(self) -> None:
        """Every row's total in one pass over the weeks (a screen shows them all), the
        days of each added up in the order of its weeks, then of their loads."""
        days: dict[Who, float] = {}
        tasks: dict[Who, set[int]] = {}
        capacity: dict[Who, float] = {}
        for carried, available in self.by_week():
            for who, found in carried:
                total = days.get(who, 0)
                ids = tasks.get(who)
                if ids is None:
                    ids = tasks[who] = set()
                for load in found:
                    total += load.days
                    ids.add(load.task)
                days[who] = total
            for member, available_days in available:
                capacity[member] = capacity.get(member, 0.0) + available_days
        for who in days.keys() | capacity.keys():
            cell = Cell(days.get(who, 0), capacity.get(who, 0.0), len(tasks.get(who, ())))
            self._totals[("person", who)] = cell

    def week_total(self, week: int) -> Cell:
        """Everybody's week, unassigned work included (tasks: distinct tasks)."""
        if not 0 <= week < len(self.weeks):
            return Cell(0.0, 0.0, 0)
        monday = self.weeks[week]
        found = self._shared.week_totals.get(monday)
        if found is None:
            found = self._shared.week_totals[monday] = self._week_total(week)
        return found

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

    def by_week(self) -> Weekly:
        """The loads and capacities of each week (worked out once): what `sliced` cuts."""
        if self._weekly is None:
            weekly: Weekly = [([], []) for _week in self.weeks]
            for (who, week), found in self.loads.items():
                weekly[week][0].append((who, found))
            for (member, week), capacity in self.capacities.items():
                weekly[week][1].append((member, capacity))
            self._weekly = weekly
        return self._weekly

    def rows(self) -> frozenset[Who]:
        """Who has loads or capacity in some week (worked out once)."""
        if self._rows is None:
            self._rows = frozenset(who for who, _week in self.loads) | frozenset(
                member for member, _week in self.capacities
            )
        return self._rows

    def sliced(
        self,
        start: int,
        count: int,
        people: Iterable[Person] | None = None,
        *,
        unassigned: bool = True,
        shared: Shared | None = None,
    ) -> Workload:
        """`count` of the weeks from the `start`-th, numbered from 0 again, and given
        `people`, `narrowed` to them: the numbers `compute_workload` over those weeks
        alone gives, without working them out again. `shared`: the memo of the other
        slices for the same people and unassigned work (see `_shared`)."""
        weekly = self.by_week()[max(0, start) : start + count]
        shown, wanted, memo = self.people, None, self._shared
        if people is not None:
            shown = tuple(people)
            wanted = {p.id for p in shown} | ({None} if unassigned else set())
            memo = Shared() if shared is None else shared
        keep = None if wanted is None or wanted.issuperset(self.rows()) else wanted
        loads: dict[tuple[Who, int], list[Load]] = {}
        capacities: dict[tuple[int, int], float] = {}
        kept: Weekly = []
        for week, (carried, available) in enumerate(weekly):
            if keep is not None:
                carried = [(who, found) for who, found in carried if who in keep]
                available = [(member, days) for member, days in available if member in keep]
            kept.append((carried, available))
            loads.update({(who, week): found for who, found in carried})
            capacities.update({(member, week): days for member, days in available})
        unscheduled = self.unscheduled
        if wanted is not None:
            unscheduled = {who: found for who, found in unscheduled.items() if who in wanted}
        return Workload(
            self.weeks[max(0, start) : start + count],
            shown,
            loads,
            capacities,
            unscheduled,
            self.unestimated,
            _shared=memo,
            _weekly=kept,
        )

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
    loads = result.loads
    # Built as the loads and capacities are, in their order: what `Workload.by_week` gives.
    weekly: Weekly = [([], []) for _week in weeks]
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
        week_from = max(0, (calendar.day(first) - first_monday).days // 7)
        week_to = min(count - 1, (calendar.day(last) - first_monday).days // 7)
        if week_from > week_to:
            continue  # outside the weeks
        per_day = estimate / (last - first + 1)
        carriers = shares(task, share)
        for week in range(week_from, week_to + 1):
            overlap = min(last, bounds[week + 1] - 1) - max(first, bounds[week]) + 1
            if overlap <= 0:
                continue
            days = per_day * overlap
            for who, fraction in carriers:
                if fraction > 0 or who == task.owner:
                    found = loads.get((who, week))
                    if found is None:
                        found = loads[(who, week)] = []
                        weekly[week][0].append((who, found))
                    found.append(Load(task.id, days * fraction))
    result.unestimated = frozenset(unestimated)
    working = [bounds[week + 1] - bounds[week] for week in range(count)]
    for person in people:
        away = person.time_off
        for week, monday in enumerate(weeks):
            available = working[week]
            if away:
                sunday = monday + timedelta(days=6)
                off = sum(
                    calendar.between(max(start, monday), min(end, sunday))
                    for start, end in away
                    if start <= sunday and end >= monday
                )
                available = max(0, available - off)
            capacity = person.capacity * available / WEEKDAYS
            result.capacities[(person.id, week)] = capacity
            weekly[week][1].append((person.id, capacity))
    result._weekly = weekly
    return result
