"""Dates as people type them: `2026-12-01`, `+3d`, `-1w`, `today`, `tomorrow`, `fri`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from mpm_tui.logic.workdays import add_working_days

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*(d|w|wd|bd)?$")


class DateParseError(ValueError):
    """Text that is not a date mpm understands."""


def parse_date(text: str, today: date) -> date:
    """Parse a typed date relative to `today`.

    - ISO `2026-12-01`
    - `today`, `tomorrow`, `yesterday`
    - `+3d` / `-2d` calendar days, `+1w` weeks, `+5wd` (or `bd`) working days
    - a weekday name (`fri`, `friday`): the next such day after today
    """
    value = text.strip().lower()
    if not value:
        raise DateParseError("empty date")
    if value in {"today", "now"}:
        return today
    if value == "tomorrow":
        return today + timedelta(days=1)
    if value == "yesterday":
        return today - timedelta(days=1)
    if match := _RELATIVE.match(value):
        sign, amount, unit = match.groups()
        count = int(amount) * (1 if sign == "+" else -1)
        if unit in {"wd", "bd"}:
            return add_working_days(today, count)
        return today + timedelta(days=count * (7 if unit == "w" else 1))
    for index, name in enumerate(_WEEKDAYS):
        if value in {name, _full_weekday(index)}:
            ahead = (index - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DateParseError(
            f"{text!r} is not a date: use YYYY-MM-DD, +3d, +1w, +5wd, a weekday (fri) or today"
        ) from None


def _full_weekday(index: int) -> str:
    return ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[index]
