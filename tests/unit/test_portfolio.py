"""The portfolio's pure logic (`logic.portfolio`): schedule states, progress, trends.

The calendar (2026; "today" is Monday 23 November):

    Mon 16 Nov  Tue 17  Wed 18  Thu 19  Fri 20
    Mon 23 Nov  Tue 24  Wed 25  Thu 26  Fri 27
    Mon 30 Nov  Tue 1 Dec  Wed 2  Thu 3  Fri 4

Each test builds the schedule with `compute_schedule`, as the timeline does,
and asks `project_states` what the dashboard says about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pytest

from mpm_tui.logic.portfolio import (
    ProjectState,
    ScheduleState,
    missed_milestones,
    progress_share,
    project_states,
    sparkline,
    weekly_counts,
)
from mpm_tui.logic.schedule import PlanMilestone, PlanTask, compute_schedule
from mpm_tui.schemas.portfolio import Budget, ColumnWip, Goal, TaskProgress

TODAY = date(2026, 11, 23)
MON_16, FRI_20 = date(2026, 11, 16), date(2026, 11, 20)
TUE_24, WED_25, FRI_27 = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 27)
MON_30, FRI_4 = date(2026, 11, 30), date(2026, 12, 4)


def states(
    tasks: Sequence[PlanTask],
    milestones: Sequence[PlanMilestone] = (),
    *,
    deps: Sequence[tuple[int, int]] = (),
    ends: dict[int | None, date] | None = None,
    projects: Sequence[int] = (1,),
) -> dict[int, ProjectState]:
    schedule = compute_schedule(tasks, deps, milestones, today=TODAY, deadlines=ends)
    return project_states(projects, schedule, tasks, milestones, TODAY)


def state_of(tasks: Sequence[PlanTask], milestones: Sequence[PlanMilestone] = ()) -> ScheduleState:
    return states(tasks, milestones)[1].state


# --- the four states ---------------------------------------------------------------


def test_a_plan_with_room_is_on_track() -> None:
    tasks = [PlanTask(1, "Brief", TUE_24, WED_25, project=1, started=True)]
    found = states(tasks, ends={1: FRI_4})[1]
    assert found.state is ScheduleState.ON_TRACK
    assert found.reasons == ()
    assert found.projected_end == WED_25


def test_a_project_with_nothing_planned_has_no_plan() -> None:
    found = states([PlanTask(1, "Elsewhere", TUE_24, WED_25, project=2)], projects=(1, 2))
    assert found[1].state is ScheduleState.NO_PLAN
    assert found[2].state is ScheduleState.ON_TRACK


def test_a_milestone_alone_is_a_plan() -> None:
    assert state_of([], [PlanMilestone(1, "Launch", FRI_4, 1)]) is ScheduleState.ON_TRACK


def test_an_overdue_task_puts_the_project_at_risk_and_says_how_many() -> None:
    tasks = [
        PlanTask(1, "Late copy", MON_16, FRI_20, project=1, started=True),
        PlanTask(2, "Fine", TUE_24, WED_25, project=1, started=True),
    ]
    found = states(tasks, ends={1: FRI_4})[1]
    assert found.state is ScheduleState.AT_RISK
    assert found.reasons == ("1 task at risk (1 overdue)",)
    assert found.at_risk == 1


def test_a_done_task_past_its_date_is_no_risk() -> None:
    tasks = [PlanTask(1, "Shipped", MON_16, FRI_20, project=1, done=True, started=True)]
    assert state_of(tasks) is ScheduleState.ON_TRACK


def test_a_task_slipping_past_its_due_date_is_a_risk() -> None:
    """Its predecessor runs to Wed 25, so the successor (due Tue 24) cannot make it:
    one task at risk (the successor; the predecessor is fine)."""
    tasks = [
        PlanTask(1, "Research", TUE_24, WED_25, project=1, started=True),
        PlanTask(2, "Write", None, TUE_24, estimate=1, project=1),
    ]
    found = states(tasks, deps=[(1, 2)])[1]
    assert found.state is ScheduleState.AT_RISK
    assert found.reasons == ("1 task at risk",)


def test_a_milestone_before_its_tasks_can_finish_is_at_risk() -> None:
    tasks = [PlanTask(1, "Video", TUE_24, FRI_27, project=1, started=True)]
    milestones = [PlanMilestone(1, "Creative done", WED_25, 1, after=(1,))]
    found = states(tasks, milestones)[1]
    assert found.state is ScheduleState.AT_RISK
    assert any("milestone Creative done on Nov 25" in r for r in found.reasons)


def test_a_projected_end_after_the_end_date_is_late() -> None:
    tasks = [PlanTask(1, "Event", MON_30, FRI_4, project=1, started=True)]
    found = states(tasks, ends={1: date(2026, 12, 2)})[1]
    assert found.state is ScheduleState.LATE
    assert found.reasons[0] == "projected to end Dec 4, after its end date Dec 2"


def test_a_missed_milestone_is_late_even_with_its_tasks_risks_counted() -> None:
    tasks = [PlanTask(1, "Landing page", MON_16, FRI_20, project=1, started=True)]
    milestones = [PlanMilestone(1, "Creative done", FRI_20, 1, after=(1,))]
    found = states(tasks, milestones, ends={1: FRI_4})[1]
    assert found.state is ScheduleState.LATE
    assert found.reasons == (
        "milestone Creative done was due Nov 20 and its tasks are not done",
        "1 task at risk (1 overdue)",
    )


@pytest.mark.parametrize(
    ("reached", "done", "after", "missed"),
    [
        (False, False, (1,), True),
        (True, False, (1,), False),  # marked reached
        (False, True, (1,), False),  # its work is done: reached, if late
        (False, False, (), False),  # nothing to wait for: passes with its date
        (False, False, (99,), False),  # waits only for a task not shown (cancelled)
    ],
)
def test_which_milestones_are_missed(
    reached: bool, done: bool, after: tuple[int, ...], missed: bool
) -> None:
    milestone = PlanMilestone(1, "Launch", FRI_20, 1, after=after, reached=reached)
    found = missed_milestones([milestone], {1} if done else set(), {1}, TODAY)
    assert bool(found) is missed


def test_a_milestone_due_today_is_not_missed_yet() -> None:
    milestone = PlanMilestone(1, "Launch", TODAY, 1, after=(1,))
    assert missed_milestones([milestone], set(), {1}, TODAY) == []


def test_every_project_gets_its_own_state() -> None:
    tasks = [
        PlanTask(1, "Late", MON_16, FRI_20, project=1, started=True),
        PlanTask(2, "Fine", TUE_24, WED_25, project=2, started=True),
        PlanTask(3, "Long", MON_30, FRI_4, project=3, started=True),
    ]
    found = states(tasks, ends={3: MON_30}, projects=(1, 2, 3, 4))
    assert [found[p].state for p in (1, 2, 3, 4)] == [
        ScheduleState.AT_RISK,
        ScheduleState.ON_TRACK,
        ScheduleState.LATE,
        ScheduleState.NO_PLAN,
    ]


def test_states_say_it_with_a_symbol_and_a_word() -> None:
    assert [s.label for s in ScheduleState] == [
        "✗ late",
        "⚠ at risk",
        "✓ on track",
        "· no plan",
        "? unknown",
    ]
    assert sorted(ScheduleState, key=lambda s: s.rank)[:2] == [
        ScheduleState.LATE,
        ScheduleState.AT_RISK,
    ]


# --- progress, goal, budget, WIP ---------------------------------------------------


def test_progress_is_done_days_over_all_days_rounded_down() -> None:
    assert progress_share(0, 0) is None
    assert TaskProgress().label == "—"
    assert TaskProgress(done_days=13, total_days=29.5).label == "44%"
    assert TaskProgress(done_days=29.9, total_days=30).label == "99%"  # not done yet
    assert TaskProgress(done_days=30, total_days=30).label == "100%"


def test_goal_attainment_and_budget_burn() -> None:
    assert Goal("Deals", "deals", 30, 2).attainment == pytest.approx(2 / 30)
    assert Goal("Deals", "deals", 30, None).attainment is None
    assert Goal("Deals", "deals", 0, 5).attainment is None
    assert Budget(4200, 2300).burn == pytest.approx(2300 / 4200)
    assert Budget(0, 100).burn is None


def test_wip_labels_mark_the_limit_with_a_symbol() -> None:
    assert ColumnWip("B", "To Do", 62, None).label == "62"
    assert ColumnWip("B", "Doing", 5, 6).label == "5/6"
    assert ColumnWip("B", "Review", 4, 4).label == "4/4 ●"
    assert ColumnWip("B", "Review", 5, 4).label == "5/4 ▲"


# --- trends ------------------------------------------------------------------------


def test_weekly_counts_are_seven_day_windows_ending_now() -> None:
    now = datetime(2026, 11, 23, 9, 30)
    times = [
        datetime(2026, 11, 23, 9, 0),  # half an hour ago: the last window
        datetime(2026, 11, 16, 9, 31),  # 6 days 23h59 ago: still the last window
        datetime(2026, 11, 16, 9, 30),  # exactly 7 days ago: the one before
        datetime(2026, 10, 1),  # too old for 4 windows
        datetime(2026, 11, 24),  # in the future: not counted
    ]
    assert weekly_counts(times, now, 4) == [0, 0, 1, 2]


def test_sparkline_bars_are_relative_to_the_largest_and_zero_stays_flat() -> None:
    assert sparkline([0, 5, 10]) == "▁▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""
    assert sparkline([0, 1, 70])[1] == "▂"  # a small count never looks like none
