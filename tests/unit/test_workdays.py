"""Working-day arithmetic, checked against dates worked out by hand.

The calendar used throughout (2026):

    Mon 23 Nov  Tue 24  Wed 25  Thu 26  Fri 27  Sat 28  Sun 29
    Mon 30 Nov  Tue 1 Dec  Wed 2  Thu 3  Fri 4  Sat 5  Sun 6
    Mon 7 Dec   Tue 8  Wed 9  ...
    Mon 21 Dec ... Fri 25 Dec (Christmas)  Sat 26  Sun 27
    Mon 28 Dec ... Fri 1 Jan 2027
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from mpm_tui.logic.workdays import (
    WorkCalendar,
    add_working_days,
    is_working_day,
    iter_working_days,
    next_working_day,
    previous_working_day,
    week_start,
    working_days_between,
)

MON_23 = date(2026, 11, 23)
TUE_24 = date(2026, 11, 24)
THU_26 = date(2026, 11, 26)
FRI_27 = date(2026, 11, 27)
SAT_28 = date(2026, 11, 28)
SUN_29 = date(2026, 11, 29)
MON_30 = date(2026, 11, 30)
TUE_DEC_1 = date(2026, 12, 1)
FRI_DEC_4 = date(2026, 12, 4)
MON_DEC_7 = date(2026, 12, 7)
WED_DEC_9 = date(2026, 12, 9)
THU_DEC_24 = date(2026, 12, 24)
FRI_DEC_25 = date(2026, 12, 25)
SAT_DEC_26 = date(2026, 12, 26)
MON_DEC_28 = date(2026, 12, 28)
FRI_JAN_1 = date(2027, 1, 1)


def test_the_reference_calendar_is_right() -> None:
    """Guard the hand-computed constants themselves (Monday is weekday 0)."""
    assert MON_23.weekday() == 0
    assert SAT_28.weekday() == 5
    assert SUN_29.weekday() == 6
    assert FRI_DEC_25.weekday() == 4
    assert FRI_JAN_1.weekday() == 4


def test_is_working_day() -> None:
    assert is_working_day(MON_23)
    assert is_working_day(FRI_27)
    assert not is_working_day(SAT_28)
    assert not is_working_day(SUN_29)
    assert not is_working_day(THU_26, {THU_26})
    assert is_working_day(THU_26, {FRI_27})


@pytest.mark.parametrize(
    ("start", "count", "holidays", "expected"),
    [
        (MON_23, 1, (), TUE_24),
        (MON_23, 4, (), FRI_27),
        (FRI_27, 1, (), MON_30),  # over the weekend
        (MON_23, 5, (), MON_30),
        (MON_23, 10, (), MON_DEC_7),
        (MON_23, 5, (THU_26,), TUE_DEC_1),  # one holiday pushes one day on
        (MON_23, 10, (THU_26, FRI_27), WED_DEC_9),
        (MON_23, 5, (SAT_28,), MON_30),  # a holiday on a weekend costs nothing
        (SAT_28, 1, (), MON_30),  # from a weekend, the first step lands on Monday
        (SUN_29, 1, (), MON_30),
        (THU_DEC_24, 1, (FRI_DEC_25,), MON_DEC_28),
        (MON_DEC_28, 4, (FRI_JAN_1,), date(2027, 1, 4)),  # over the new year
    ],
)
def test_add_working_days_forwards(
    start: date, count: int, holidays: tuple[date, ...], expected: date
) -> None:
    assert add_working_days(start, count, holidays) == expected


@pytest.mark.parametrize(
    ("start", "count", "holidays", "expected"),
    [
        (TUE_24, -1, (), MON_23),
        (MON_30, -1, (), FRI_27),  # back over the weekend
        (MON_30, -1, (FRI_27,), THU_26),
        (MON_30, -5, (), MON_23),
        (MON_DEC_7, -10, (), MON_23),
        (WED_DEC_9, -10, (THU_26, FRI_27), MON_23),
        (SAT_28, -1, (), FRI_27),  # from a weekend, backwards lands on Friday
        (SUN_29, -1, (), FRI_27),
        (MON_DEC_28, -1, (FRI_DEC_25,), THU_DEC_24),
    ],
)
def test_add_working_days_backwards(
    start: date, count: int, holidays: tuple[date, ...], expected: date
) -> None:
    assert add_working_days(start, count, holidays) == expected


def test_add_zero_working_days_rolls_forward_to_a_working_day() -> None:
    assert add_working_days(MON_23, 0) == MON_23
    assert add_working_days(SAT_28, 0) == MON_30
    assert add_working_days(SUN_29, 0) == MON_30
    assert add_working_days(FRI_DEC_25, 0, {FRI_DEC_25}) == MON_DEC_28


def test_add_then_subtract_is_a_round_trip_from_a_working_day() -> None:
    holidays = {THU_26, FRI_DEC_25}
    for count in range(1, 40):
        there = add_working_days(MON_23, count, holidays)
        assert is_working_day(there, holidays)
        assert add_working_days(there, -count, holidays) == MON_23


@pytest.mark.parametrize(
    ("start", "end", "holidays", "expected"),
    [
        (MON_23, MON_23, (), 1),  # inclusive: one day
        (MON_23, FRI_27, (), 5),
        (MON_23, SUN_29, (), 5),
        (SAT_28, SUN_29, (), 0),
        (SAT_28, MON_30, (), 1),
        (MON_23, FRI_DEC_4, (), 10),
        (MON_23, FRI_DEC_4, (THU_26,), 9),
        (MON_23, FRI_DEC_4, (THU_26, FRI_27), 8),
        (MON_23, FRI_DEC_4, (SAT_28,), 10),  # a weekend holiday is not counted twice
        (MON_23, FRI_DEC_4, (date(2027, 3, 1),), 10),  # a holiday outside the range
        (THU_26, THU_26, (THU_26,), 0),
        (FRI_27, MON_23, (), 0),  # end before start
    ],
)
def test_working_days_between_is_inclusive(
    start: date, end: date, holidays: tuple[date, ...], expected: int
) -> None:
    assert working_days_between(start, end, holidays) == expected


def test_iter_working_days_lists_the_days_in_order() -> None:
    assert list(iter_working_days(THU_26, TUE_DEC_1, {MON_30})) == [THU_26, FRI_27, TUE_DEC_1]
    assert list(iter_working_days(SAT_28, SUN_29)) == []


def test_next_working_day() -> None:
    assert next_working_day(MON_23) == MON_23
    assert next_working_day(SAT_28) == MON_30
    assert next_working_day(SUN_29) == MON_30
    assert next_working_day(FRI_DEC_25, {FRI_DEC_25}) == MON_DEC_28
    assert next_working_day(SAT_28, {MON_30}) == TUE_DEC_1
    assert next_working_day(FRI_DEC_25) == FRI_DEC_25


def test_previous_working_day() -> None:
    assert previous_working_day(FRI_27) == FRI_27
    assert previous_working_day(SAT_28) == FRI_27
    assert previous_working_day(SUN_29) == FRI_27
    assert previous_working_day(SUN_29, {FRI_27}) == THU_26
    assert previous_working_day(SAT_DEC_26, {FRI_DEC_25}) == THU_DEC_24
    assert previous_working_day(MON_DEC_28, {FRI_DEC_25}) == MON_DEC_28


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (MON_23, MON_23),
        (TUE_24, MON_23),
        (FRI_27, MON_23),
        (SAT_28, MON_23),
        (SUN_29, MON_23),
        (MON_30, MON_30),
        (FRI_JAN_1, MON_DEC_28),  # the ISO week crosses the year
    ],
)
def test_week_start_is_the_monday(day: date, expected: date) -> None:
    assert week_start(day) == expected


# WorkCalendar: the same arithmetic as numbers, checked against the functions above.


def _random_holidays(rng: random.Random, first: date, days: int, count: int) -> set[date]:
    """Holidays anywhere in the range, weekends included (they must cost nothing)."""
    return {first + timedelta(days=rng.randrange(days)) for _ in range(count)}


def test_calendar_is_working_day() -> None:
    cal = WorkCalendar({THU_26, SAT_28})
    assert cal.is_working_day(MON_23)
    assert not cal.is_working_day(THU_26)
    assert not cal.is_working_day(SAT_28)
    assert not cal.is_working_day(SUN_29)
    assert cal.holidays == frozenset({THU_26, SAT_28})


def test_calendar_numbers_working_days_one_after_another() -> None:
    cal = WorkCalendar({THU_26, FRI_DEC_25, FRI_JAN_1})
    days = list(iter_working_days(MON_23, date(2027, 1, 8), cal.holidays))
    numbers = [cal.number(day) for day in days]
    assert numbers == list(range(numbers[0], numbers[0] + len(days)))
    assert [cal.day(n) for n in numbers] == days


def test_calendar_number_of_a_day_off_is_that_of_the_next_working_day() -> None:
    cal = WorkCalendar({MON_30})
    assert cal.number(FRI_27) + 1 == cal.number(SAT_28)
    assert cal.number(SAT_28) == cal.number(SUN_29) == cal.number(MON_30) == cal.number(TUE_DEC_1)
    assert cal.day(cal.number(SAT_28)) == TUE_DEC_1


def test_calendar_epoch_is_working_day_zero() -> None:
    cal = WorkCalendar()
    assert cal.number(date(1990, 1, 1)) == 0
    assert cal.day(0) == date(1990, 1, 1)
    assert cal.day(-1) == date(1989, 12, 29)  # the Friday before


def test_calendar_round_trip_from_numbers_and_from_dates() -> None:
    """day(number(d)) rolls d forward; number(day(n)) is n, on both sides of the
    epoch, with holidays before it, after it and on weekends (seeded)."""
    rng = random.Random(1990)
    first = date(1985, 1, 1)
    span = (date(2045, 1, 1) - first).days
    for _ in range(20):
        holidays = _random_holidays(rng, first, span, rng.randrange(0, 200))
        cal = WorkCalendar(holidays)
        for _ in range(50):
            day = first + timedelta(days=rng.randrange(span))
            assert cal.day(cal.number(day)) == next_working_day(day, holidays), day
            n = cal.number(day) + rng.randrange(-20, 21)
            assert cal.number(cal.day(n)) == n
            assert cal.is_working_day(cal.day(n))


def test_calendar_round_trip_before_the_epoch_with_a_holiday_in_between() -> None:
    """A holiday between a day and the (later) epoch raises the day's number:
    `day` must not land after the day it numbers."""
    cal = WorkCalendar({date(1989, 12, 27)})
    for day in (date(1989, 12, 20), date(1989, 12, 26), date(1989, 12, 28)):
        assert cal.day(cal.number(day)) == day


@pytest.mark.parametrize(
    ("start", "end", "holidays", "expected"),
    [
        (MON_23, MON_23, (), 1),
        (MON_23, FRI_DEC_4, (THU_26, SAT_28), 9),  # the weekend holiday costs nothing
        (SAT_28, SUN_29, (), 0),
        (FRI_27, MON_23, (), 0),  # end before start
        (THU_26, THU_26, (THU_26,), 0),
        (THU_DEC_24, date(2027, 1, 4), (FRI_DEC_25, FRI_JAN_1), 6),  # 24, 28–31, 4
    ],
)
def test_calendar_between_is_inclusive(
    start: date, end: date, holidays: tuple[date, ...], expected: int
) -> None:
    assert WorkCalendar(holidays).between(start, end) == expected


def test_calendar_between_equals_working_days_between() -> None:
    """Random ranges (some reversed, some empty) over random holidays (seeded)."""
    rng = random.Random(20261123)
    first = date(2024, 1, 1)
    for _ in range(30):
        holidays = _random_holidays(rng, first, 5 * 365, rng.randrange(0, 40))
        cal = WorkCalendar(holidays)
        for _ in range(40):
            start = first + timedelta(days=rng.randrange(5 * 365))
            end = start + timedelta(days=rng.randrange(-10, 120))
            assert cal.between(start, end) == working_days_between(start, end, holidays)


@pytest.mark.parametrize(
    ("start", "count", "holidays", "expected"),
    [
        (MON_23, 1, (), TUE_24),
        (FRI_27, 1, (), MON_30),  # over the weekend
        (MON_23, 5, (THU_26,), TUE_DEC_1),  # one holiday pushes one day on
        (MON_23, 10, (THU_26, FRI_27), WED_DEC_9),
        (MON_23, 5, (SAT_28,), MON_30),  # a holiday on a weekend costs nothing
        (THU_DEC_24, 1, (FRI_DEC_25,), MON_DEC_28),
        (MON_DEC_28, 4, (FRI_JAN_1,), date(2027, 1, 4)),  # over the new year
        (MON_30, -1, (FRI_27,), THU_26),  # back over a weekend and a holiday
        (WED_DEC_9, -10, (THU_26, FRI_27), MON_23),
        (MON_23, 0, (), MON_23),
        (SAT_28, 0, (), MON_30),  # zero rolls forward to a working day
        (FRI_DEC_25, 0, (FRI_DEC_25,), MON_DEC_28),
        # From a day off, `add` counts from the next working day (unlike
        # add_working_days, whose first step lands on Monday).
        (SAT_28, 1, (), TUE_DEC_1),
        (SAT_28, -1, (), FRI_27),
    ],
)
def test_calendar_add(start: date, count: int, holidays: tuple[date, ...], expected: date) -> None:
    assert WorkCalendar(holidays).add(start, count) == expected


def test_calendar_add_agrees_with_add_working_days_from_a_working_day() -> None:
    rng = random.Random(5)
    holidays = _random_holidays(rng, MON_23, 400, 25)
    cal = WorkCalendar(holidays)
    for _ in range(300):
        start = next_working_day(MON_23 + timedelta(days=rng.randrange(300)), holidays)
        count = rng.randrange(-60, 61)
        assert cal.add(start, count) == add_working_days(start, count, holidays)
