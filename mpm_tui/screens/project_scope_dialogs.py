"""The Scope tab's dialogs: record a request, accept one with a trade-off, reject one.

Each writes through `services.scope` and stays open with the refusal until it
goes through or is cancelled (escape); it dismisses with the change's id. The
accept dialog shows what the chosen trade-off would do before it is confirmed
(`scope.preview`: "end moves Dec 4 → Dec 11"), and an acceptance without a
trade-off is refused by the service like any other.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import (
    ContentSwitcher,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from mpm_tui.schemas.enums import Tradeoff
from mpm_tui.schemas.scope import ScopeEntry, ScopeLog
from mpm_tui.screens import short_date
from mpm_tui.services import goals, scope
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.date_input import DateInput

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > VerticalScroll {{
    width: 76; max-width: 100%; height: auto; max-height: 100%;
    border: round $accent; background: $surface; padding: 0 1;
    border-title-style: bold;
}}
{name} .dialog-row {{ height: auto; }}
{name} .field-label {{ width: 14; height: 3; content-align: left middle; color: $text-muted; }}
{name} .dialog-row Input, {name} .dialog-row Select, {name} .dialog-row DateInput {{
    width: 1fr;
}}
{name} .dialog-text {{ height: auto; }}
{name} .dialog-error {{ color: $text-error; width: 1fr; height: auto; display: none; }}
{name} .dialog-hint {{ color: $text-muted; height: auto; }}
"""


def _approvers(ctx: ServiceContext, log: ScopeLog, *, compact: bool = False) -> Select[str]:
    """Who may decide, the session's member first choice when they may."""
    chosen = ctx.actor.name if ctx.actor.name in log.approvers else None
    if chosen is None and log.approvers:
        chosen = log.approvers[0]
    return Select(
        [(Content(name), name) for name in log.approvers],
        prompt="Who approves?",
        value=chosen if chosen is not None else Select.NULL,
        compact=compact,
        id="approver",
    )


class _ScopeDialog(ModalScreen[int | None]):
    """What the three dialogs share: save and cancel keys, a refusal line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            id="scope_dialog.save",
            tooltip="Write it (enter in a field does too)",
        ),
        Binding(
            "escape", "cancel", "Cancel", id="scope_dialog.cancel", tooltip="Close, change nothing"
        ),
    ]

    def __init__(self, ctx: ServiceContext, log: ScopeLog) -> None:
        super().__init__()
        self.ctx = ctx
        self.view = log

    def _fail(self, message: str) -> None:
        error = self.query_one(".dialog-error", Label)
        error.update(Content(f"✗ {message}"))
        error.display = True

    def _picked_approver(self) -> str | None:
        select: Select[str] = self.query_one("#approver", Select)
        return None if select.is_blank() else str(select.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScopeRequestDialog(_ScopeDialog):
    """Record a request: what is added, who asked (the session's member by default),
    when (today by default)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ScopeRequestDialog")

    def compose(self) -> ComposeResult:
        box = VerticalScroll()
        box.border_title = Content(f"New scope change · {self.view.project}")
        with box:
            with Horizontal(classes="dialog-row"):
                yield Label(Content("What is added"), classes="field-label")
                yield Input(placeholder="e.g. a German landing page", max_length=2000, id="what")
            with Horizontal(classes="dialog-row"):
                yield Label(Content("Requested by"), classes="field-label")
                yield Input(self.ctx.actor.name, max_length=120, id="by")
            with Horizontal(classes="dialog-row"):
                yield Label(Content("On"), classes="field-label")
                yield DateInput(self.ctx.today(), today=self.ctx.today, id="on")
            yield Label("", classes="dialog-error", markup=False)
            yield Label(
                Content("enter or ctrl+s records it · escape cancels"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#what", Input).focus()

    def action_save(self) -> None:
        on = self.query_one("#on", DateInput)
        if on.error:
            self._fail(f"on: {on.error}")
            return
        try:
            change_id = scope.request_change(
                self.ctx,
                self.view.project_id,
                self.query_one("#what", Input).value,
                self.query_one("#by", Input).value,
                on.day,
            )
        except MpmError as exc:
            self._fail(str(exc))
            return
        self.dismiss(change_id)


class ScopeRejectDialog(_ScopeDialog):
    """Reject a proposed change: who decides, and why (optional, for the log)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ScopeRejectDialog")

    def __init__(self, ctx: ServiceContext, log: ScopeLog, entry: ScopeEntry) -> None:
        super().__init__(ctx, log)
        self.entry = entry

    def compose(self) -> ComposeResult:
        box = VerticalScroll()
        box.border_title = Content(f"Reject #{self.entry.id} · {self.entry.description}")
        with box:
            with Horizontal(classes="dialog-row"):
                yield Label(Content("Approver"), classes="field-label")
                yield _approvers(self.ctx, self.view)
            with Horizontal(classes="dialog-row"):
                yield Label(Content("Reason"), classes="field-label")
                yield Input(placeholder="optional: why not", max_length=2000, id="reason")
            yield Label("", classes="dialog-error", markup=False)
            yield Label(
                Content("enter or ctrl+s rejects it · escape cancels"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def action_save(self) -> None:
        try:
            scope.reject_change(
                self.ctx,
                self.entry.id,
                self._picked_approver(),
                self.query_one("#reason", Input).value,
            )
        except MpmError as exc:
            self._fail(str(exc))
            return
        self.dismiss(self.entry.id)


PANELS: dict[str, Tradeoff] = {
    "extend": Tradeoff.EXTEND_DATE,
    "cut": Tradeoff.CUT_TASKS,
    "budget": Tradeoff.ADD_BUDGET,
}
"""The radio buttons (and their panels) by id, and the trade-off each stands for."""


class ScopeAcceptDialog(_ScopeDialog):
    """Accept a proposed change: choose its trade-off and approver, see what it does."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ScopeAcceptDialog")
        + """
    ScopeAcceptDialog .field-label { height: 1; }
    ScopeAcceptDialog RadioSet { width: 1fr; margin: 0 0 1 0; }
    ScopeAcceptDialog ContentSwitcher { height: auto; }
    ScopeAcceptDialog SelectionList { height: auto; max-height: 7; }
    ScopeAcceptDialog #consequence { height: auto; margin: 1 0 0 0; }
    """
    )

    def __init__(self, ctx: ServiceContext, log: ScopeLog, entry: ScopeEntry) -> None:
        super().__init__(ctx, log)
        self.entry = entry

    def compose(self) -> ComposeResult:
        log = self.view
        end = f"now {short_date(log.end, self.ctx.today())}" if log.end else "no end date yet"
        box = VerticalScroll()
        box.border_title = Content(f"Accept #{self.entry.id} · {self.entry.description}")
        with box:
            yield Label(Content("Trade-off (one is needed) — ↑↓ and space choose"))
            with RadioSet(id="tradeoff", compact=True):
                yield RadioButton(Content(f"Extend the end date ({end})"), id="extend")
                yield RadioButton(Content(f"Cut open tasks ({len(log.open_tasks)})"), id="cut")
                yield RadioButton(Content("Add budget to a channel"), id="budget")
            with ContentSwitcher(initial=None):
                with Horizontal(classes="dialog-row", id="extend-panel"):
                    yield Label(Content("Working days"), classes="field-label")
                    yield Input(placeholder="e.g. 5", restrict=r"[0-9]*", compact=True, id="days")
                yield SelectionList[int](
                    *(
                        Selection(
                            Content(
                                f"#{t.id} {t.title} · {t.column}"
                                + (f" · {t.owner}" if t.owner else "")
                            ),
                            t.id,
                        )
                        for t in log.open_tasks
                    ),
                    compact=True,
                    id="cut-panel",
                )
                with Vertical(classes="dialog-text", id="budget-panel"):
                    with Horizontal(classes="dialog-row"):
                        yield Label(Content("Channel"), classes="field-label")
                        yield Input(
                            placeholder=", ".join(log.channels[:3]) or "e.g. paid",
                            suggester=SuggestFromList(log.channels, case_sensitive=False),
                            compact=True,
                            id="channel",
                        )
                    with Horizontal(classes="dialog-row"):
                        yield Label(Content("Amount"), classes="field-label")
                        yield Input(placeholder="e.g. 1,500", compact=True, id="amount")
            with Horizontal(classes="dialog-row"):
                yield Label(Content("Approver"), classes="field-label")
                yield _approvers(self.ctx, log, compact=True)
            yield Static("", id="consequence", markup=False)
            yield Label("", classes="dialog-error", markup=False)
            yield Label(
                Content("ctrl+s accepts (enter in a field too) · tab moves · escape cancels"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self._preview()

    @property
    def kind(self) -> Tradeoff | None:
        pressed = self.query_one(RadioSet).pressed_button
        return PANELS.get(pressed.id or "") if pressed is not None else None

    def tradeoff(self) -> dict[str, Any] | None:
        """The trade-off as chosen and typed, for the service to check (None: none)."""
        kind = self.kind
        if kind is None:
            return None
        if kind is Tradeoff.EXTEND_DATE:
            days = self.query_one("#days", Input).value.strip()
            return {"kind": kind, "days": int(days)} if days else {"kind": kind}
        if kind is Tradeoff.CUT_TASKS:
            picked: SelectionList[int] = self.query_one("#cut-panel", SelectionList)
            return {"kind": kind, "tasks": tuple(str(task) for task in picked.selected)}
        amount_text = self.query_one("#amount", Input).value.strip()
        amount = goals.parse_number(amount_text) if amount_text else None
        if amount_text and amount is None:
            raise ValueError(f"amount: {amount_text!r} is not a number (e.g. 1,500)")
        return {"kind": kind, "channel": self.query_one("#channel", Input).value, "amount": amount}

    @on(RadioSet.Changed)
    def _chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        panel = f"{event.pressed.id}-panel"
        self.query_one(ContentSwitcher).current = panel
        first = {"extend-panel": "#days", "budget-panel": "#channel"}.get(panel, f"#{panel}")
        self.query_one(first).focus()
        self.query_one(".dialog-error", Label).display = False  # answered by choosing one
        self._preview()

    @on(Input.Changed)
    @on(SelectionList.SelectedChanged)
    def _edited(self) -> None:
        self._preview()

    def _preview(self) -> None:
        """What the trade-off would do, or why it cannot, before anything is written."""
        shown = self.query_one("#consequence", Static)
        try:
            lines = scope.preview(self.entry.id, self.tradeoff())
        except (MpmError, ValueError) as exc:
            shown.update(Content.assemble(("→ ", "bold"), (str(exc), "$text-warning")))
            return
        if not lines:
            shown.update(Content.assemble(("→ ", "bold"), ("choose a trade-off above", "dim")))
            return
        parts: list[str | tuple[str, str]] = []
        for line in lines:
            parts += [("→ ", "bold"), line, "\n"]
        shown.update(Content.assemble(*parts[:-1]))

    def action_save(self) -> None:
        try:
            scope.accept_change(self.ctx, self.entry.id, self.tradeoff(), self._picked_approver())
        except (MpmError, ValueError) as exc:
            self._fail(str(exc))
            return
        self.dismiss(self.entry.id)
