"""Working-day arithmetic: weekends and holidays excluded.

Everything scheduling-related (timeline, workload, templates) counts in
working days, so this is the one place that knows what a working day is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    """True for Monday to Friday unless the day is a holiday."""
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Collection[date] = ()) -> date:
    """The day itself if it is a working day, else the next one."""
    while not is_working_day(day, holidays):
        day += _ONE_DAY
    return day


def previous_working_day(day: date, holidays: Collection[date] = ()) -> date:
    """The day itself if it is a working day, else the one before."""
    while not is_working_day(day, holidays):
        day -= _ONE_DAY
    return day


def add_working_days(day: date, count: int, holidays: Collection[date] = ()) -> date:
    """Move `count` working days from `day` (negative moves back).

    Zero returns `day` rolled forward to a working day. From a non-working
    day, the first step lands on the nearest working day in that direction.
    """
    if count == 0:
        return next_working_day(day, holidays)
    step = _ONE_DAY if count > 0 else -_ONE_DAY
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Working days in the inclusive range start..end (0 when end < start)."""
    if end < start:
        return 0
    return sum(1 for _ in iter_working_days(start, end, holidays))


def iter_working_days(start: date, end: date, holidays: Collection[date] = ()) -> Iterator[date]:
    """Each working day in the inclusive range start..end."""
    day = start
    while day <= end:
        if is_working_day(day, holidays):
            yield day
        day += _ONE_DAY


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())
