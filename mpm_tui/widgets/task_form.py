"""The card's own fields as a form: shows a `TaskView`, hands back what was changed.

The form never saves. `patch()` returns only the fields that differ from the
task it shows (the dict `tasks.update_task` takes), or raises `FieldError`
naming the field whose text could not be read (a date, a number of days).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Switch, TextArea

from mpm_tui.logic.dates import DateParseError
from mpm_tui.schemas.enums import Priority
from mpm_tui.schemas.views import TaskChoices, TaskView
from mpm_tui.widgets.choices import plain_options
from mpm_tui.widgets.date_input import DateInput

PRIORITY_LABELS: dict[Priority, str] = {
    Priority.LOW: "▽ low",
    Priority.NORMAL: "○ normal",
    Priority.HIGH: "△ high",
    Priority.URGENT: "▲ urgent",
}


class FieldError(ValueError):
    """A field's text is not a value: `field` is the id of the widget to focus."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def parse_estimate(text: str) -> float | None:
    """Days as typed (`2`, `0.5`, empty: none); the service checks the range."""
    value = text.strip().removesuffix("d").strip().replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise FieldError("estimate", f"estimate: {text!r} is not a number of days") from None


def _names(names: tuple[str, ...], current: str | None) -> list[tuple[Text, str]]:
    """Select options for a name field; the current value stays even if no longer listed."""
    listed = list(names)
    if current and current not in listed:
        listed.append(current)
    return plain_options(listed)


def _picked(select: Select[str]) -> str | None:
    return None if select.is_blank() else str(select.value)


class TaskForm(VerticalScroll, can_focus=False):
    """Title, project, channel, owner, reviewer, priority, estimate, dates, blocked, notes."""

    DEFAULT_CSS = """
    TaskForm {
        height: 1fr;
        padding: 0 1 0 0;
        scrollbar-size-vertical: 1;
        & .form-row { height: auto; }
        & .form-field { width: 1fr; height: auto; }
        & .form-label { width: 9; height: 3; content-align: left middle; color: $text-muted; }
        & .form-field > Input, & .form-field > Select { width: 1fr; }
        & #description-label { height: 1; width: 100%; }
        & TextArea { height: 1fr; min-height: 6; }
    }
    """

    class Changed(Message):
        """Something was typed or picked: the screen updates its hints."""

        def __init__(self, form: TaskForm) -> None:
            super().__init__()
            self.form = form

        @property
        def control(self) -> TaskForm:
            return self.form

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TaskForm.Changed) and message.form is self.form

    def __init__(
        self,
        task: TaskView,
        choices: TaskChoices,
        *,
        today: Callable[[], date],
        read_only: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.task_view = task
        self.choices = choices
        self.today = today
        self.read_only = read_only

    @staticmethod
    def _field(label: str, widget: Widget) -> Horizontal:
        return Horizontal(Label(Content(label), classes="form-label"), widget, classes="form-field")

    def compose(self) -> ComposeResult:
        task, choices = self.task_view, self.choices
        yield self._field("Title", Input(task.title, id="title", max_length=200))
        yield Horizontal(
            self._field(
                "Project",
                Select(
                    _names(choices.projects, task.project),
                    prompt="No project",
                    value=task.project or Select.NULL,
                    id="project",
                ),
            ),
            self._field(
                "Channel",
                Input(
                    task.channel or "",
                    placeholder="email, social…",
                    suggester=SuggestFromList(choices.channels, case_sensitive=False),
                    id="channel",
                ),
            ),
            classes="form-row",
        )
        yield Horizontal(
            self._field(
                "Owner",
                Select(
                    _names(choices.members, task.owner),
                    prompt="Unassigned",
                    value=task.owner or Select.NULL,
                    id="owner",
                ),
            ),
            self._field(
                "Reviewer",
                Select(
                    _names(choices.members, task.reviewer),
                    prompt="No reviewer",
                    value=task.reviewer or Select.NULL,
                    id="reviewer",
                ),
            ),
            classes="form-row",
        )
        yield Horizontal(
            self._field(
                "Priority",
                Select(
                    [(PRIORITY_LABELS[p], p.value) for p in Priority],
                    allow_blank=False,
                    value=task.priority.value,
                    id="priority",
                ),
            ),
            self._field(
                "Estimate",
                Input(
                    _days(task.estimate_days),
                    placeholder="days",
                    restrict=r"[0-9.,d ]*",
                    tooltip="Working days, e.g. 2 or 0.5; empty: no estimate",
                    id="estimate",
                ),
            ),
            classes="form-row",
        )
        yield Horizontal(
            self._field("Start", DateInput(task.start, today=self.today, id="start")),
            self._field("Due", DateInput(task.due, today=self.today, id="due")),
            classes="form-row",
        )
        yield Horizontal(
            self._field("Blocked", Switch(task.blocked, id="blocked")),
            self._field(
                "Reason",
                Input(
                    task.blocked_reason,
                    placeholder="what it waits for",
                    disabled=not task.blocked,
                    id="blocked-reason",
                ),
            ),
            classes="form-row",
        )
        yield Label(Content("Description"), id="description-label", classes="form-label")
        yield TextArea(task.description, soft_wrap=True, id="description")

    def on_mount(self) -> None:
        if self.read_only:
            for widget in self.query("Input, Select, Switch, TextArea"):
                widget.disabled = True

    def load(self, task: TaskView) -> None:
        """Show `task` (after a save or a reload): unsaved edits are dropped."""
        self.task_view = task
        self.query_one("#title", Input).value = task.title
        self.query_one("#channel", Input).value = task.channel or ""
        self.query_one("#estimate", Input).value = _days(task.estimate_days)
        self.query_one("#start", DateInput).set_date(task.start)
        self.query_one("#due", DateInput).set_date(task.due)
        self.query_one("#blocked", Switch).value = task.blocked
        self.query_one("#blocked-reason", Input).value = task.blocked_reason
        self.query_one("#description", TextArea).text = task.description
        for name, value in (
            ("project", task.project),
            ("owner", task.owner),
            ("reviewer", task.reviewer),
        ):
            select: Select[str] = self.query_one(f"#{name}", Select)
            select.value = value if value is not None else Select.NULL
        self.query_one("#priority", Select).value = task.priority.value

    def values(self) -> dict[str, Any]:
        """Every field as the service takes it; raises FieldError on unreadable text."""
        dates: dict[str, date | None] = {}
        for name in ("start", "due"):
            field = self.query_one(f"#{name}", DateInput)
            try:
                dates[name] = field.day
            except DateParseError as exc:
                raise FieldError(name, f"{name}: {exc}") from None
        channel = self.query_one("#channel", Input).value.strip()
        return {
            "title": self.query_one("#title", Input).value.strip(),
            "description": self.query_one("#description", TextArea).text,
            "project": _picked(self.query_one("#project", Select)),
            "owner": _picked(self.query_one("#owner", Select)),
            "reviewer": _picked(self.query_one("#reviewer", Select)),
            "channel": channel or None,
            "estimate_days": parse_estimate(self.query_one("#estimate", Input).value),
            "start": dates["start"],
            "due": dates["due"],
            "priority": Priority(str(self.query_one("#priority", Select).value)),
            "blocked": self.query_one("#blocked", Switch).value,
            "blocked_reason": self.query_one("#blocked-reason", Input).value.strip(),
        }

    def patch(self) -> dict[str, Any]:
        """Only the fields that differ from the task shown; raises FieldError."""
        return {
            name: value
            for name, value in self.values().items()
            if value != getattr(self.task_view, name)
        }

    @property
    def is_dirty(self) -> bool:
        """Unsaved edits, readable or not."""
        try:
            return bool(self.patch())
        except FieldError:
            return True

    def estimate(self) -> float | None:
        """The estimate typed so far (None when empty or unreadable), for the hint."""
        try:
            return parse_estimate(self.query_one("#estimate", Input).value)
        except FieldError:
            return None

    @on(Switch.Changed, "#blocked")
    def _blocked_changed(self, event: Switch.Changed) -> None:
        if not self.read_only:
            self.query_one("#blocked-reason", Input).disabled = not event.value

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Switch.Changed)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        self.post_message(self.Changed(self))


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
