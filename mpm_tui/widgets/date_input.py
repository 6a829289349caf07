"""A date field that reads dates the way people type them and says what it understood.

`2026-12-01`, `+3d`, `+1w`, `+5wd`, `fri`, `today`, `tomorrow`; empty means no
date. The resolved day (or a short error) shows in the field's bottom border as
you type, the full explanation in its tooltip and in `error`; `day` is the date itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.content import Content
from textual.validation import ValidationResult, Validator
from textual.widgets import Input

from mpm_tui.logic.dates import DateParseError, parse_date

DATE_HELP = "2026-12-01, +3d, +1w, +5wd (working days), fri, today; empty: no date"
"""What the field accepts, for placeholders and tooltips."""


def long_date(day: date, today: date | None = None) -> str:
    """`Fri 4 Dec 2026`; without the year when it is `today`'s year."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if today is not None and day.year == today.year else f"{text} {day.year}"


class _DateText(Validator):
    """Valid when the text is empty or a date `parse_date` understands."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            parse_date(value, self.today())
        except DateParseError as exc:
            return self.failure(str(exc))
        return self.success()


class DateInput(Input):
    """An `Input` for one optional date, resolved against the app's clock."""

    DEFAULT_CSS = """
    DateInput {
        border-subtitle-align: left;
        border-subtitle-color: $text-muted;
        &.-invalid { border-subtitle-color: $text-error; }
    }
    """

    def __init__(
        self,
        value: date | None = None,
        *,
        today: Callable[[], date],
        placeholder: str = "+3d, fri, 2026-12-01",
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """`today` is called on every keystroke (pass `ctx.today`): tests freeze it."""
        self._today = today
        super().__init__(
            value.isoformat() if value else "",
            placeholder=placeholder,
            validators=[_DateText(today)],
            valid_empty=True,
            id=id,
            classes=classes,
            disabled=disabled,
            tooltip=f"A date: {DATE_HELP}",
        )

    @property
    def error(self) -> str:
        """Why the text is not a date ("" when it is one, or empty)."""
        try:
            self.day  # noqa: B018 - parsing is the check
        except DateParseError as exc:
            return str(exc)
        return ""

    @property
    def day(self) -> date | None:
        """The date typed, None when empty; raises DateParseError when not a date."""
        text = self.value.strip()
        return parse_date(text, self._today()) if text else None

    def set_date(self, value: date | None) -> None:
        """Show `value` (as ISO) in the field."""
        self.value = value.isoformat() if value else ""
        self._describe()

    def validate(self, value: str) -> ValidationResult | None:
        result = super().validate(value)
        self._describe()
        return result

    def on_mount(self) -> None:
        self._describe()

    def _describe(self) -> None:
        """Put what the text means in the bottom border: the day, or what is wrong."""
        text = self.value.strip()
        if not text:
            self.border_subtitle = None
            return
        try:
            today = self._today()
            day = parse_date(text, today)
        except DateParseError:
            self.border_subtitle = Content("✗ not a date")
            return
        self.border_subtitle = Content(f"→ {long_date(day, today)}")
