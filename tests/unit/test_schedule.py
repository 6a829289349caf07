"""The critical path method (`logic.schedule`), proved on published examples.

Textbook durations are in weeks; here one textbook time unit is one working
day, so a network that starts on a Monday with no holidays reproduces the
book's ES/EF/LS/LF as working-day offsets from that Monday. Textbooks count
finish times at the end of a period (EF = ES + duration); a `Timing` names
the last working day of the task, so its offset is EF - 1.

The calendar used throughout (2026):

    Mon 2 Mar  Tue 3  Wed 4  Thu 5  Fri 6  Sat 7  Sun 8
    Mon 9      Tue 10 Wed 11 Thu 12 Fri 13 Sat 14 Sun 15
    Mon 16 …   Fri 20 …      Mon 23
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from datetime import date, timedelta

import pytest

from mpm_tui.logic.schedule import (
    PlanMilestone,
    PlanTask,
    Risk,
    RiskKind,
    Schedule,
    ScheduleCycle,
    compute_schedule,
    duration_of,
    shifted_dates,
    task_bar,
)
from mpm_tui.logic.workdays import WorkCalendar, working_days_between
from mpm_tui.schemas.enums import Priority
from mpm_tui.schemas.timeline import TimelineTask

START = date(2026, 3, 2)  # a Monday
CAL = WorkCalendar()

MON_2, TUE_3, WED_4, THU_5, FRI_6 = (date(2026, 3, d) for d in range(2, 7))
SAT_7 = date(2026, 3, 7)
MON_9, TUE_10, WED_11, THU_12, FRI_13 = (date(2026, 3, d) for d in range(9, 14))
SAT_14 = date(2026, 3, 14)
MON_16 = date(2026, 3, 16)
FRI_20 = date(2026, 3, 20)
MON_23 = date(2026, 3, 23)

Row = tuple[str, int, str, int, int, int, int, int]
"""Activity, duration, predecessors (space separated), ES, EF, LS, LF, slack."""


def test_the_reference_calendar_is_right() -> None:
    assert [d.weekday() for d in (MON_2, FRI_6, SAT_7, MON_9, FRI_13, SAT_14)] == [0, 4, 5, 0, 4, 5]
    assert (MON_16.weekday(), FRI_20.weekday(), MON_23.weekday()) == (0, 4, 0)


def offset(day: date, cal: WorkCalendar = CAL, start: date = START) -> int:
    """Working days from the project start to `day` (0 for the start itself)."""
    return cal.number(day) - cal.number(start)


def solve(
    rows: Sequence[Row], holidays: Collection[date] = (), start: date = START
) -> tuple[Schedule, dict[str, int]]:
    """The network as undated tasks with estimates, all starting from `start`."""
    ids = {row[0]: number for number, row in enumerate(rows, start=1)}
    tasks = [PlanTask(ids[name], name, estimate=duration) for name, duration, *_ in rows]
    deps = [(ids[p], ids[name]) for name, _, after, *_ in rows for p in after.split()]
    schedule = compute_schedule(tasks, deps, today=start, holidays=holidays, starts={None: start})
    return schedule, ids


def check_published(rows: Sequence[Row], duration: int, critical: str) -> Schedule:
    """The schedule reproduces the book: critical path, project length, every row."""
    schedule, ids = solve(rows)
    names = {number: name for name, number in ids.items()}
    assert [names[t] for t in schedule.critical_path()] == critical.split()
    assert CAL.between(START, schedule.ends[None]) == duration
    assert schedule.projected_end == schedule.ends[None]
    for name, length, _, es, ef, ls, lf, slack in rows:
        timing = schedule.timings[ids[name]]
        assert timing.duration == length, name
        assert offset(timing.earliest_start) == es, name
        assert offset(timing.earliest_finish) + 1 == ef, name
        assert offset(timing.latest_start) == ls, name
        assert offset(timing.latest_finish) + 1 == lf, name
        assert timing.slack == slack, name
        assert timing.critical == (slack == 0), name
        assert not timing.planned
    assert schedule.risks == ()
    return schedule


# Heizer, J. & Render, B., "Operations Management" (Pearson), Chapter 3 "Project
# Management": Milwaukee Paper Manufacturing's pollution-control project, Table 3.2
# (activities) and the worked forward pass, backward pass and slack table.
MILWAUKEE: list[Row] = [
    ("A", 2, "", 0, 2, 0, 2, 0),  # build internal components
    ("B", 3, "", 0, 3, 1, 4, 1),  # modify roof and floor
    ("C", 2, "A", 2, 4, 2, 4, 0),  # construct collection stack
    ("D", 4, "A B", 3, 7, 4, 8, 1),  # pour concrete and install frame
    ("E", 4, "C", 4, 8, 4, 8, 0),  # build high-temperature burner
    ("F", 3, "C", 4, 7, 10, 13, 6),  # install pollution control system
    ("G", 5, "D E", 8, 13, 8, 13, 0),  # install air pollution device
    ("H", 2, "F G", 13, 15, 13, 15, 0),  # inspect and test
]


def test_heizer_render_milwaukee_paper_manufacturing() -> None:
    """Heizer & Render, *Operations Management*, ch. 3 "Project Management",
    Milwaukee Paper Manufacturing: critical path A-C-E-G-H, 15 weeks; slack
    B = 1, D = 1, F = 6, every other activity 0 (LS of D is 4 = LS of G − 4,
    against an ES of 3)."""
    check_published(MILWAUKEE, 15, "A C E G H")


def test_heizer_render_milwaukee_learning_exercise() -> None:
    """Same chapter, the learning exercise after the backward pass: "A new
    activity I, EPA Approval, takes 1 week. Its predecessor is activity H.
    What are I's LS and LF? [Answer: 15, 16]"."""
    schedule, ids = solve([*MILWAUKEE, ("I", 1, "H", 15, 16, 15, 16, 0)])
    timing = schedule.timings[ids["I"]]
    assert offset(timing.latest_start) == 15
    assert offset(timing.latest_finish) + 1 == 16
    assert CAL.between(START, schedule.ends[None]) == 16
    assert schedule.critical_path() == tuple(ids[n] for n in "ACEGHI")


def test_hillier_lieberman_reliable_construction() -> None:
    """Hillier & Lieberman, *Introduction to Operations Research* (McGraw-Hill),
    chapter "Project Management with PERT/CPM", the Reliable Construction Co.
    prototype example (a new plant, 14 activities): project 44 weeks, critical
    path START-A-B-C-E-F-J-L-N-FINISH; slack D = 4, G = 4, H = 4, I = 2, K = 1,
    M = 4, every other activity 0."""
    check_published(
        [
            ("A", 2, "", 0, 2, 0, 2, 0),  # excavate
            ("B", 4, "A", 2, 6, 2, 6, 0),  # lay the foundation
            ("C", 10, "B", 6, 16, 6, 16, 0),  # put up the rough wall
            ("D", 6, "C", 16, 22, 20, 26, 4),  # put up the roof
            ("E", 4, "C", 16, 20, 16, 20, 0),  # install the exterior plumbing
            ("F", 5, "E", 20, 25, 20, 25, 0),  # install the interior plumbing
            ("G", 7, "D", 22, 29, 26, 33, 4),  # put up the exterior siding
            ("H", 9, "E G", 29, 38, 33, 42, 4),  # do the exterior painting
            ("I", 7, "C", 16, 23, 18, 25, 2),  # do the electrical work
            ("J", 8, "F I", 25, 33, 25, 33, 0),  # put up the wallboard
            ("K", 4, "J", 33, 37, 34, 38, 1),  # install the flooring
            ("L", 5, "J", 33, 38, 33, 38, 0),  # do the interior painting
            ("M", 2, "H", 38, 40, 42, 44, 4),  # install the exterior fixtures
            ("N", 6, "K L", 38, 44, 38, 44, 0),  # install the interior fixtures
        ],
        44,
        "A B C E F J L N",
    )


def test_anderson_sweeney_williams_western_hills_shopping_center() -> None:
    """Anderson, Sweeney, Williams, Camm & Martin, *An Introduction to Management
    Science* (Cengage), ch. 9 "Project Scheduling: PERT/CPM", the Western Hills
    Shopping Center expansion (Souk Al Bustan Shopping Centre in the EMEA
    edition), Table 9.2 "Activity schedule": critical path A-E-F-G-I, 26 weeks;
    slack B = 6, C = 3, D = 2, H = 3."""
    check_published(
        [
            ("A", 5, "", 0, 5, 0, 5, 0),  # prepare architectural drawings
            ("B", 6, "", 0, 6, 6, 12, 6),  # identify potential new tenants
            ("C", 4, "A", 5, 9, 8, 12, 3),  # develop prospectus for tenants
            ("D", 3, "A", 5, 8, 7, 10, 2),  # select contractor
            ("E", 1, "A", 5, 6, 5, 6, 0),  # prepare building permits
            ("F", 4, "E", 6, 10, 6, 10, 0),  # obtain approval for building permits
            ("G", 14, "D F", 10, 24, 10, 24, 0),  # perform construction
            ("H", 12, "B C", 9, 21, 12, 24, 3),  # finalize contracts with tenants
            ("I", 2, "G H", 24, 26, 24, 26, 0),  # tenants move in
        ],
        26,
        "A E F G I",
    )


def test_taylor_activity_on_arrow_problem() -> None:
    """Taylor, *Introduction to Management Science* (Pearson), ch. 8 "Project
    Management", problem 5 and its published solution: an activity-on-arrow
    network, critical path 1-3-4-5-6, 20 weeks; slack 1-2 = 2, 2-4 = 2,
    3-5 = 4. Activity i-j waits for every activity ending at node i."""
    arrows = [
        ("1-2", 7, 0, 7, 2, 9, 2),
        ("1-3", 10, 0, 10, 0, 10, 0),
        ("2-4", 6, 7, 13, 9, 15, 2),
        ("3-4", 5, 10, 15, 10, 15, 0),
        ("3-5", 4, 10, 14, 14, 18, 4),
        ("4-5", 3, 15, 18, 15, 18, 0),
        ("5-6", 2, 18, 20, 18, 20, 0),
    ]

    def before(name: str) -> str:
        tail = name.split("-")[0]
        return " ".join(other for other, *_ in arrows if other.split("-")[1] == tail)

    rows: list[Row] = [
        (name, length, before(name), es, ef, ls, lf, slack)
        for name, length, es, ef, ls, lf, slack in arrows
    ]
    assert rows[5][2] == "2-4 3-4"
    check_published(rows, 20, "1-3 3-4 4-5 5-6")


# A cycle is refused.


def test_a_two_task_cycle_is_refused_and_named() -> None:
    with pytest.raises(ScheduleCycle) as caught:
        compute_schedule([PlanTask(1), PlanTask(2)], [(1, 2), (2, 1)], today=START)
    assert caught.value.cycle == (1, 2, 1)
    assert str(caught.value) == "dependencies form a cycle: #1 → #2 → #1"
    assert isinstance(caught.value, ValueError)


def test_the_cycle_names_only_its_own_tasks() -> None:
    """1 → (2 → 3 → 4 → 2) → 5: 1 and 5 are outside the loop."""
    tasks = [PlanTask(i) for i in range(1, 6)]
    edges = [(1, 2), (2, 3), (3, 4), (4, 2), (4, 5)]
    with pytest.raises(ScheduleCycle) as caught:
        compute_schedule(tasks, edges, today=START)
    assert caught.value.cycle == (2, 3, 4, 2)
    assert str(caught.value) == "dependencies form a cycle: #2 → #3 → #4 → #2"


def test_a_cycle_is_found_when_a_smaller_id_waits_downstream_of_it() -> None:
    """Task 1 waits for the loop 5 ⇄ 6 without being part of it."""
    tasks = [PlanTask(1), PlanTask(5), PlanTask(6)]
    with pytest.raises(ScheduleCycle) as caught:
        compute_schedule(tasks, [(5, 6), (6, 5), (5, 1)], today=START)
    assert caught.value.cycle == (5, 6, 5)


def test_a_cycle_in_one_project_refuses_the_whole_schedule() -> None:
    tasks = [PlanTask(1, project=1), PlanTask(2, project=2), PlanTask(3, project=2)]
    with pytest.raises(ScheduleCycle):
        compute_schedule(tasks, [(2, 3), (3, 2)], today=START)


def test_a_self_dependency_and_links_to_unknown_tasks_are_ignored() -> None:
    schedule = compute_schedule([PlanTask(1, estimate=2)], [(1, 1), (1, 99), (98, 1)], today=START)
    assert schedule.timings[1].earliest_start == START
    assert schedule.ends[None] == TUE_3


# Holidays shift the projection.


def test_a_weekday_holiday_inside_the_span_moves_the_end_one_working_day_later() -> None:
    plain, _ = solve(MILWAUKEE)
    assert plain.ends[None] == FRI_20
    shifted, ids = solve(MILWAUKEE, holidays={WED_11})
    assert shifted.ends[None] == MON_23  # over the weekend: one working day later
    assert WorkCalendar({WED_11}).between(START, shifted.ends[None]) == 15
    assert shifted.critical_path() == plain.critical_path()
    assert {t: s.slack for t, s in shifted.timings.items()} == {
        t: s.slack for t, s in plain.timings.items()
    }
    # G (ES 8 in working days) now starts on Fri 13 instead of Thu 12; B (ES 0) does not move.
    assert plain.timings[ids["G"]].earliest_start == THU_12
    assert shifted.timings[ids["G"]].earliest_start == FRI_13
    assert shifted.timings[ids["B"]] == plain.timings[ids["B"]]


def test_two_weekday_holidays_move_the_end_two_working_days() -> None:
    shifted, _ = solve(MILWAUKEE, holidays={TUE_3, FRI_13})
    assert shifted.ends[None] == date(2026, 3, 24)


def test_a_holiday_on_the_start_day_moves_everything_one_day() -> None:
    shifted, ids = solve(MILWAUKEE, holidays={MON_2})
    assert shifted.timings[ids["A"]].earliest_start == TUE_3
    assert shifted.ends[None] == MON_23


@pytest.mark.parametrize(
    "holiday",
    [SAT_7, SAT_14, date(2026, 3, 15), date(2026, 2, 27), date(2026, 3, 23), date(2026, 12, 25)],
)
def test_a_holiday_on_a_weekend_or_outside_the_span_changes_nothing(holiday: date) -> None:
    plain, _ = solve(MILWAUKEE)
    other, _ = solve(MILWAUKEE, holidays={holiday})
    assert other.timings == plain.timings
    assert other.ends == plain.ends


def test_a_holiday_inside_a_dated_task_takes_a_working_day_off_it() -> None:
    """A task dated Mon 2 – Tue 10 lasts 7 working days, 6 with a holiday in it."""
    task = PlanTask(1, start=MON_2, due=TUE_10, estimate=1)
    assert compute_schedule([task], [], today=MON_2).timings[1].duration == 7
    with_holiday = compute_schedule([task], [], today=MON_2, holidays={WED_4})
    assert with_holiday.timings[1].duration == 6
    assert with_holiday.timings[1].earliest_finish == TUE_10


# Risks, one kind at a time, with their negatives.


def kinds(schedule: Schedule, task: int) -> list[RiskKind]:
    return [risk.kind for risk in schedule.task_risks(task)]


def test_overdue() -> None:
    task = PlanTask(1, "Brief", start=MON_2, due=FRI_6, started=True)
    schedule = compute_schedule([task], [], today=MON_9)
    assert schedule.risks == (Risk(RiskKind.OVERDUE, "overdue: was due Mar 6", task=1),)
    assert compute_schedule([task], [], today=FRI_6).risks == ()  # due today is not overdue


def test_slips_when_its_dependencies_push_it_past_its_due_date() -> None:
    first = PlanTask(1, "Copy", start=MON_9, estimate=5, started=True)  # Mon 9 – Fri 13
    second = PlanTask(2, "Layout", due=WED_11, estimate=1)
    schedule = compute_schedule([first, second], [(1, 2)], today=MON_9)
    assert schedule.timings[2].earliest_start == MON_16
    assert schedule.task_risks(2) == [
        Risk(RiskKind.SLIPS, "finishes Mar 16 at the earliest, after its due date Mar 11", 2)
    ]
    assert schedule.task_risks(1) == []
    on_time = compute_schedule(
        [first, PlanTask(2, "Layout", due=MON_16, estimate=1)], [(1, 2)], today=MON_9
    )
    assert on_time.risks == ()


def test_an_overdue_task_is_not_also_reported_as_slipping() -> None:
    first = PlanTask(1, start=MON_2, estimate=5, started=True)
    second = PlanTask(2, due=TUE_3, estimate=1, started=True)
    schedule = compute_schedule([first, second], [(1, 2)], today=MON_9)
    assert kinds(schedule, 2) == [RiskKind.OVERDUE]


def test_due_on_or_after_the_start_of_a_task_that_waits_for_it() -> None:
    brief = PlanTask(1, "Brief", start=MON_2, due=THU_5, started=True)
    launch = PlanTask(2, "Launch", start=THU_5, due=FRI_6, started=True)
    schedule = compute_schedule([brief, launch], [(1, 2)], today=MON_2)
    assert schedule.task_risks(1) == [
        Risk(
            RiskKind.DUE_AFTER_SUCCESSOR,
            "due Mar 5, but #2 Launch waits for it and starts Mar 5",
            1,
        )
    ]
    # Launch itself is pushed to Fri 6 and, two days long, slips past its due date.
    assert kinds(schedule, 2) == [RiskKind.SLIPS]
    earlier = PlanTask(1, "Brief", start=MON_2, due=WED_4, started=True)
    assert compute_schedule([earlier, launch], [(1, 2)], today=MON_2).risks == ()


def test_late_start_when_the_latest_start_has_passed() -> None:
    long = PlanTask(1, "Long", estimate=3)  # critical: latest start Mon 2
    short = PlanTask(2, "Short", estimate=1)  # slack 2: latest start Wed 4
    schedule = compute_schedule([long, short], [], today=WED_4, starts={None: MON_2})
    assert schedule.timings[2].latest_start == WED_4
    assert schedule.risks == (
        Risk(
            RiskKind.LATE_START,
            "not started, and its latest start Mar 2 has passed: what waits for it will be late",
            1,
        ),
    )


def test_a_started_task_has_no_late_start() -> None:
    task = PlanTask(1, estimate=3, started=True)
    schedule = compute_schedule([task], [], today=WED_4, starts={None: MON_2})
    assert schedule.risks == ()


def test_milestone_dated_before_its_tasks_finish() -> None:
    task = PlanTask(1, estimate=5, project=7)  # Mon 2 – Fri 6
    early = PlanMilestone(10, "Launch", THU_5, project=7, after=(1,))
    schedule = compute_schedule([task], [], [early], today=MON_2, starts={7: MON_2})
    assert schedule.milestone_finish == {10: FRI_6}
    expected = Risk(
        RiskKind.MILESTONE,
        "milestone Launch on Mar 5, but its tasks finish Mar 6 at the earliest",
        milestone=10,
        project=7,
    )
    assert schedule.milestone_risks(10) == [expected]
    assert expected in schedule.risks
    # The task is a day behind the milestone: negative slack, so critical, and
    # its latest start (Fri 27 Feb) has already passed.
    timing = schedule.timings[1]
    assert timing.slack == -1
    assert timing.critical
    assert timing.latest_finish == THU_5
    assert kinds(schedule, 1) == [RiskKind.LATE_START]


def test_a_milestone_date_makes_the_chain_into_it_critical() -> None:
    """The backward pass holds a milestone's tasks to its date, not only to the
    project's end: a short task feeding an early launch has no slack."""
    feeds = PlanTask(1, estimate=2, project=7)  # Mon 2 – Tue 3
    longest = PlanTask(2, estimate=10, project=7)  # Mon 2 – Fri 13: the project's end
    plain = compute_schedule([feeds, longest], [], today=MON_2, starts={7: MON_2})
    assert plain.timings[1].slack == 8
    launch = PlanMilestone(10, "Launch", TUE_3, project=7, after=(1,))
    tight = compute_schedule([feeds, longest], [], [launch], today=MON_2, starts={7: MON_2})
    assert tight.timings[1].slack == 0
    assert tight.critical_path(7) == (1, 2)
    assert tight.risks == ()
    later = PlanMilestone(10, "Launch", FRI_6, project=7, after=(1,))
    loose = compute_schedule([feeds, longest], [], [later], today=MON_2, starts={7: MON_2})
    assert loose.timings[1].slack == 3
    reached = PlanMilestone(10, "Launch", TUE_3, project=7, after=(1,), reached=True)
    done = compute_schedule([feeds, longest], [], [reached], today=MON_2, starts={7: MON_2})
    assert done.timings[1].slack == 8


@pytest.mark.parametrize(
    "milestone",
    [
        PlanMilestone(10, "Launch", FRI_6, project=7, after=(1,)),  # on the finish day
        PlanMilestone(10, "Launch", THU_5, project=7, after=(1,), reached=True),
        PlanMilestone(10, "Launch", THU_5, project=7, after=(99,)),  # unknown task
        PlanMilestone(10, "Launch", THU_5, project=7),  # waits for nothing
    ],
)
def test_no_milestone_risk(milestone: PlanMilestone) -> None:
    task = PlanTask(1, estimate=5, project=7)
    schedule = compute_schedule([task], [], [milestone], today=MON_2, starts={7: MON_2})
    assert schedule.risks == ()
    assert schedule.milestone_risks(10) == []


def test_project_projected_after_its_end_date() -> None:
    task = PlanTask(1, estimate=5, project=7)
    schedule = compute_schedule(
        [task], [], today=MON_2, starts={7: MON_2}, deadlines={7: THU_5, 8: MON_2}
    )
    assert schedule.risks == (
        Risk(RiskKind.PROJECT_LATE, "projected to end Mar 6, after its end date Mar 5", project=7),
    )
    on_time = compute_schedule([task], [], today=MON_2, starts={7: MON_2}, deadlines={7: FRI_6})
    assert on_time.risks == ()


def test_done_tasks_carry_no_risks() -> None:
    """Overdue, latest start passed, due after its successor's start: all moot once done."""
    done = PlanTask(1, "Brief", start=MON_2, due=THU_5, done=True)
    launch = PlanTask(2, "Launch", start=THU_5, due=FRI_6, started=True)
    schedule = compute_schedule([done, launch], [(1, 2)], today=MON_16)
    assert schedule.task_risks(1) == []
    assert kinds(schedule, 2) == [RiskKind.OVERDUE]
    assert all(risk.task != 1 for risk in schedule.risks)


def test_task_risks_of_an_unknown_task_is_empty() -> None:
    assert compute_schedule([], [], today=MON_2).task_risks(42) == []


# Planned dates, durations, project starts, projects apart.


def test_a_planned_start_is_a_start_no_earlier_than() -> None:
    first = PlanTask(1, estimate=2)  # Mon 2 – Tue 3
    later = PlanTask(2, start=MON_9, estimate=2)  # free from Wed 4, planned Mon 9
    pushed = PlanTask(3, start=TUE_3, estimate=1)  # planned Tue 3, first ends Tue 3
    schedule = compute_schedule(
        [first, later, pushed], [(1, 2), (1, 3)], today=MON_2, starts={None: MON_2}
    )
    assert schedule.timings[2].earliest_start == MON_9
    assert schedule.timings[2].earliest_finish == TUE_10
    assert schedule.timings[3].earliest_start == WED_4
    assert (schedule.timings[1].planned, schedule.timings[2].planned) == (False, True)
    assert schedule.ends[None] == TUE_10


def test_a_planned_start_on_a_weekend_starts_on_monday() -> None:
    schedule = compute_schedule([PlanTask(1, start=SAT_7, estimate=2)], [], today=MON_2)
    assert schedule.timings[1].earliest_start == MON_9
    assert schedule.timings[1].earliest_finish == TUE_10


@pytest.mark.parametrize(
    ("due", "estimate", "holidays", "start", "finish"),
    [
        (FRI_13, 3, (), WED_11, FRI_13),
        (FRI_13, 1, (), FRI_13, FRI_13),
        (SAT_14, 1, (), FRI_13, FRI_13),  # the last working day on or before it
        (MON_16, 2, (), FRI_13, MON_16),  # back over the weekend
        (FRI_13, 2, (FRI_13,), WED_11, THU_12),  # due on a holiday
        (THU_12, 3, (WED_11,), MON_9, THU_12),  # a holiday inside
    ],
)
def test_a_task_with_only_a_due_date_is_planned_backwards(
    due: date, estimate: float, holidays: tuple[date, ...], start: date, finish: date
) -> None:
    task = PlanTask(1, due=due, estimate=estimate)
    timing = compute_schedule([task], [], today=MON_2, holidays=holidays).timings[1]
    assert (timing.earliest_start, timing.earliest_finish) == (start, finish)
    assert timing.planned
    assert timing.slack == 0


@pytest.mark.parametrize(
    ("estimate", "days"),
    [
        (0.5, 1),
        (1.0, 1),
        (1.5, 2),
        (2.0, 2),
        (2.2, 3),
        (0.1 + 0.2 + 2.7, 3),  # 3.0000000000000004: float noise is not a fourth day
        (10.0, 10),
        (None, 1),
        (0.0, 1),
        (-2.0, 1),
    ],
)
def test_the_estimate_is_rounded_up_to_whole_days(estimate: float | None, days: int) -> None:
    assert duration_of(PlanTask(1, estimate=estimate), CAL) == days
    schedule = compute_schedule(
        [PlanTask(1, estimate=estimate)], [], today=MON_2, starts={None: MON_2}
    )
    assert schedule.timings[1].duration == days
    assert CAL.between(MON_2, schedule.timings[1].earliest_finish) == days


def test_both_dates_set_the_duration_whatever_the_estimate() -> None:
    assert duration_of(PlanTask(1, start=MON_2, due=TUE_10, estimate=1), CAL) == 7
    assert duration_of(PlanTask(1, start=MON_2, due=MON_2, estimate=9), CAL) == 1
    assert duration_of(PlanTask(1, start=TUE_10, due=MON_2), CAL) == 1  # reversed: one day
    assert duration_of(PlanTask(1, start=SAT_7, due=MON_9), CAL) == 1


def test_where_undated_tasks_begin() -> None:
    """The project's start; else its earliest planned start; else today."""
    tasks = [
        PlanTask(1, estimate=1, project=1),  # project 1 starts Tue 3
        PlanTask(2, estimate=1, project=2),  # project 2 has a task planned Mon 9
        PlanTask(3, start=MON_9, estimate=1, project=2),
        PlanTask(4, due=FRI_13, estimate=3, project=2),  # planned backwards: Wed 11
        PlanTask(5, estimate=1, project=3),  # project 3: nothing dated, so today
        PlanTask(6, estimate=1, project=4),  # project 4 starts on a Saturday
    ]
    schedule = compute_schedule(tasks, [], today=WED_4, starts={1: TUE_3, 4: SAT_7})
    starts = {t: timing.earliest_start for t, timing in schedule.timings.items()}
    assert starts == {1: TUE_3, 2: MON_9, 3: MON_9, 4: WED_11, 5: WED_4, 6: MON_9}


def test_a_given_project_start_wins_over_earlier_planned_tasks() -> None:
    tasks = [PlanTask(1, start=MON_2, estimate=1), PlanTask(2, estimate=1)]
    schedule = compute_schedule(tasks, [], today=MON_2, starts={None: MON_9})
    assert schedule.timings[1].earliest_start == MON_2
    assert schedule.timings[2].earliest_start == MON_9


def test_projects_are_computed_apart() -> None:
    """A short project's tasks are measured against its own end, not the longest one's."""
    tasks = [
        PlanTask(1, estimate=3, project=1),  # Mon 2 – Wed 4
        PlanTask(2, estimate=2, project=1),  # Thu 5 – Fri 6
        PlanTask(3, estimate=1, project=1),  # slack 4
        PlanTask(4, estimate=10, project=2),  # Mon 2 – Fri 13
        PlanTask(5, estimate=4, project=2),  # slack 6
    ]
    schedule = compute_schedule(tasks, [(1, 2)], today=MON_2, starts={1: MON_2, 2: MON_2})
    assert schedule.ends == {1: FRI_6, 2: FRI_13}
    assert schedule.critical_path(1) == (1, 2)
    assert schedule.critical_path(2) == (4,)
    assert schedule.critical_path() == (1, 4, 2)  # in start order
    assert {t: timing.slack for t, timing in schedule.timings.items()} == {
        1: 0,
        2: 0,
        3: 4,
        4: 0,
        5: 6,
    }
    assert schedule.projected_end == FRI_13
    assert schedule.project_of == {1: 1, 2: 1, 3: 1, 4: 2, 5: 2}


def test_an_empty_plan() -> None:
    schedule = compute_schedule([], [], today=MON_2)
    assert schedule.timings == {}
    assert schedule.ends == {}
    assert schedule.projected_end is None
    assert schedule.critical_path() == ()


def test_the_passes_agree_on_random_networks() -> None:
    """Every edge is respected, slack is never negative, and each project's end
    is the finish of one of its critical tasks (seeded, so reproducible)."""
    rng = random.Random(20260302)
    holidays = {START + timedelta(days=rng.randrange(120)) for _ in range(8)}
    cal = WorkCalendar(holidays)
    for _ in range(40):
        size = rng.randrange(1, 25)
        tasks = [
            PlanTask(
                i,
                estimate=rng.choice([None, 0.5, 1, 2, 3.3, 8]),
                start=rng.choice([None, None, None, START + timedelta(days=rng.randrange(30))]),
                project=rng.choice([1, 2, None]),
            )
            for i in range(size)
        ]
        edges = [(a, b) for a in range(size) for b in range(a + 1, size) if rng.random() < 0.15]
        schedule = compute_schedule(tasks, edges, today=START, holidays=holidays, starts={1: START})
        t = schedule.timings
        for a, b in edges:
            assert cal.number(t[a].earliest_finish) < cal.number(t[b].earliest_start)
            assert cal.number(t[a].latest_finish) < cal.number(t[b].latest_start)
        for timing in t.values():
            assert timing.slack >= 0
            assert cal.is_working_day(timing.earliest_start)
            assert cal.number(timing.latest_start) - cal.number(timing.earliest_start) == (
                timing.slack
            )
            assert working_days_between(
                timing.earliest_start, timing.earliest_finish, holidays
            ) == (timing.duration)
        for project, end in schedule.ends.items():
            members = [task for task, p in schedule.project_of.items() if p == project]
            assert end == max(t[task].earliest_finish for task in members if t[task].critical)
            assert all(t[task].latest_finish <= end for task in members)


# The timeline's bars: where they run and how they move.


def timeline_task(
    task_id: int, start: date | None = None, due: date | None = None, estimate: float | None = None
) -> TimelineTask:
    return TimelineTask(
        id=task_id,
        title=f"Task {task_id}",
        project_id=None,
        owner=None,
        column="To do",
        start=start,
        due=due,
        estimate_days=estimate,
        done=False,
        started=False,
        blocked=False,
        priority=Priority.NORMAL,
        version=1,
    )


def bars(
    *tasks: TimelineTask, deps: Sequence[tuple[int, int]] = ()
) -> dict[int, tuple[date, date]]:
    plan = [PlanTask(t.id, start=t.start, due=t.due, estimate=t.estimate_days) for t in tasks]
    schedule = compute_schedule(plan, deps, today=MON_2, starts={None: MON_2})
    return {t.id: task_bar(t.start, t.due, schedule.timings[t.id], CAL) for t in tasks}


def test_a_bar_with_both_dates_runs_between_them() -> None:
    assert bars(timeline_task(1, THU_5, TUE_10, estimate=1)) == {1: (THU_5, TUE_10)}


def test_a_bar_with_a_start_runs_for_its_estimate_over_the_weekend() -> None:
    assert bars(timeline_task(1, start=THU_5, estimate=3)) == {1: (THU_5, MON_9)}


def test_a_bar_with_a_due_date_runs_back_for_its_estimate() -> None:
    assert bars(timeline_task(1, due=TUE_10, estimate=3)) == {1: (FRI_6, TUE_10)}


def test_a_bar_due_on_a_weekend_ends_its_work_on_the_friday() -> None:
    """The bar agrees with the schedule and never starts after it ends."""
    result = bars(timeline_task(1, due=SAT_7, estimate=1), timeline_task(2, due=SAT_7, estimate=2))
    assert result == {1: (FRI_6, SAT_7), 2: (THU_5, SAT_7)}


def test_an_undated_bar_sits_where_the_schedule_places_it() -> None:
    result = bars(timeline_task(1, estimate=2), timeline_task(2, estimate=2.5), deps=[(1, 2)])
    assert result == {1: (MON_2, TUE_3), 2: (WED_4, FRI_6)}


@pytest.mark.parametrize(
    ("start", "due", "move", "grow", "holidays", "expected"),
    [
        (THU_5, FRI_6, 1, 0, (), (FRI_6, MON_9)),  # across the weekend, still two days
        (MON_9, TUE_10, -1, 0, (), (FRI_6, MON_9)),  # back across it
        (MON_2, WED_4, 5, 0, (), (MON_9, WED_11)),  # a working week later
        (FRI_6, FRI_6, 1, 0, (MON_9,), (TUE_10, TUE_10)),  # over a holiday Monday
        (THU_5, FRI_6, 0, 1, (), (THU_5, MON_9)),  # grow over the weekend
        (THU_5, MON_9, 0, -1, (), (THU_5, FRI_6)),  # shrink back
        (THU_5, MON_9, 0, -2, (), (THU_5, THU_5)),  # down to one day
        (THU_5, MON_9, 0, -10, (), (THU_5, THU_5)),  # never below one day
        (THU_5, THU_5, 0, -1, (), (THU_5, THU_5)),
        (THU_5, MON_9, 2, -1, (), (MON_9, TUE_10)),  # move and shrink at once
        (SAT_7, SAT_7, 0, 0, (), (MON_9, MON_9)),  # dates land on working days
        (MON_2, FRI_6, 0, 0, (), (MON_2, FRI_6)),  # nothing asked, nothing changes
    ],
)
def test_shifted_dates(
    start: date,
    due: date,
    move: int,
    grow: int,
    holidays: tuple[date, ...],
    expected: tuple[date, date],
) -> None:
    assert shifted_dates(start, due, WorkCalendar(holidays), move=move, grow=grow) == expected


def test_moving_a_bar_keeps_its_length_in_working_days() -> None:
    rng = random.Random(7)
    holidays = {START + timedelta(days=rng.randrange(60)) for _ in range(6)}
    cal = WorkCalendar(holidays)
    for _ in range(200):
        start = cal.add(START, rng.randrange(30))
        due = cal.add(start, rng.randrange(8))
        move = rng.randrange(-10, 11)
        new_start, new_due = shifted_dates(start, due, cal, move=move)
        assert cal.is_working_day(new_start) and cal.is_working_day(new_due)
        assert cal.number(new_start) == cal.number(start) + move
        assert cal.between(new_start, new_due) == cal.between(start, due)
