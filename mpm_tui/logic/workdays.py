"""Working-day arithmetic: weekends and holidays excluded.

Everything scheduling-related (timeline, workload, templates) counts in
working days, so this is the one place that knows what a working day is.
"""

from __future__ import annotations

from bisect import bisect_left
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


_EPOCH = date(1990, 1, 1)
"""A Monday: working-day numbers count from here."""


def _nth_weekday(number: int) -> date:
    """The weekday with `number` weekdays (Monday to Friday) between the epoch and it."""
    full_weeks, rest = divmod(number, 5)
    return _EPOCH + timedelta(days=7 * full_weeks + rest)


class WorkCalendar:
    """Dates ⇄ working-day numbers in constant time (holidays by bisection).

    Working day n is the n-th working day after the epoch; `number` of a
    non-working day is that of the next working day, so `day(number(d))`
    rolls `d` forward. Scheduling works in these numbers: a task of three
    days starting on number s occupies s, s+1 and s+2.
    """

    def __init__(self, holidays: Collection[date] = ()) -> None:
        self.holidays = frozenset(holidays)
        # Only weekday holidays change the count; weekends are already off.
        self._sorted = sorted(day for day in self.holidays if day.weekday() < 5)
        self._days: dict[int, date] = {}
        self._numbers: dict[date, int] = {}

    def number(self, day: date) -> int:
        """Working days in [epoch, day): the number of `day`, or of the next working day."""
        known = self._numbers.get(day)
        if known is None:
            known = self._numbers[day] = self._count(day)
        return known

    def _count(self, day: date) -> int:
        full_weeks, rest = divmod((day - _EPOCH).days, 7)
        weekdays = 5 * full_weeks + min(rest, 5)
        return weekdays - (bisect_left(self._sorted, day) - bisect_left(self._sorted, _EPOCH))

    def day(self, number: int) -> date:
        """The working day with this number.

        The weekday with `number + h` weekdays before it, where h counts the
        holidays before that weekday: a fixed point found in a step or two
        (holidays only ever push it later), then settled day by day.
        """
        known = self._days.get(number)
        if known is not None:
            return known
        day = _nth_weekday(number)
        for _ in range(100):
            later = _nth_weekday(number + self._holidays_before(day))
            if later == day:
                break
            day = later
        while self.number(day) > number:
            day -= _ONE_DAY
        while not self.is_working_day(day) or self.number(day) < number:
            day += _ONE_DAY
        self._days[number] = day
        return day

    def _holidays_before(self, day: date) -> int:
        """Weekday holidays in [epoch, day) (negative: in [day, epoch))."""
        return bisect_left(self._sorted, day) - bisect_left(self._sorted, _EPOCH)

    def is_working_day(self, day: date) -> bool:
        return is_working_day(day, self.holidays)

    def number_on_or_before(self, day: date) -> int:
        """The number of the last working day on or before `day`."""
        return self.number(day) - (0 if self.is_working_day(day) else 1)

    def add(self, day: date, count: int) -> date:
        """`count` working days after `day` rolled forward to a working day."""
        return self.day(self.number(day) + count)

    def between(self, start: date, end: date) -> int:
        """Working days in the inclusive range start..end (0 when end < start)."""
        if end < start:
            return 0
        return self.number(end + _ONE_DAY) - self.number(start)
