"""The project detail's Risks tab: the risk register of one project.

A table in the register's order (`services.risks`: open risks first, highest
probability × impact first, then occurred, mitigated and closed ones), the
highlighted risk in full beneath it. The keys are the project detail's
(`RISK_BINDINGS`, all `risk(verb)` actions, live on this tab only): `a` adds a
risk, `e`/enter edits it, `+`/`-` raise or lower its probability, `>`/`<` its
impact, `s` sets its status, `d` deletes it after asking. After a change the
screen reloads and the cursor stays on the same risk wherever it moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable, Static

from mpm_tui.logic.risk import (
    BAND_LEGEND,
    IMPACT_WORDS,
    PROBABILITY_WORDS,
    RiskBand,
    score_text,
)
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.goals import RiskView
from mpm_tui.screens.project_risks_form import STATUS_CHOICES, STATUS_LABELS, RiskForm
from mpm_tui.services import members, risks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError

RISK_BINDINGS: list[BindingType] = [
    Binding("a", "risk('add')", "Add", id="project.risk_add", tooltip="Add a risk to the project"),
    Binding(
        "e",
        "risk('edit')",
        "Edit",
        id="project.risk_edit",
        tooltip="Edit the highlighted risk (enter in the table too)",
    ),
    Binding(
        "plus",
        "risk('probability', 1)",
        "P+",
        id="project.risk_probability_up",
        tooltip="Raise the probability by one (- lowers it)",
    ),
    Binding(
        "minus",
        "risk('probability', -1)",
        "P-",
        id="project.risk_probability_down",
        tooltip="Lower the probability by one",
        show=False,
    ),
    Binding(
        "greater_than_sign",
        "risk('impact', 1)",
        "I+",
        id="project.risk_impact_up",
        tooltip="Raise the impact by one (< lowers it)",
    ),
    Binding(
        "less_than_sign",
        "risk('impact', -1)",
        "I-",
        id="project.risk_impact_down",
        tooltip="Lower the impact by one",
        show=False,
    ),
    Binding(
        "s",
        "risk('status')",
        "Status",
        id="project.risk_status",
        tooltip="Open, occurred, mitigated or closed",
    ),
    Binding(
        "d",
        "risk('delete')",
        "Delete",
        id="project.risk_delete",
        tooltip="Delete the highlighted risk (asks first)",
    ),
]
"""The Risks tab's keys, bound on the project detail so they work from the tab bar too."""

RISK_ACTIONS: frozenset[str] = frozenset({"risk"})
"""Every `risk(...)` action changes the register: dimmed in a read-only session."""

NOTE = (
    "Open risks first, highest score (probability × impact) first; then occurred, "
    f"mitigated, closed. {BAND_LEGEND}\n"
    "a add · e edit · +/- probability · >/< impact · s status · d delete"
)
WIDE = 110
"""From this width the table has a Response column too."""
BAND_STYLES: dict[RiskBand, str] = {
    RiskBand.HIGH: "bold red",
    RiskBand.MEDIUM: "yellow",
    RiskBand.LOW: "green",
}


def clip(text: str, width: int) -> str:
    """One line of at most `width` characters, `…` where it was cut."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


def risk_cells(risk: RiskView, widths: dict[str, int]) -> list[Text]:
    """Score (band symbol and number), P, I, the risk, owner, status (and response)."""
    live = risk.status in ("open", "occurred")
    dim = "" if live else "dim"
    cells = [
        Text(score_text(risk.score), style=BAND_STYLES[risk.band] if live else "dim"),
        Text(str(risk.probability), style=dim, justify="right"),
        Text(str(risk.impact), style=dim, justify="right"),
        Text(clip(risk.description, widths["risk"]), style=dim),
        Text(clip(risk.owner or "—", widths["owner"]), style=dim),
        Text(STATUS_LABELS.get(risk.status, risk.status), style="bold" if live else "dim"),
    ]
    if "response" in widths:
        cells.append(Text(clip(risk.response or "—", widths["response"]), style="dim"))
    return cells


def column_widths(width: int) -> dict[str, int]:
    """Widths of the flexible columns for a table `width` cells wide (each column has a
    cell of padding on both sides; two more are kept for the scroll bar)."""
    fixed = {"score": 5, "p": 1, "i": 1, "owner": 12, "status": 11}
    wide = width >= WIDE
    columns = len(fixed) + (3 if wide else 2) - 1
    free = max(16, width - sum(fixed.values()) - 2 * columns - 2)
    if not wide:
        return fixed | {"risk": free}
    return fixed | {"risk": free * 11 // 20, "response": free - free * 11 // 20}


def detail(risk: RiskView | None) -> Content:
    """The highlighted risk in full: score and band, P × I in words, the description,
    status and owner, the response."""
    if risk is None:
        return Content.from_markup("[dim]No risks recorded yet: [b]a[/b] adds one.[/dim]")
    band = risk.band
    facts = (
        f"{score_text(risk.score)} {band.value} · probability {risk.probability} "
        f"{PROBABILITY_WORDS.get(risk.probability, '')} × impact {risk.impact} "
        f"{IMPACT_WORDS.get(risk.impact, '')}"
    )
    return Content.assemble(
        (facts, BAND_STYLES[band]),
        "\n",
        (risk.description, "bold"),
        "\n",
        ("Status: ", "bold"),
        STATUS_LABELS.get(risk.status, risk.status),
        ("  Owner: ", "bold"),
        risk.owner or ("nobody", "dim"),
        "\n",
        ("Response: ", "bold"),
        risk.response or ("none yet", "dim"),
    )


class RiskRegister(Vertical):
    """One project's risks: a table in the register's order and the highlighted one in full.

    Given its data by the screen (`show`); every change goes through `services.risks`,
    then `Changed` asks the screen to reload."""

    DEFAULT_CSS: ClassVar[str] = """
    RiskRegister { height: 1fr; }
    RiskRegister #risk-table { height: auto; max-height: 1fr; }
    RiskRegister #risk-detail { height: auto; padding: 1 1 0 1; }
    RiskRegister #risk-note { height: auto; padding: 1 1 0 1; color: $text-muted; }
    """

    class Changed(Message):
        """A risk was added, changed or deleted: the screen reloads."""

    def __init__(self, ctx: ServiceContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self.project = ""
        self.risks: tuple[RiskView, ...] = ()
        self.follow: int | None = None
        """The risk the cursor goes to at the next `show` (a new or changed one)."""
        self._wide: bool | None = None

    def compose(self) -> ComposeResult:
        yield DataTable(id="risk-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="risk-detail")
        yield Static(Content(NOTE), id="risk-note")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#risk-table", DataTable)

    # ------------------------------------------------------------------ showing

    def show(self, project: str, found: Sequence[RiskView]) -> None:
        """Fill the table; the cursor stays on its risk (or on `follow`) where it moved."""
        table = self.table
        current = self.current
        keep = self.follow if self.follow is not None else (current.id if current else None)
        row = table.cursor_row
        self.follow = None
        self.project = project
        self.risks = tuple(found)
        self._fill()
        ids = [risk.id for risk in self.risks]
        if keep in ids:
            row = ids.index(keep)
        if self.risks:
            table.move_cursor(row=max(0, min(row, len(ids) - 1)), animate=False)
        self._show_current()
        self.screen.refresh_bindings()  # edit, status, delete need a risk

    def _fill(self) -> None:
        table = self.table
        width = self.size.width or 80
        widths = column_widths(width)
        self._wide = "response" in widths
        table.clear(columns=True)
        table.add_column("Score", width=widths["score"], key="score")
        table.add_column("P", width=1, key="p")
        table.add_column("I", width=1, key="i")
        table.add_column("Risk", width=widths["risk"], key="risk")
        table.add_column("Owner", width=widths["owner"], key="owner")
        table.add_column("Status", width=widths["status"], key="status")
        if self._wide:
            table.add_column("Response", width=widths["response"], key="response")
        for risk in self.risks:
            table.add_row(*risk_cells(risk, widths), key=str(risk.id))

    def on_resize(self, event: Resize) -> None:
        if self._wide is None:
            return
        row = self.table.cursor_row
        self._fill()
        if self.risks:
            self.table.move_cursor(row=min(row, len(self.risks) - 1), animate=False)

    @property
    def current(self) -> RiskView | None:
        """The highlighted risk (None when there are none)."""
        if not self.risks or not self.is_mounted:
            return None
        row = self.table.cursor_row
        return self.risks[row] if 0 <= row < len(self.risks) else None

    def _show_current(self) -> None:
        self.query_one("#risk-detail", Static).update(detail(self.current))

    @on(DataTable.RowHighlighted, "#risk-table")
    def _highlighted(self) -> None:
        self._show_current()

    @on(DataTable.RowSelected, "#risk-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.act("edit")

    # ------------------------------------------------------------------ acting

    def can(self, verb: str) -> bool:
        """Whether the key of `verb` applies: adding always, the rest on a risk."""
        return verb == "add" or self.current is not None

    def act(self, verb: str, step: int = 0) -> None:
        """Run one of the register's keys; a viewer is told why nothing happens."""
        refusal = self.ctx.refusal(Role.EDITOR, "change risks")
        if refusal:
            self.notify(refusal, title="Not changed", severity="error", markup=False)
            return
        risk = self.current
        if verb == "add":
            self._open_form(None)
        elif risk is None:
            return
        elif verb == "edit":
            self._open_form(risk)
        elif verb in ("probability", "impact"):
            self._write(risk.id, lambda: risks.adjust_risk(self.ctx, risk.id, **{verb: step}))
        elif verb == "status":
            self._choose_status(risk)
        elif verb == "delete":
            self._confirm_delete(risk)

    def _write(self, risk_id: int | None, write: Any) -> None:
        """Run `write`; on success reload with the cursor on `risk_id`, else say why."""
        try:
            write()
        except MpmError as exc:
            self.notify(str(exc), title="Not changed", severity="error", markup=False)
            return
        self._changed(risk_id)

    def _changed(self, risk_id: int | None) -> None:
        self.follow = risk_id
        self.post_message(self.Changed())

    def _open_form(self, risk: RiskView | None) -> None:
        owners = [m.name for m in members.list_members()]
        if risk is None:
            title = f"New risk · {self.project}"

            def save(data: dict[str, Any]) -> int:
                return risks.add_risk(self.ctx, self.project, data).id
        else:
            title = f"Risk #{risk.id} · {self.project}"

            def save(data: dict[str, Any]) -> int:
                return risks.update_risk(self.ctx, risk.id, data).id

        def done(risk_id: int | None) -> None:
            if risk_id is not None:
                self._changed(risk_id)

        self.app.push_screen(RiskForm(title, risk=risk, owners=owners, save=save), done)

    def _choose_status(self, risk: RiskView) -> None:
        from mpm_tui.screens.choice_dialog import ChoiceDialog

        statuses = [status for _, status in STATUS_CHOICES]

        def chosen(status: str | None) -> None:
            if status is not None and status != risk.status:
                self._write(
                    risk.id, lambda: risks.update_risk(self.ctx, risk.id, {"status": status})
                )

        self.app.push_screen(
            ChoiceDialog(
                f"Status of “{clip(risk.description, 40)}”",
                STATUS_CHOICES,
                selected=statuses.index(risk.status) if risk.status in statuses else 0,
            ),
            chosen,
        )

    def _confirm_delete(self, risk: RiskView) -> None:
        from mpm_tui.screens.card_dialogs import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._write(None, lambda: risks.delete_risk(self.ctx, risk.id))

        self.app.push_screen(
            ConfirmDialog(
                f"Delete the risk “{clip(risk.description, 60)}”?",
                "It leaves the register; the activity log keeps what it said.",
            ),
            confirmed,
        )
