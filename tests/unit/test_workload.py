"""The workload arithmetic (`logic.workload`), every number worked out by hand.

The calendar used throughout (November / December 2026; Thanksgiving, Thu 26
Nov, is the holiday where a test needs one):

            Mon     Tue     Wed     Thu     Fri     Sat     Sun
    before  16 Nov  17      18      19      20      21      22
    week 0  23 Nov  24      25      26      27      28      29
    week 1  30 Nov  1 Dec   2       3       4       5       6
    week 2  7 Dec   8       9       10      11      12      13
    week 3  14 Dec  15      16      17      18      19      20

`WEEKS` is the horizon of weeks 0 to 3. A full-time member has 5 days a week,
so a cell reads assigned/5 unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date

import pytest

from mpm_tui.logic.workdays import WorkCalendar
from mpm_tui.logic.workload import (
    Band,
    Cell,
    Load,
    Person,
    Work,
    Workload,
    band_of,
    cell_text,
    compute_workload,
    format_days,
    horizon,
    percent,
    shares,
    working_span,
)

MON_16, FRI_20 = date(2026, 11, 16), date(2026, 11, 20)
MON_23, TUE_24, WED_25, THU_26, FRI_27 = (date(2026, 11, d) for d in range(23, 28))
SAT_28, SUN_29 = date(2026, 11, 28), date(2026, 11, 29)
MON_30 = date(2026, 11, 30)
TUE_1, WED_2, THU_3, FRI_4, SAT_5, SUN_6 = (date(2026, 12, d) for d in range(1, 7))
MON_7, TUE_8, FRI_11, SUN_13 = (date(2026, 12, d) for d in (7, 8, 11, 13))
MON_14, MON_21 = date(2026, 12, 14), date(2026, 12, 21)

WEEKS = (MON_23, MON_30, MON_7, MON_14)

ANA = Person(1, "Ana", 5.0)
BEN = Person(2, "Ben", 4.0)  # four days a week
PIA = Person(3, "Pia", 2.5)  # part time, half a week
KITE = Person(4, "Studio Kite", 5.0, external=True, organisation="Kite")

approx = pytest.approx


def cell(
    people: list[Person],
    work: list[Work],
    who: int | None,
    week: int,
    *,
    holidays: tuple[date, ...] = (),
    share: float = 0.0,
) -> Cell:
    return compute_workload(people, work, WEEKS, holidays=holidays, share=share).cell(who, week)


def row(
    people: list[Person],
    work: list[Work],
    who: int | None,
    *,
    holidays: tuple[date, ...] = (),
    share: float = 0.0,
) -> list[float]:
    """Assigned days of one row, week by week."""
    load = compute_workload(people, work, WEEKS, holidays=holidays, share=share)
    return [load.cell(who, week).assigned for week in range(len(WEEKS))]


def days(span: tuple[int, int] | None, calendar: WorkCalendar) -> tuple[date, date]:
    """The first and last working day of a span, as dates."""
    assert span is not None
    return calendar.day(span[0]), calendar.day(span[1])


def test_the_reference_calendar_is_right() -> None:
    mondays = (MON_16, MON_23, MON_30, MON_7, MON_14, MON_21)
    assert {d.weekday() for d in mondays} == {0}
    assert [d.weekday() for d in (THU_26, FRI_27, SAT_28, SUN_29)] == [3, 4, 5, 6]
    assert [d.weekday() for d in (TUE_1, WED_2, FRI_4, SAT_5, SUN_6)] == [1, 2, 4, 5, 6]
    assert (FRI_20.weekday(), TUE_8.weekday(), FRI_11.weekday(), SUN_13.weekday()) == (4, 1, 4, 6)


# --- the horizon ------------------------------------------------------------------


def test_horizon_starts_on_the_monday_of_the_first_day() -> None:
    assert horizon(WED_25, 3) == (MON_23, MON_30, MON_7)
    assert horizon(SUN_29, 1) == (MON_23,)  # Sunday belongs to the week before
    assert horizon(MON_30, 2) == (MON_30, MON_7)
    assert horizon(MON_30, 0) == ()


def test_no_weeks_means_no_numbers() -> None:
    load = compute_workload([ANA], [Work(1, 1, 3, MON_23, FRI_27)], ())
    assert load.weeks == ()
    assert load.loads == {}
    assert load.capacities == {}


# --- spreading an estimate ----------------------------------------------------------


def test_a_task_over_a_weekend_is_spread_over_its_working_days_only() -> None:
    """Thu 26 → Tue 1: Thu, Fri | (Sat, Sun) | Mon, Tue = 4 working days.
    Estimate 4: one day each, 2 in week 0 and 2 in week 1."""
    work = [Work(10, ANA.id, 4, THU_26, TUE_1)]
    assert row([ANA], work, ANA.id) == [2, 2, 0, 0]
    load = compute_workload([ANA], work, WEEKS)
    assert load.cell(ANA.id, 0) == Cell(2.0, 5.0, 1)
    assert load.cell(ANA.id, 1) == Cell(2.0, 5.0, 1)
    assert load.cell(ANA.id, 2) == Cell(0.0, 5.0, 0)
    assert load.tasks_in(ANA.id, 1) == [Load(10, 2.0)]


def test_a_smaller_estimate_over_the_same_days_is_thinner() -> None:
    """Estimate 2 over the same 4 working days: 0.5 a day, so 1 + 1."""
    assert row([ANA], [Work(10, ANA.id, 2, THU_26, TUE_1)], ANA.id) == [1, 1, 0, 0]


def test_a_fractional_spread_across_two_weeks() -> None:
    """Estimate 3 over Wed 25 → Tue 1 = Wed, Thu, Fri | Mon, Tue = 5 working days:
    0.6 a day, 3 × 0.6 = 1.8 in week 0 and 2 × 0.6 = 1.2 in week 1."""
    assigned = row([ANA], [Work(10, ANA.id, 3, WED_25, TUE_1)], ANA.id)
    assert assigned == approx([1.8, 1.2, 0, 0])


def test_a_due_date_on_a_weekend_ends_the_spread_on_the_friday_before() -> None:
    """Wed 25 → Sun 29, estimate 3: Wed, Thu, Fri (not Mon 30), one day each."""
    work = Work(10, ANA.id, 3, WED_25, SUN_29)
    assert days(working_span(work, WorkCalendar()), WorkCalendar()) == (WED_25, FRI_27)
    assert row([ANA], [work], ANA.id) == [3, 0, 0, 0]


def test_a_due_date_on_a_holiday_ends_the_spread_the_working_day_before() -> None:
    """Thu 26 a holiday. Mon 23 → Thu 26, estimate 3: Mon, Tue, Wed, one day each."""
    work = Work(10, ANA.id, 3, MON_23, THU_26)
    calendar = WorkCalendar([THU_26])
    assert days(working_span(work, calendar), calendar) == (MON_23, WED_25)
    assert row([ANA], [work], ANA.id, holidays=(THU_26,)) == [3, 0, 0, 0]


def test_a_task_on_one_day_carries_its_whole_estimate_that_day() -> None:
    """Start = due = Wed 2: the estimate (3) lands on that one day, in week 1."""
    assert row([ANA], [Work(10, ANA.id, 3, WED_2, WED_2)], ANA.id) == [0, 3, 0, 0]


def test_weeks_outside_the_span_get_nothing() -> None:
    """Mon 7 → Fri 11, estimate 5: all of it in week 2 and none elsewhere."""
    load = compute_workload([ANA], [Work(10, ANA.id, 5, MON_7, FRI_11)], WEEKS)
    assert [load.cell(ANA.id, w).assigned for w in range(4)] == [0, 0, 5, 0]
    assert [load.cell(ANA.id, w).tasks for w in range(4)] == [0, 0, 1, 0]
    assert set(load.loads) == {(ANA.id, 2)}


def test_a_task_entirely_before_or_after_the_horizon_adds_nothing() -> None:
    work = [
        Work(10, ANA.id, 5, MON_16, FRI_20),  # the week before week 0
        Work(11, ANA.id, 3, None, FRI_20),  # due before the horizon
        Work(12, ANA.id, 5, MON_21, None),  # starts the week after week 3
    ]
    load = compute_workload([ANA], work, WEEKS)
    assert load.loads == {}
    assert load.unscheduled == {}
    assert load.person_total(ANA.id) == Cell(0.0, 20.0, 0)


def test_the_part_of_a_task_before_the_horizon_is_not_piled_into_week_0() -> None:
    """Mon 16 → Fri 27, estimate 10 over 10 working days: 1 a day. Only the 5 days
    of week 0 are in the horizon; the 5 of the week before are left out."""
    assert row([ANA], [Work(10, ANA.id, 10, MON_16, FRI_27)], ANA.id) == [5, 0, 0, 0]


# --- only a due date, only a start, neither ----------------------------------------


def test_only_a_due_date_lays_the_estimate_backwards() -> None:
    """Estimate 2.5 → ceil = 3 working days up to the due date Tue 1: Fri 27 |
    Mon 30, Tue 1; 2.5/3 a day: 0.8333 in week 0, 1.6667 in week 1."""
    work = Work(10, ANA.id, 2.5, None, TUE_1)
    assert days(working_span(work, WorkCalendar()), WorkCalendar()) == (FRI_27, TUE_1)
    assert row([ANA], [work], ANA.id) == approx([2.5 / 3, 5 / 3, 0, 0])


def test_only_a_start_lays_the_estimate_forwards() -> None:
    """Estimate 2.5 → 3 working days from Thu 26: Thu, Fri | Mon 30;
    5/3 = 1.6667 in week 0, 2.5/3 = 0.8333 in week 1."""
    work = Work(10, ANA.id, 2.5, THU_26, None)
    assert days(working_span(work, WorkCalendar()), WorkCalendar()) == (THU_26, MON_30)
    assert row([ANA], [work], ANA.id) == approx([5 / 3, 2.5 / 3, 0, 0])


def test_a_start_on_a_saturday_rolls_to_monday() -> None:
    """Start Sat 28, estimate 2.5: Mon 30, Tue 1, Wed 2, all in week 1."""
    work = Work(10, ANA.id, 2.5, SAT_28, None)
    assert days(working_span(work, WorkCalendar()), WorkCalendar()) == (MON_30, WED_2)
    assert row([ANA], [work], ANA.id) == approx([0, 2.5, 0, 0])


def test_a_due_date_on_a_sunday_counts_back_from_friday() -> None:
    """Due Sun 29, estimate 2.5: Wed 25, Thu 26, Fri 27, all in week 0."""
    work = Work(10, ANA.id, 2.5, None, SUN_29)
    assert days(working_span(work, WorkCalendar()), WorkCalendar()) == (WED_25, FRI_27)
    assert row([ANA], [work], ANA.id) == approx([2.5, 0, 0, 0])


def test_a_due_date_without_an_estimate_takes_one_day() -> None:
    work = Work(10, ANA.id, None, None, THU_3)
    assert days(working_span(work, WorkCalendar()), WorkCalendar()) == (THU_3, THU_3)


def test_start_and_due_on_one_weekend_take_the_monday_after() -> None:
    """Start Sat 28, due Sun 29: the start rolls to Mon 30, past the due date
    (Fri 27 is the last working day on or before it); the task is kept on its
    rolled start, one day, rather than dropped or laid backwards."""
    work = Work(10, ANA.id, 1, SAT_28, SUN_29)
    assert days(working_span(work, WorkCalendar()), WorkCalendar()) == (MON_30, MON_30)
    assert row([ANA], [work], ANA.id) == [0, 1, 0, 0]


def test_no_dates_is_unscheduled_per_owner_and_for_nobody() -> None:
    """No start, no due: outside the weeks, counted with its estimate."""
    work = [
        Work(10, ANA.id, 3, None, None),
        Work(11, ANA.id, 1.5, None, None),
        Work(12, None, 2, None, None),
        Work(13, ANA.id, None, None, None),
    ]
    load = compute_workload([ANA], work, WEEKS)
    assert load.loads == {}
    assert load.unscheduled[ANA.id] == [Load(10, 3.0), Load(11, 1.5), Load(13, 0.0)]
    assert load.unscheduled[None] == [Load(12, 2.0)]
    assert load.unscheduled_days(ANA.id) == 4.5
    assert load.unscheduled_days(None) == 2.0
    assert load.unscheduled_days(BEN.id) == 0
    assert load.unestimated == frozenset({13})
    assert load.cell(ANA.id, 0) == Cell(0.0, 5.0, 0)


# --- capacity and bands -------------------------------------------------------------


@pytest.mark.parametrize(
    ("assigned", "capacity", "band", "shown"),
    [
        pytest.param(2.125, 2.5, Band.NEAR, "85%", id="part time 85% is near"),
        pytest.param(2.1, 2.5, Band.UNDER, "84%", id="part time 84% is under"),
        pytest.param(2.5, 2.5, Band.OVER, "100%", id="part time 100% is over"),
        pytest.param(4.25, 5, Band.NEAR, "85%", id="4.25/5 near"),
        pytest.param(5, 5, Band.OVER, "100%", id="5/5 over"),
        pytest.param(4.2, 5, Band.UNDER, "84%", id="4.2/5 under"),
        pytest.param(6, 5, Band.OVER, "120%", id="6/5 over"),
        pytest.param(0.5, 5, Band.UNDER, "10%", id="a little"),
        pytest.param(0, 5, Band.FREE, "0%", id="nothing assigned is free"),
        pytest.param(0, 0, Band.OFF, "-", id="no capacity and no work is off"),
        pytest.param(1, 0, Band.OVER, "∞", id="work on no capacity is over"),
    ],
)
def test_bands_at_the_thresholds(assigned: float, capacity: float, band: Band, shown: str) -> None:
    cell = Cell(assigned, capacity, 1 if assigned else 0)
    assert cell.band is band
    assert band_of(assigned, capacity) is band
    assert percent(cell) == shown


def test_band_symbols_are_distinct() -> None:
    assert [b.symbol for b in Band] == ["-", "·", "○", "◐", "▲"]


def test_utilisation_is_assigned_over_capacity() -> None:
    assert Cell(2.125, 2.5, 1).utilisation == approx(0.85)
    assert Cell(3, 4, 1).utilisation == 0.75
    assert Cell(1, 0, 1).utilisation is None


def test_a_part_time_member_reaches_near_at_85_percent_of_two_and_a_half_days() -> None:
    """Pia (2.5 days): 2.125 days over Mon 30 → Fri 4 (0.425 a day) is 85 % of 2.5,
    near; 2.1 days is 84 %, under; 2.5 days is 100 %, over."""
    for estimate, band in ((2.125, Band.NEAR), (2.1, Band.UNDER), (2.5, Band.OVER)):
        got = cell([PIA], [Work(10, PIA.id, estimate, MON_30, FRI_4)], PIA.id, 1)
        assert (got.assigned, got.capacity, got.tasks) == (approx(estimate), 2.5, 1)
        assert got.band is band, estimate


def test_rounding_in_the_spread_does_not_drop_a_cell_below_its_band() -> None:
    """Ben (4 days), 3.4 days over Mon 30 → Fri 4: 0.68 a day, and five 0.68s add
    up to a hair under 3.4 in floating point; 3.4 / 4 is still 85 %, near."""
    got = cell([BEN], [Work(10, BEN.id, 3.4, MON_30, FRI_4)], BEN.id, 1)
    assert got.assigned == approx(3.4)
    assert got.band is Band.NEAR
    assert percent(got) == "85%"


def test_a_full_timer_at_the_exact_boundaries() -> None:
    """Ana (5 days): 4.25 near, 5 over, 4.2 under, each spread over Mon 7 → Fri 11."""
    for estimate, band in ((4.25, Band.NEAR), (5, Band.OVER), (4.2, Band.UNDER)):
        got = cell([ANA], [Work(10, ANA.id, estimate, MON_7, FRI_11)], ANA.id, 2)
        assert got.assigned == approx(estimate)
        assert got.band is band, estimate


def test_a_holiday_week_lowers_capacity_by_a_fifth_of_the_week() -> None:
    """Thu 26 is a holiday: week 0 has 4 working days. Ana 5 × 4/5 = 4,
    Ben (4 days) 4 × 4/5 = 3.2, Pia 2.5 × 4/5 = 2; week 1 is a full week."""
    load = compute_workload([ANA, BEN, PIA], [], WEEKS, holidays=[THU_26])
    assert [load.capacities[(p.id, 0)] for p in (ANA, BEN, PIA)] == approx([4, 3.2, 2])
    assert [load.capacities[(p.id, 1)] for p in (ANA, BEN, PIA)] == [5, 4, 2.5]


def test_a_holiday_on_a_weekend_changes_nothing() -> None:
    load = compute_workload([BEN], [], WEEKS, holidays=[SAT_5])
    assert [load.capacities[(BEN.id, w)] for w in range(4)] == [4, 4, 4, 4]


def test_a_task_over_a_holiday_week_skips_the_holiday() -> None:
    """Thu 26 a holiday. Mon 23 → Mon 30, estimate 4: Mon, Tue, Wed, (Thu), Fri | Mon
    = 5 working days, 0.8 a day: 4 × 0.8 = 3.2 in week 0 and 0.8 in week 1
    (without the holiday it would be 6 days of 2/3)."""
    work = [Work(10, BEN.id, 4, MON_23, MON_30)]
    assert row([BEN], work, BEN.id, holidays=(THU_26,)) == approx([3.2, 0.8, 0, 0])
    got = cell([BEN], work, BEN.id, 0, holidays=(THU_26,))
    assert got.capacity == approx(3.2)
    assert got.band is Band.OVER  # 3.2 of 3.2


def test_a_due_date_laid_backwards_steps_over_a_holiday() -> None:
    """Thu 26 a holiday, due Fri 27, estimate 2: Wed 25 and Fri 27."""
    calendar = WorkCalendar([THU_26])
    assert days(working_span(Work(10, 1, 2, None, FRI_27), calendar), calendar) == (WED_25, FRI_27)


# --- time off -----------------------------------------------------------------------


def test_two_days_off_leave_three_of_five() -> None:
    """Ana away Tue 1 – Wed 2: week 1 has 5 - 2 = 3 working days, capacity 3."""
    ana = ANA._replace(time_off=((TUE_1, WED_2),))
    load = compute_workload([ana], [], WEEKS)
    assert [load.capacities[(ana.id, w)] for w in range(4)] == [5, 3, 5, 5]


def test_time_off_over_a_weekend_and_a_holiday_counts_only_working_days() -> None:
    """Away Thu 26 – Tue 1 with Fri 27 a holiday. Week 0: 4 working days (Fri
    off for all), Ana away Thu → 3 left, capacity 3; Ben 4 × 3/5 = 2.4.
    Week 1: away Mon 30 and Tue 1 → 3 left: Ana 3, Ben 2.4 (Sat/Sun not counted)."""
    away = ((THU_26, TUE_1),)
    ana, ben = ANA._replace(time_off=away), BEN._replace(time_off=away)
    load = compute_workload([ana, ben], [], WEEKS, holidays=[FRI_27])
    assert [load.capacities[(ana.id, w)] for w in range(4)] == approx([3, 3, 5, 5])
    assert [load.capacities[(ben.id, w)] for w in range(4)] == approx([2.4, 2.4, 4, 4])


def test_a_week_off_with_work_is_over_and_without_is_off() -> None:
    """Ana away Mon 7 – Sun 13: week 2 capacity 0. A task in it is over (∞);
    Ben, also away, with nothing is off."""
    away = ((MON_7, SUN_13),)
    ana, ben = ANA._replace(time_off=away), BEN._replace(time_off=away)
    load = compute_workload([ana, ben], [Work(10, ana.id, 1, TUE_8, TUE_8)], WEEKS)
    ana_cell, ben_cell = load.cell(ana.id, 2), load.cell(ben.id, 2)
    assert ana_cell == Cell(1.0, 0.0, 1)
    assert (ana_cell.band, percent(ana_cell)) == (Band.OVER, "∞")
    assert ben_cell == Cell(0.0, 0.0, 0)
    assert (ben_cell.band, percent(ben_cell)) == (Band.OFF, "-")
    assert load.cell(ben.id, 1).band is Band.FREE


def test_time_off_outside_the_horizon_changes_nothing() -> None:
    ana = ANA._replace(time_off=((MON_16, FRI_20), (MON_21, MON_21)))
    load = compute_workload([ana], [], WEEKS)
    assert [load.capacities[(ana.id, w)] for w in range(4)] == [5, 5, 5, 5]


# --- who carries it -----------------------------------------------------------------


def test_an_external_member_is_kept_with_their_cells() -> None:
    """Grouping agencies apart is the service's job; here Kite simply has a row."""
    load = compute_workload([ANA, KITE], [Work(10, KITE.id, 2, WED_2, THU_3)], WEEKS)
    assert [(p.name, p.external, p.organisation) for p in load.people] == [
        ("Ana", False, None),
        ("Studio Kite", True, "Kite"),
    ]
    assert load.cell(KITE.id, 1) == Cell(2.0, 5.0, 1)
    assert load.cell(ANA.id, 1) == Cell(0.0, 5.0, 0)


def test_unowned_work_lands_under_nobody() -> None:
    """Unassigned, Mon 30 → Wed 2, estimate 3: 3 in week 1 under None, no capacity."""
    load = compute_workload([ANA], [Work(10, None, 3, MON_30, WED_2)], WEEKS)
    assert load.cell(None, 1) == Cell(3.0, 0.0, 1)
    assert load.cell(ANA.id, 1) == Cell(0.0, 5.0, 0)
    assert load.person_total(None) == Cell(3.0, 0.0, 1)


def test_work_of_someone_not_listed_is_kept_apart() -> None:
    """Work owned by member 99 (not among the people): it is in `loads` but in no
    person's row, and not in the week total of the people shown."""
    load = compute_workload([ANA], [Work(10, 99, 3, MON_30, WED_2)], WEEKS)
    assert load.cell(99, 1).assigned == 3
    assert load.week_total(1) == Cell(0.0, 5.0, 0)
    assert load.grand_total() == Cell(0.0, 20.0, 0)


def test_share_zero_leaves_the_owner_everything() -> None:
    work = Work(10, ANA.id, 5, MON_30, FRI_4, collaborators=(BEN.id, PIA.id))
    assert shares(work, 0.0) == [(ANA.id, 1.0)]
    load = compute_workload([ANA, BEN, PIA], [work], WEEKS, share=0.0)
    assert [load.cell(p.id, 1).assigned for p in (ANA, BEN, PIA)] == [5, 0, 0]
    assert [load.cell(p.id, 1).tasks for p in (ANA, BEN, PIA)] == [1, 0, 0]


def test_share_is_split_among_collaborators() -> None:
    """Share 0.4, two collaborators: owner 1 - 0.4 = 0.6, each 0.4 / 2 = 0.2.
    Estimate 5 in week 1: Ana 3, Ben 1, Pia 1; the week total is still 5, one task."""
    work = Work(10, ANA.id, 5, MON_30, FRI_4, collaborators=(BEN.id, PIA.id))
    assert shares(work, 0.4) == approx([(ANA.id, 0.6), (BEN.id, 0.2), (PIA.id, 0.2)])
    load = compute_workload([ANA, BEN, PIA], [work], WEEKS, share=0.4)
    assert [load.cell(p.id, 1).assigned for p in (ANA, BEN, PIA)] == approx([3, 1, 1])
    assert [load.cell(p.id, 1).tasks for p in (ANA, BEN, PIA)] == [1, 1, 1]
    assert load.week_total(1).assigned == approx(5)
    assert load.week_total(1).tasks == 1


def test_the_owner_listed_as_collaborator_is_not_counted_twice() -> None:
    """Ana owns it and is also listed (twice, with Ben twice): the other
    collaborators are just Ben, who takes the whole 0.4; Ana keeps 0.6."""
    work = Work(10, ANA.id, 5, MON_30, FRI_4, collaborators=(ANA.id, BEN.id, BEN.id, ANA.id))
    assert shares(work, 0.4) == approx([(ANA.id, 0.6), (BEN.id, 0.4)])
    load = compute_workload([ANA, BEN], [work], WEEKS, share=0.4)
    assert load.tasks_in(ANA.id, 1) == [Load(10, approx(3))]
    assert load.tasks_in(BEN.id, 1) == [Load(10, approx(2))]


def test_only_the_owner_as_collaborator_means_the_owner_carries_it_all() -> None:
    work = Work(10, ANA.id, 5, MON_30, FRI_4, collaborators=(ANA.id,))
    assert shares(work, 0.4) == [(ANA.id, 1.0)]


def test_an_unowned_task_with_collaborators() -> None:
    """Nobody owns it: the owner's 0.6 goes under None, Ben and Pia 0.2 each.
    Estimate 2.5 due Tue 1 (Fri 27 | Mon 30, Tue 1): week 0 0.8333, week 1 1.6667;
    None 0.6 of those, each collaborator 0.2."""
    work = Work(10, None, 2.5, None, TUE_1, collaborators=(BEN.id, PIA.id))
    assert shares(work, 0.4) == approx([(None, 0.6), (BEN.id, 0.2), (PIA.id, 0.2)])
    people = [ANA, BEN, PIA]
    assert row(people, [work], None, share=0.4) == approx([0.5, 1.0, 0, 0])
    assert row(people, [work], BEN.id, share=0.4) == approx([1 / 6, 1 / 3, 0, 0])
    assert row(people, [work], PIA.id, share=0.4) == approx([1 / 6, 1 / 3, 0, 0])


def test_a_full_share_leaves_the_owner_the_card_but_no_days() -> None:
    """Share 1: Ben carries all 5 days; Ana still juggles the task (0 days, 1 task)."""
    work = Work(10, ANA.id, 5, MON_30, FRI_4, collaborators=(BEN.id,))
    load = compute_workload([ANA, BEN], [work], WEEKS, share=1.0)
    assert load.cell(ANA.id, 1) == Cell(0.0, 5.0, 1)
    assert load.cell(BEN.id, 1) == Cell(5.0, 4.0, 1)


def test_collaborators_share_an_unscheduled_estimate_too() -> None:
    """No dates, estimate 4, share 0.5 with Ben: Ana 2 and Ben 2 unscheduled."""
    work = Work(10, ANA.id, 4, None, None, collaborators=(BEN.id,))
    load = compute_workload([ANA, BEN], [work], WEEKS, share=0.5)
    assert load.unscheduled == {ANA.id: [Load(10, 2.0)], BEN.id: [Load(10, 2.0)]}


# --- no estimate --------------------------------------------------------------------


def test_no_estimate_adds_no_days_but_counts_as_a_task() -> None:
    """Unestimated Mon 30 → Tue 8 beside a 2-day task Thu 3 → Fri 4: Ana's week 1
    is 2 days over 2 tasks, week 2 is 0 days over 1 task."""
    work = [Work(10, ANA.id, None, MON_30, TUE_8), Work(11, ANA.id, 2, THU_3, FRI_4)]
    load = compute_workload([ANA], work, WEEKS)
    assert load.cell(ANA.id, 1) == Cell(2.0, 5.0, 2)
    assert load.cell(ANA.id, 2) == Cell(0.0, 5.0, 1)
    assert load.tasks_in(ANA.id, 1) == [Load(11, 2.0), Load(10, 0.0)]
    assert load.unestimated == frozenset({10})
    assert load.person_total(ANA.id).tasks == 2


def test_an_estimate_of_zero_is_estimated() -> None:
    load = compute_workload([ANA], [Work(10, ANA.id, 0, MON_30, TUE_1)], WEEKS)
    assert load.cell(ANA.id, 1) == Cell(0.0, 5.0, 1)
    assert load.unestimated == frozenset()


# --- totals -------------------------------------------------------------------------


def totals_workload() -> Workload:
    """Ana (5) and Pia (2.5) over weeks 0–3:

    - 10 Ana,  est 4, Thu 26 → Tue 1:  week 0: 2, week 1: 2
    - 11 Pia,  est 1, from Mon 30:     week 1: 1
    - 12 none, est 3, Mon 23 → Fri 27: week 0: 3 (unassigned)
    - 13 Ana,  est 2, Mon 7 → Tue 8:   week 2: 2
    - 14 Ana,  no dates, est 6:        unscheduled (in no total)
    """
    work = [
        Work(10, ANA.id, 4, THU_26, TUE_1),
        Work(11, PIA.id, 1, MON_30, None),
        Work(12, None, 3, MON_23, FRI_27),
        Work(13, ANA.id, 2, MON_7, TUE_8),
        Work(14, ANA.id, 6, None, None),
    ]
    return compute_workload([ANA, PIA], work, WEEKS)


def test_week_totals_add_everybody_and_unassigned_work() -> None:
    """Week 0: Ana 2 + unassigned 3 = 5 of 5 + 2.5 = 7.5, tasks 10 and 12.
    Week 1: Ana 2 + Pia 1 = 3, tasks 10, 11. Week 2: 2 (task 13). Week 3: empty."""
    load = totals_workload()
    assert load.week_total(0) == Cell(5.0, 7.5, 2)
    assert load.week_total(1) == Cell(3.0, 7.5, 2)
    assert load.week_total(2) == Cell(2.0, 7.5, 1)
    assert load.week_total(3) == Cell(0.0, 7.5, 0)


def test_person_totals_count_distinct_tasks() -> None:
    """Ana: 2 + 2 + 2 = 6 days of 4 × 5 = 20, tasks 10 and 13 (10 spans two
    weeks but is one task; the unscheduled 14 is not in the weeks)."""
    load = totals_workload()
    assert load.person_total(ANA.id) == Cell(6.0, 20.0, 2)
    assert load.person_total(PIA.id) == Cell(1.0, 10.0, 1)
    assert load.person_total(None) == Cell(3.0, 0.0, 1)


def test_the_grand_total_is_the_sum_of_the_weeks() -> None:
    """5 + 3 + 2 + 0 = 10 days of 4 × 7.5 = 30, four distinct tasks (10–13)."""
    assert totals_workload().grand_total() == Cell(10.0, 30.0, 4)


def test_a_shared_task_is_one_task_in_the_totals() -> None:
    """Share 0.4 with Pia on a 5-day task: two rows carry it, the totals count it once."""
    work = [Work(10, ANA.id, 5, MON_30, FRI_4, collaborators=(PIA.id,))]
    load = compute_workload([ANA, PIA], work, WEEKS, share=0.4)
    assert load.week_total(1).tasks == 1
    assert load.grand_total().tasks == 1
    assert load.grand_total().assigned == approx(5)


def test_tasks_in_lists_the_biggest_share_first() -> None:
    """Week 1: task 12 (3 days) before 10 and 11 (1 day each, by id)."""
    work = [
        Work(11, ANA.id, 1, MON_30, MON_30),
        Work(10, ANA.id, 1, TUE_1, TUE_1),
        Work(12, ANA.id, 3, WED_2, FRI_4),
    ]
    load = compute_workload([ANA], work, WEEKS)
    assert load.tasks_in(ANA.id, 1) == [Load(12, 3.0), Load(10, 1.0), Load(11, 1.0)]
    assert load.tasks_in(ANA.id, 0) == []


# --- text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(4, "4"), (4.5, "4.5"), (0.3, "0.3"), (10, "10"), (0, "0"), (3.2, "3.2"), (1 / 3, "0.3")],
)
def test_format_days(value: float, text: str) -> None:
    assert format_days(value) == text


def test_cell_text_is_assigned_over_capacity() -> None:
    assert cell_text(Cell(4.5, 5, 2)) == "4.5/5"
    assert cell_text(Cell(0, 2.5, 0)) == "0/2.5"
    assert cell_text(Cell(3.2, 3.2, 1)) == "3.2/3.2"
    assert cell_text(Cell(1.8, 0, 1)) == "1.8/0"


def test_cell_text_rounds_halves_up_so_a_near_cell_never_reads_like_an_under_one() -> None:
    """One decimal, halves up: 4.25/5 (85 %, near) prints "4.3/5", 4.2/5 (84 %) "4.2/5"."""
    near, under = Cell(4.25, 5, 1), Cell(4.2, 5, 1)
    assert (cell_text(near), cell_text(under)) == ("4.3/5", "4.2/5")
    assert (near.band, percent(near)) == (Band.NEAR, "85%")
    assert (under.band, percent(under)) == (Band.UNDER, "84%")
    assert format_days(0.05) == "0.1" and format_days(0.04) == "0"


def test_percent() -> None:
    assert percent(Cell(0, 0, 0)) == "-"
    assert percent(Cell(0.5, 0, 1)) == "∞"
    assert percent(Cell(4.25, 5, 1)) == "85%"
    assert percent(Cell(3, 4, 1)) == "75%"
