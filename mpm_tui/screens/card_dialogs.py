"""The board's small dialogs: a new card (title first, details optional), and yes/no."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from mpm_tui.logic.dates import DateParseError
from mpm_tui.services import task_details, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.choices import plain_options
from mpm_tui.widgets.date_input import DateInput
from mpm_tui.widgets.footer import Footer
from mpm_tui.widgets.task_form import FieldError, parse_estimate


class ConfirmDialog(ModalScreen[bool]):
    """Ask before something that cannot be undone: y / enter yes, n / escape no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 60; max-width: 95%; height: auto;
        border: round $error; background: $surface; padding: 0 1;
    }
    ConfirmDialog .dialog-title { text-style: bold; padding: 0 0 1 0; width: 100%; }
    ConfirmDialog .dialog-body { color: $text-muted; padding: 0 0 1 0; width: 100%; }
    ConfirmDialog .dialog-buttons { height: auto; align-horizontal: right; }
    ConfirmDialog Button { margin: 0 0 0 2; min-width: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Leave it as it is"),
    ]

    def __init__(self, title: str, body: str = "", *, confirm: str = "Delete") -> None:
        super().__init__()
        self.dialog_title = title
        self.body = body
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.dialog_title), classes="dialog-title")
            if self.body:
                yield Label(Content(self.body), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(f"{self.confirm} (y)"), variant="error", id="confirm")
                yield Button(Content("Cancel (n)"), id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class NewCardDialog(ModalScreen[int | None]):
    """A new card in one column: type a title, enter creates; the rest is optional.

    A refusal (a full column, an unknown name) shows in the dialog, which stays
    open with what was typed; nothing is created. Dismisses with the new id.
    """

    DEFAULT_CSS = """
    NewCardDialog { align: center middle; }
    NewCardDialog > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 95%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-style: bold;
    }
    NewCardDialog .dialog-row { height: auto; }
    NewCardDialog .dialog-row > * { width: 1fr; }
    NewCardDialog .field-label { color: $text-muted; padding: 0 1; }
    NewCardDialog .dialog-error { color: $text-error; height: auto; padding: 0 1; display: none; }
    NewCardDialog .dialog-hint { color: $text-muted; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "create",
            "Create",
            priority=True,
            id="new_card.create",
            tooltip="Create the card (enter in a field does too)",
        ),
        Binding(
            "escape", "cancel", "Cancel", id="new_card.cancel", tooltip="Close without creating"
        ),
    ]

    def __init__(self, ctx: ServiceContext, board_name: str, column_name: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.board_name = board_name
        self.column_name = column_name

    def compose(self) -> ComposeResult:
        choices = task_details.task_choices()
        box = Vertical()
        box.border_title = Content(f"New card · {self.board_name} › {self.column_name}")
        with box:
            yield Label(Content("Title"), classes="field-label")
            yield Input(placeholder="What needs doing?", max_length=200, id="title")
            with Horizontal(classes="dialog-row"):
                yield Label(Content("Project (optional)"), classes="field-label")
                yield Label(Content("Owner (optional)"), classes="field-label")
            with Horizontal(classes="dialog-row"):
                yield Select(
                    plain_options(choices.projects),
                    prompt="No project",
                    id="project",
                )
                yield Select(
                    plain_options(choices.members),
                    prompt="Unassigned",
                    id="owner",
                )
            with Horizontal(classes="dialog-row"):
                yield Label(Content("Due (optional)"), classes="field-label")
                yield Label(Content("Estimate in days (optional)"), classes="field-label")
            with Horizontal(classes="dialog-row"):
                yield DateInput(today=self.ctx.today, id="due")
                yield Input(placeholder="days", restrict=r"[0-9.,d ]*", id="estimate")
            yield Label("", classes="dialog-error", markup=False)
            yield Label(Content("enter creates the card · escape cancels"), classes="dialog-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _fail(self, message: str, field: str | None = None) -> None:
        error = self.query_one(".dialog-error", Label)
        error.update(Content(message))
        error.display = True
        if field is not None:
            self.query_one(f"#{field}").focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    def action_create(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self._fail("title: type what needs doing first", "title")
            return
        try:
            due = self.query_one("#due", DateInput).day
            estimate = parse_estimate(self.query_one("#estimate", Input).value)
        except DateParseError as exc:
            self._fail(f"due: {exc}", "due")
            return
        except FieldError as exc:
            self._fail(exc.message, exc.field)
            return
        data: dict[str, object] = {
            "title": title,
            "board": self.board_name,
            "column": self.column_name,
            "due": due,
            "estimate_days": estimate,
        }
        for name in ("project", "owner"):
            select: Select[str] = self.query_one(f"#{name}", Select)
            if not select.is_blank():
                data[name] = str(select.value)
        try:
            created = tasks.create_task(self.ctx, data)
        except MpmError as exc:
            self._fail(str(exc))
            return
        self.dismiss(created.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
