"""The critical path method over working days, and the delay risks it reveals.

Pure: tasks, finish-to-start dependencies, milestones and holidays in; dates,
slack, the critical path, the projected end and the risks out. The timeline
screen and `mpm schedule` both call `compute_schedule`, so they always agree.

Time is counted in working-day numbers (`WorkCalendar`). A task of duration d
that starts on number s occupies s … s+d-1; its successors may start on s+d.

- Duration: working days from start to due when both are set, else the
  estimate rounded up to whole days, else one day.
- Forward pass: a task starts at the latest of its planned start (a task with
  only a due date is planned backwards from it) and the finish of everything
  it depends on; a task with neither starts at the plan's start.
- Backward pass: a task with no successors must finish by the projected end
  of its project; everything else by the latest start of its successors; and
  a task a milestone waits for by the milestone's date (launch dates are
  fixed in marketing: the chain into the launch is what is critical).
- Slack = latest start − earliest start; the critical path is every task
  with no slack (negative slack: a milestone will be missed by that much).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple, TypeVar

from mpm_tui.logic.schedule_risks import Risk, RiskKind, delay_risks
from mpm_tui.logic.workdays import WorkCalendar

__all__ = [
    "PlanMilestone",
    "PlanTask",
    "Risk",
    "RiskKind",
    "Schedule",
    "ScheduleCycle",
    "Timing",
    "compute_schedule",
    "duration_of",
    "shifted_dates",
    "task_bar",
    "topological_order",
]

_K = TypeVar("_K")
_V = TypeVar("_V")
_ONE_DAY = timedelta(days=1)


class ScheduleCycle(ValueError):
    """The dependencies loop, so no schedule exists; `cycle` lists the task ids."""

    def __init__(self, cycle: Sequence[int]) -> None:
        self.cycle = tuple(cycle)
        path = " → ".join(f"#{task_id}" for task_id in self.cycle)
        super().__init__(f"dependencies form a cycle: {path}")


class PlanTask(NamedTuple):
    """What the schedule needs to know about one task (a tuple: thousands are
    built per schedule, and a frozen dataclass costs four times as much)."""

    id: int
    title: str = ""
    start: date | None = None
    due: date | None = None
    estimate: float | None = None
    """Working days; used for the duration when start or due is missing."""
    project: int | None = None
    done: bool = False
    started: bool = False
    """Work has begun (the card left its board's first column)."""


@dataclass(frozen=True)
class PlanMilestone:
    id: int
    name: str
    date: date
    project: int | None = None
    after: tuple[int, ...] = ()
    """Tasks that must be finished for the milestone."""
    reached: bool = False


class Timing(NamedTuple):
    """One task's place in the schedule."""

    task: int
    duration: int
    """Working days."""
    earliest_start: date
    earliest_finish: date
    """The last working day of the task when it starts as early as it can."""
    latest_start: date
    latest_finish: date
    slack: int
    """Working days the task can slip without moving its project's end or
    missing a milestone that waits for it; negative: that many days behind."""
    planned: bool
    """True when the task has a start or due date; False: placed by its estimate."""

    @property
    def critical(self) -> bool:
        return self.slack <= 0


@dataclass(frozen=True)
class Schedule:
    timings: dict[int, Timing]
    ends: dict[int | None, date]
    """Projected end of each project (None: tasks without a project)."""
    milestone_finish: dict[int, date]
    """When the tasks each milestone waits for are projected to finish."""
    risks: tuple[Risk, ...] = ()
    project_of: dict[int, int | None] = field(default_factory=dict, repr=False)
    _risks_by_task: dict[int, list[Risk]] = field(default_factory=dict, repr=False)
    _risks_by_milestone: dict[int, list[Risk]] = field(default_factory=dict, repr=False)

    def critical_path(self, project: int | None = None) -> tuple[int, ...]:
        """The tasks with no slack (of one project, or of all), in start order."""
        found = [
            t
            for t in self.timings.values()
            if t.critical and (project is None or self.project_of.get(t.task) == project)
        ]
        found.sort(key=lambda t: (t.earliest_start, t.earliest_finish, t.task))
        return tuple(t.task for t in found)

    def task_risks(self, task_id: int) -> list[Risk]:
        return self._risks_by_task.get(task_id, [])

    def milestone_risks(self, milestone_id: int) -> list[Risk]:
        return self._risks_by_milestone.get(milestone_id, [])

    @property
    def projected_end(self) -> date | None:
        return max(self.ends.values(), default=None)


class _Memo(dict[_K, _V]):
    """`memo[key]` is `function(key)`, worked out once: thousands of tasks fall
    on a few hundred dates, and a dict lookup costs a fraction of a call."""

    def __init__(self, function: Callable[[_K], _V]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self.function(key)
        return value


class _Lookup:
    """A calendar's answers for one schedule, each worked out once."""

    def __init__(self, cal: WorkCalendar) -> None:
        def after(day: date) -> int:
            return cal.number(day + _ONE_DAY)

        self.number: _Memo[date, int] = _Memo(cal.number)
        self.number_after: _Memo[date, int] = _Memo(after)
        """Working days in [epoch, day]: a day's number, plus one if it is a working day."""
        self.day: _Memo[int, date] = _Memo(cal.day)


def _placement(task: PlanTask, lookup: _Lookup) -> tuple[int, int | None]:
    """The task's duration in working days, and the working-day number the plan
    starts it on (None when undated)."""
    start, due = task.start, task.due
    if start is not None and due is not None:
        # Working days in start..due (none when due < start), at least one.
        length = lookup.number_after[due] - lookup.number[start] if due >= start else 0
        duration = max(1, length)
    elif task.estimate is not None and task.estimate > 0:
        duration = max(1, math.ceil(task.estimate - 1e-9))
    else:
        duration = 1
    if start is not None:
        return duration, lookup.number[start]
    if due is not None:
        # Backwards from the due date: its last working day on or before it is the last.
        return duration, lookup.number_after[due] - duration
    return duration, None


def duration_of(task: PlanTask, cal: WorkCalendar) -> int:
    """Working days the task takes: its dates when both are set, else its estimate."""
    return _placement(task, _Lookup(cal))[0]


def topological_order(ids: Iterable[int], edges: Sequence[tuple[int, int]]) -> list[int]:
    """Every id, each after all its predecessors; `ScheduleCycle` if there is none."""
    successors: dict[int, list[int]] = {}
    for before, after in edges:
        successors.setdefault(before, []).append(after)
    return _ordered(list(ids), successors, edges)


def _ordered(
    nodes: list[int], successors: dict[int, list[int]], edges: Sequence[tuple[int, int]]
) -> list[int]:
    """Kahn's algorithm over `nodes` (every end of every edge among them)."""
    incoming = dict.fromkeys(nodes, 0)
    for targets in successors.values():
        for after in targets:
            incoming[after] += 1
    ready = [node for node in nodes if incoming[node] == 0]
    order: list[int] = []
    while ready:
        node = ready.pop()
        order.append(node)
        for nxt in successors.get(node, ()):
            incoming[nxt] -= 1
            if incoming[nxt] == 0:
                ready.append(nxt)
    if len(order) < len(nodes):
        raise ScheduleCycle(_one_cycle({n for n, c in incoming.items() if c > 0}, edges))
    return order


def _one_cycle(stuck: set[int], edges: Sequence[tuple[int, int]]) -> list[int]:
    """A cycle among the nodes Kahn's algorithm could not place, from its smallest id.

    Walks backwards: every stuck node has a stuck predecessor (that is why it
    is stuck), while a node merely downstream of a cycle has no stuck successor.
    """
    predecessors: dict[int, list[int]] = defaultdict(list)
    for before, after in edges:
        if before in stuck and after in stuck:
            predecessors[after].append(before)
    node = min(stuck)
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = min(predecessors[node])
    loop = path[seen[node] :][::-1]
    first = loop.index(min(loop))
    loop = loop[first:] + loop[:first]
    return [*loop, loop[0]]


def compute_schedule(
    tasks: Iterable[PlanTask],
    dependencies: Iterable[tuple[int, int]],
    milestones: Iterable[PlanMilestone] = (),
    *,
    today: date,
    holidays: Collection[date] = (),
    starts: dict[int | None, date] | None = None,
    deadlines: dict[int | None, date] | None = None,
) -> Schedule:
    """Forward and backward pass over all tasks at once, projects apart.

    `dependencies` are (predecessor, successor) task ids; edges to tasks not
    given are ignored. `starts` gives each project's start (where an undated
    task with nothing before it begins; default: the project's earliest
    planned start, else `today`); `deadlines` each project's end date, for
    the "projected end after the end date" risk.
    """
    cal = WorkCalendar(holidays)
    by_id = {task.id: task for task in tasks}
    edges: list[tuple[int, int]] = []
    preds: dict[int, list[int]] = {}
    succs: dict[int, list[int]] = {}
    for p, s in dependencies:
        if p in by_id and s in by_id and p != s:
            edges.append((p, s))
            preds.setdefault(s, []).append(p)
            succs.setdefault(p, []).append(s)
    # Only the tasks on an edge need an order: the others wait for nothing
    # and nothing waits for them, so one step places each.
    linked = _ordered(list(succs.keys() | preds.keys()), succs, edges)

    # project_of, duration, plan, early and late share by_id's order: the passes zip them.
    lookup = _Lookup(cal)
    project_of: dict[int, int | None] = {}
    duration: dict[int, int] = {}
    plan: dict[int, int | None] = {}
    for tid, task in by_id.items():
        project_of[tid] = task.project
        duration[tid], plan[tid] = _placement(task, lookup)
    base = _project_starts(project_of, plan, cal, today, starts or {})

    early = {
        tid: base[project] if own is None else own
        for (tid, project), own in zip(project_of.items(), plan.values(), strict=True)
    }
    for tid in linked:
        before = preds.get(tid)
        if before:
            start = early[tid]
            for p in before:
                start = max(start, early[p] + duration[p])
            early[tid] = start

    end_of: dict[int | None, int] = {}
    for project, start, length in zip(
        project_of.values(), early.values(), duration.values(), strict=True
    ):
        known = end_of.get(project)
        if known is None or start + length > known:
            end_of[project] = start + length

    milestone_list = list(milestones)
    due_by = _milestone_deadlines(milestone_list, by_id, cal)
    late = {
        tid: end_of[project] - length
        for (tid, project), length in zip(project_of.items(), duration.values(), strict=True)
    }
    for tid, limit in due_by.items():
        late[tid] = min(late[tid], limit - duration[tid])
    for tid in reversed(linked):
        after = succs.get(tid)
        if after:
            finish = late[tid] + duration[tid]
            for s in after:
                finish = min(finish, late[s])
            late[tid] = finish - duration[tid]

    day = lookup.day
    new = tuple.__new__  # Timing(...) without its Python-level __new__: a third faster
    timings = {
        tid: new(
            Timing,
            (
                tid,
                length,
                day[first],
                day[first + length - 1],
                day[last],
                day[last + length - 1],
                last - first,
                own is not None,
            ),
        )
        for tid, length, own, first, last in zip(
            by_id, duration.values(), plan.values(), early.values(), late.values(), strict=True
        )
    }
    ends = {project: cal.day(end - 1) for project, end in end_of.items()}
    milestone_finish = {
        m.id: max(timings[t].earliest_finish for t in m.after if t in timings)
        for m in milestone_list
        if any(t in timings for t in m.after)
    }
    risks = delay_risks(
        by_id, timings, edges, milestone_list, milestone_finish, ends, today, deadlines
    )
    by_task: dict[int, list[Risk]] = defaultdict(list)
    by_milestone: dict[int, list[Risk]] = defaultdict(list)
    for risk in risks:
        if risk.task is not None:
            by_task[risk.task].append(risk)
        if risk.milestone is not None:
            by_milestone[risk.milestone].append(risk)
    return Schedule(
        timings,
        ends,
        milestone_finish,
        tuple(risks),
        project_of,
        dict(by_task),
        dict(by_milestone),
    )


def _milestone_deadlines(
    milestones: list[PlanMilestone], by_id: dict[int, PlanTask], cal: WorkCalendar
) -> dict[int, int]:
    """The working-day number each task must finish before, for the milestones
    waiting for it (a milestone's tasks are due by its date)."""
    due_by: dict[int, int] = {}
    for m in milestones:
        if m.reached:
            continue
        limit = cal.number(m.date + timedelta(days=1))
        for tid in m.after:
            if tid in by_id:
                due_by[tid] = min(due_by.get(tid, limit), limit)
    return due_by


def _project_starts(
    project_of: dict[int, int | None],
    plan: dict[int, int | None],
    cal: WorkCalendar,
    today: date,
    starts: dict[int | None, date],
) -> dict[int | None, int]:
    """Where each project's undated tasks begin: its given start, else its
    earliest planned start, else today."""
    earliest: dict[int | None, int] = {}
    for project, own in zip(project_of.values(), plan.values(), strict=True):
        if own is not None:
            known = earliest.get(project)
            if known is None or own < known:
                earliest[project] = own
    fallback = cal.number(today)
    return {
        project: (
            cal.number(starts[project]) if project in starts else earliest.get(project, fallback)
        )
        for project in set(project_of.values())
    }


def task_bar(
    start: date | None, due: date | None, timing: Timing, cal: WorkCalendar
) -> tuple[date, date]:
    """Where a task's bar runs: its own dates, else where its estimate places it."""
    if start is not None and due is not None:
        return start, due
    if start is not None:
        return start, cal.add(start, timing.duration - 1)
    if due is not None:
        # Back from the last working day on or before the due date, as `planned_start` does.
        return cal.day(cal.number_on_or_before(due) - (timing.duration - 1)), due
    return timing.earliest_start, timing.earliest_finish


def shifted_dates(
    start: date, due: date, cal: WorkCalendar, *, move: int = 0, grow: int = 0
) -> tuple[date, date]:
    """The bar moved by `move` working days and its end by `grow` more.

    A task never shrinks below one day; dates land on working days.
    """
    new_start = cal.add(start, move)
    length = max(1, cal.between(start, due) + grow)
    return new_start, cal.add(new_start, length - 1)
