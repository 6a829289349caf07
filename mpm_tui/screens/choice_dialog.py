"""Small modal dialogs the board uses: pick one of a list, or type a value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from mpm_tui.services.errors import MpmError

T = TypeVar("T")


class ChoiceDialog(ModalScreen[T | None], Generic[T]):
    """Choose one entry (enter) or nothing (escape). Labels are shown as typed."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: 60; max-width: 95%; height: auto; max-height: 80%;
        border: round $border; background: $surface; padding: 0 1;
    }
    ChoiceDialog .dialog-title { text-style: bold; padding: 0 0 1 0; }
    ChoiceDialog OptionList { height: auto; max-height: 20; border: none; }
    ChoiceDialog .dialog-hint { color: $text-muted; padding: 1 0 0 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "dismiss_none", "Cancel", id="dialog.cancel", tooltip="Close without choosing"
        ),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, T]],
        *,
        hint: str = "enter chooses · escape cancels",
        selected: int = 0,
    ) -> None:
        super().__init__()
        self.dialog_title = title
        self.choices = list(choices)
        self.hint = hint
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.dialog_title), classes="dialog-title")
            yield OptionList(*(Option(Content(label)) for label, _ in self.choices))
            yield Label(Content(self.hint), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.choices:
            options.highlighted = max(0, min(self.selected, len(self.choices) - 1))
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class InputDialog(ModalScreen[str | None]):
    """Type one value; `validate` returns an error message or None. Escape cancels."""

    DEFAULT_CSS = """
    InputDialog { align: center middle; }
    InputDialog > Vertical {
        width: 60; max-width: 95%; height: auto;
        border: round $border; background: $surface; padding: 0 1;
    }
    InputDialog .dialog-title { text-style: bold; padding: 0 0 1 0; }
    InputDialog .dialog-error { color: $text-error; height: auto; }
    InputDialog .dialog-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss_none",
            "Cancel",
            id="dialog.cancel",
            tooltip="Close without changing anything",
        ),
    ]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "enter saves · escape cancels",
        validate: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.dialog_title = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.dialog_title), classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder)
            yield Label("", classes="dialog-error", markup=False)
            yield Label(Content(self.hint), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.validate(event.value) if self.validate else None
        if error:
            self.query_one(".dialog-error", Label).update(Content(error))
            return
        self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def ask_and_write(
    screen: Screen[Any],
    title: str,
    value: str,
    write: Callable[[str], object],
    *,
    refusal: str,
    saved: Callable[[], object],
    hint: str = "enter saves · escape cancels",
) -> None:
    """A one-field dialog whose `write` parses and saves through a service: a
    refusal (or a bad value) stays in the dialog until fixed or cancelled;
    `saved` runs once it went through. With a `refusal` (a viewer), only says so."""
    if refusal:
        screen.notify(refusal, title="Not changed", severity="error", markup=False)
        return

    def attempt(text: str) -> str | None:
        try:
            write(text)
        except (MpmError, ValueError) as exc:
            return str(exc)
        return None

    def done(result: str | None) -> None:
        if result is not None:
            saved()

    screen.app.push_screen(InputDialog(title, value=value, hint=hint, validate=attempt), done)
