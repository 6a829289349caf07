"""The portfolio's judgements: each project's schedule state, its progress, completion trends.

Pure: the schedule worked out by `logic.schedule` (the same one the timeline
draws) and plain numbers in; states, shares and sparklines out.

A project's schedule state, in the words a manager would use:

- **late**: its projected end falls after its end date (the timeline's
  "projected to end …, after its end date" risk), or a milestone is already
  missed: its date has passed, it is not marked reached, and some task it
  waits for is not done. (A milestone without tasks, or whose tasks are all
  done, counts as reached, as the timeline treats it.)
- **at risk**: not late, but a task or milestone of it carries one of the
  timeline's risks (⚠ there): overdue, slipping past its due date, due after
  a task that waits for it, not started after its latest start, or a
  milestone dated before its tasks can finish.
- **on track**: it has tasks or milestones and none of the above.
- **no plan**: no tasks and no milestones yet: nothing to be on track with.

Progress is done work over all work in estimated days, cancelled tasks left
out; a task without an estimate counts as one day (the schedule also gives
it one day, and tasks are meant to be 1–3 days).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from mpm_tui.logic.schedule import PlanMilestone, PlanTask, RiskKind, Schedule

UNESTIMATED_DAYS = 1.0
"""What a task without an estimate weighs in a project's progress."""

SPARKS = "▁▂▃▄▅▆▇█"


class ScheduleState(StrEnum):
    """Where a project stands against its dates; each state has a symbol and a word."""

    LATE = "late"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"
    NO_PLAN = "no_plan"
    UNKNOWN = "unknown"
    """The dependencies loop, so there is no schedule to judge by."""

    @property
    def symbol(self) -> str:
        return STATE_SYMBOLS[self]

    @property
    def label(self) -> str:
        """`✗ late`, `⚠ at risk`: the symbol and the word, never colour alone."""
        return f"{self.symbol} {self.value.replace('_', ' ')}"

    @property
    def rank(self) -> int:
        """Most serious first: late 0, at risk 1, unknown 2, on track 3, no plan 4."""
        return STATE_RANKS[self]


STATE_SYMBOLS: dict[ScheduleState, str] = {
    ScheduleState.LATE: "✗",
    ScheduleState.AT_RISK: "⚠",
    ScheduleState.ON_TRACK: "✓",
    ScheduleState.NO_PLAN: "·",
    ScheduleState.UNKNOWN: "?",
}
STATE_RANKS: dict[ScheduleState, int] = {
    ScheduleState.LATE: 0,
    ScheduleState.AT_RISK: 1,
    ScheduleState.UNKNOWN: 2,
    ScheduleState.ON_TRACK: 3,
    ScheduleState.NO_PLAN: 4,
}


@dataclass(frozen=True)
class ProjectState:
    """A project's schedule state, why, and its projected end."""

    state: ScheduleState
    reasons: tuple[str, ...] = ()
    """The most serious first, e.g. `milestone Launch day was due Dec 14 …`."""
    projected_end: date | None = None
    at_risk: int = 0
    """Tasks and milestones carrying a risk: the timeline's `⚠ N at risk`."""


def _short(day: date) -> str:
    return f"{day:%b} {day.day}"


def missed_milestones(
    milestones: Iterable[PlanMilestone], done: Collection[int], known: Collection[int], today: date
) -> list[PlanMilestone]:
    """Milestones whose date has passed without being reached while a task they
    wait for (of those in `known`) is still not in `done`."""
    return [
        m
        for m in milestones
        if not m.reached and m.date < today and any(t in known and t not in done for t in m.after)
    ]


def project_states(
    projects: Iterable[int],
    schedule: Schedule,
    tasks: Iterable[PlanTask],
    milestones: Sequence[PlanMilestone],
    today: date,
) -> dict[int, ProjectState]:
    """The state of each project in `projects`, from the schedule the timeline draws."""
    task_list = list(tasks)
    known = {t.id for t in task_list}
    done = {t.id for t in task_list if t.done}
    planned: set[int | None] = {t.project for t in task_list} | {m.project for m in milestones}
    late: dict[int | None, list[str]] = defaultdict(list)
    risky_tasks: dict[int | None, set[int]] = defaultdict(set)
    risky_milestones: dict[int | None, set[int]] = defaultdict(set)
    overdue: dict[int | None, set[int]] = defaultdict(set)
    notes: dict[int | None, list[str]] = defaultdict(list)
    for missed in missed_milestones(milestones, done, known, today):
        late[missed.project].append(
            f"milestone {missed.name} was due {_short(missed.date)} and its tasks are not done"
        )
    for risk in schedule.risks:
        if risk.kind is RiskKind.PROJECT_LATE:
            late[risk.project].append(risk.message)
        elif risk.task is not None:
            project = schedule.project_of.get(risk.task)
            risky_tasks[project].add(risk.task)
            if risk.kind is RiskKind.OVERDUE:
                overdue[project].add(risk.task)
        elif risk.milestone is not None:
            risky_milestones[risk.project].add(risk.milestone)
            notes[risk.project].append(risk.message)
    states: dict[int, ProjectState] = {}
    for project in projects:
        n_tasks = len(risky_tasks.get(project, ()))
        n_milestones = len(risky_milestones.get(project, ()))
        reasons = list(late.get(project, ()))
        if n_tasks:
            n_overdue = len(overdue.get(project, ()))
            reasons.append(
                f"{n_tasks} task{'' if n_tasks == 1 else 's'} at risk"
                + (f" ({n_overdue} overdue)" if n_overdue else "")
            )
        reasons += notes.get(project, ())
        if late.get(project):
            state = ScheduleState.LATE
        elif n_tasks or n_milestones:
            state = ScheduleState.AT_RISK
        elif project in planned:
            state = ScheduleState.ON_TRACK
        else:
            state = ScheduleState.NO_PLAN
        states[project] = ProjectState(
            state, tuple(reasons), schedule.ends.get(project), n_tasks + n_milestones
        )
    return states


def progress_share(done_days: float, total_days: float) -> float | None:
    """Done over total (None: nothing to do yet)."""
    return done_days / total_days if total_days > 0 else None


def weekly_counts(times: Iterable[datetime], now: datetime, weeks: int) -> list[int]:
    """How many of `times` fall in each of the last `weeks` seven-day windows
    ending at `now`, oldest first: the last is "the last 7 days"."""
    counts = [0] * weeks
    week = timedelta(days=7).total_seconds()
    for moment in times:
        age = (now - moment).total_seconds()
        if age < 0:
            continue  # a clock ahead of ours: not "recent", not lost either
        back = int(age // week)
        if back < weeks:
            counts[weeks - 1 - back] += 1
    return counts


def sparkline(values: Sequence[float]) -> str:
    """`▁▃█`: each value as a bar against the largest (all ▁ when all are 0)."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    last = len(SPARKS) - 1
    return "".join(SPARKS[min(last, math.ceil(v / top * last))] for v in values)
