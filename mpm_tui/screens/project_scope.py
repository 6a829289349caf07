"""The Scope tab of the project detail: the scope-change log and its keys.

A table of the project's changes (date, what, requested by, status with a
symbol, trade-off, approver) and, under it, the highlighted change in full.
`a`/`+` records a request, `A` or enter accepts the highlighted one with a
trade-off, `x` rejects it; each opens a dialog that keeps a refusal on screen
until it is fixed or cancelled. The screen reads the log (`show`) and reloads
everything when a change went through (`Changed`): an accepted trade-off moves
the end date, cuts tasks or raises a budget line, which other tabs show.

The keys are the project detail's (`SCOPE_BINDINGS`, all `scope(verb)`
actions, live on this tab only), so they work from the tab bar as well as
from the table; `tab` moves into the table to pick a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable, Static

from mpm_tui.schemas.enums import ScopeStatus
from mpm_tui.schemas.scope import STATUS_MARKS, ScopeEntry, ScopeLog
from mpm_tui.screens import short_date
from mpm_tui.screens.project_scope_dialogs import (
    ScopeAcceptDialog,
    ScopeRejectDialog,
    ScopeRequestDialog,
)
from mpm_tui.services import scope
from mpm_tui.services.context import ServiceContext

SCOPE_BINDINGS: list[BindingType] = [
    Binding(
        "a,plus",
        "scope('request')",
        "Request",
        id="project.scope_request",
        tooltip="Record a scope change request: what is added, who asked, when",
    ),
    Binding(
        "A",
        "scope('accept')",
        "Accept",
        id="project.scope_accept",
        tooltip="Accept the highlighted request: choose its trade-off and approver "
        "(enter in the table too)",
    ),
    Binding(
        "x",
        "scope('reject')",
        "Reject",
        id="project.scope_reject",
        tooltip="Reject the highlighted request",
    ),
]
"""The Scope tab's keys, bound on the project detail so they work from the tab bar too."""

SCOPE_ACTIONS: frozenset[str] = frozenset({"scope"})
"""Every `scope(...)` action changes the log: dimmed in a read-only session."""

STATUS_STYLES: dict[ScopeStatus, str] = {
    ScopeStatus.PROPOSED: "bold $warning",
    ScopeStatus.ACCEPTED: "$success",
    ScopeStatus.REJECTED: "dim",
}
"""A status's colour in the detail line (its symbol says it without colour)."""

STATUS_CELL_STYLES: dict[ScopeStatus, str] = {
    ScopeStatus.PROPOSED: "bold yellow",
    ScopeStatus.ACCEPTED: "green",
    ScopeStatus.REJECTED: "dim",
}
"""The same in the table's cells (Rich styles: no theme variables there)."""

NOTE = (
    "A change is accepted only with a trade-off (extend the end date, cut tasks or add "
    "budget) and an approver: the project's owner or an admin.\n"
    "a request · A/enter accept · x reject"
)
EMPTY = "No scope changes recorded yet: a records a request (what is added, who asked, when)."


def clip(text: str, width: int) -> str:
    """`text` on one line, cut to `width` with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


HEADERS: dict[str, str] = {
    "id": "#",
    "requested": "Requested",
    "what": "What",
    "by": "By",
    "status": "Status",
    "tradeoff": "Trade-off",
    "approver": "Approver",
}
WIDE = 110
"""From this width the table has the By and Approver columns too (the detail line
under it always names both)."""


def column_widths(width: int, entries: Sequence[ScopeEntry] = ()) -> dict[str, int]:
    """The columns shown at `width` and the widths of their text; each column has a
    cell of padding on both sides, and two more are kept for the scroll bar. What and
    Trade-off share the rest: each what it needs when both fit, else the trade-off
    at most half."""
    wide = width >= WIDE
    fixed = {"id": 3, "requested": 9, "status": 10}
    if wide:
        fixed |= {"by": 16, "approver": 12}
    rest = max(24, width - sum(fixed.values()) - 2 * (len(fixed) + 2) - 2)
    need_what = max((len(e.description) for e in entries), default=4)
    need_tradeoff = max((len(e.tradeoff_text) for e in entries), default=0) or 9
    tradeoff = min(need_tradeoff, max(rest - need_what, rest // 2))
    widths = fixed | {"what": rest - tradeoff, "tradeoff": tradeoff}
    return {name: widths[name] for name in HEADERS if name in widths}


def row_cells(entry: ScopeEntry, today: date, widths: dict[str, int]) -> list[Text]:
    """One change's cells, for the columns in `widths`."""
    texts = {
        "id": str(entry.id),
        "requested": short_date(entry.requested_on, today),
        "what": entry.description,
        "by": entry.requested_by,
        "tradeoff": entry.tradeoff_text or "—",
        "approver": entry.approver or "—",
    }
    cells: list[Text] = []
    for name, width in widths.items():
        if name == "status":
            cells.append(Text(STATUS_MARKS[entry.status], style=STATUS_CELL_STYLES[entry.status]))
            continue
        text = clip(texts[name], width)
        style = "dim" if text == "—" else ""
        cells.append(Text(text, style=style, justify="right" if name == "id" else "left"))
    return cells


class ScopeLogPane(Vertical):
    """The scope-change log of one project, with the keys that add to it."""

    DEFAULT_CSS = """
    ScopeLogPane { height: 1fr; }
    ScopeLogPane #scope-table { height: auto; max-height: 1fr; }
    ScopeLogPane #scope-detail { height: auto; padding: 1 1 0 1; }
    ScopeLogPane #scope-note { height: auto; padding: 1 1 0 1; color: $text-muted; }
    """

    class Changed(Message):
        """A change was recorded or decided: the project's data moved."""

        def __init__(self, pane: ScopeLogPane, change_id: int) -> None:
            super().__init__()
            self.pane = pane
            self.change_id = change_id

        @property
        def control(self) -> ScopeLogPane:
            return self.pane

    def __init__(self, ctx: ServiceContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self.view: ScopeLog | None = None
        self._select: int | None = None
        self._widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield DataTable[Text](id="scope-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="scope-detail", markup=False)
        yield Static(Content(NOTE), id="scope-note", markup=False)

    def on_resize(self, event: Resize) -> None:
        if self.view is not None and (
            column_widths(event.size.width, self.view.entries) != self._widths
        ):
            self.show(self.view)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#scope-table", DataTable)

    # ------------------------------------------------------------------ data

    def show(self, log: ScopeLog) -> None:
        """Fill the table, keeping the cursor on the same change (or on the one just
        recorded or decided); the first time on the oldest change still proposed."""
        table = self.table
        current = self.entry
        wanted = self._select if self._select is not None else (current.id if current else None)
        if self.view is None:
            wanted = next((e.id for e in log.entries if e.status is ScopeStatus.PROPOSED), None)
        self._select = None
        self.view = log
        widths = column_widths(self.size.width or self.app.size.width, log.entries)
        if widths != self._widths:
            table.clear(columns=True)
            table.add_columns(*(HEADERS[name] for name in widths))
            self._widths = widths
        else:
            table.clear()
        today = self.ctx.today()
        for entry in log.entries:
            table.add_row(*row_cells(entry, today, widths), key=str(entry.id))
        ids = [entry.id for entry in log.entries]
        if ids:
            row = ids.index(wanted) if wanted in ids else min(table.cursor_row, len(ids) - 1)
            table.move_cursor(row=max(row, 0), animate=False)
        self._describe()

    @property
    def entry(self) -> ScopeEntry | None:
        """The highlighted change."""
        if self.view is None or not self.view.entries:
            return None
        row = self.table.cursor_row
        return self.view.entries[row] if 0 <= row < len(self.view.entries) else None

    def _describe(self) -> None:
        """The highlighted change in full under the table."""
        detail = self.query_one("#scope-detail", Static)
        entry = self.entry
        if entry is None:
            detail.update(Content(EMPTY))
            return
        today = self.ctx.today()
        parts: list[str | tuple[str, str]] = [
            (f"#{entry.id} ", "bold"),
            (entry.description, "bold"),
            "\n",
            f"requested by {entry.requested_by} on {short_date(entry.requested_on, today)} · ",
            (STATUS_MARKS[entry.status], STATUS_STYLES[entry.status]),
        ]
        if entry.decided_at is not None:
            parts.append(f" {short_date(entry.decided_at.date(), today)}")
        if entry.approver:
            parts.append(f" by {entry.approver}")
        if entry.tradeoff_text:
            parts += ["\n", ("trade-off: ", "bold"), entry.tradeoff_text]
        elif entry.reason:
            parts += ["\n", ("reason: ", "bold"), entry.reason]
        elif entry.status is ScopeStatus.PROPOSED:
            parts += ["\n", ("A or enter accepts it with a trade-off · x rejects it", "dim")]
        detail.update(Content.assemble(*parts))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.act("accept")

    # ------------------------------------------------------------------ actions

    def act(self, verb: str) -> None:
        """Run one of the tab's keys (`SCOPE_BINDINGS`): request, accept or reject."""
        if self.view is None or self._refused():
            return
        if verb == "request":
            self.app.push_screen(ScopeRequestDialog(self.ctx, self.view), self._done)
            return
        entry = self._undecided(verb)
        if entry is not None and verb == "accept":
            self.app.push_screen(ScopeAcceptDialog(self.ctx, self.view, entry), self._done)
        elif entry is not None and verb == "reject":
            self.app.push_screen(ScopeRejectDialog(self.ctx, self.view, entry), self._done)

    def _refused(self) -> bool:
        """Say why this session cannot change the log; True when it cannot."""
        refusal = scope.refusal(self.ctx)
        if refusal:
            self.notify(refusal, title="Not changed", severity="error", markup=False)
        return bool(refusal)

    def _undecided(self, verb: str) -> ScopeEntry | None:
        """The highlighted change if it can still be decided; else say why not."""
        entry = self.entry
        if entry is None:
            self.notify(f"No change to {verb}: a records a request first", markup=False)
            return None
        if entry.status is not ScopeStatus.PROPOSED:
            self.notify(
                f"#{entry.id} was already {entry.status.value}: a decision is final "
                "(record a new request instead)",
                title="Not changed",
                severity="warning",
                markup=False,
            )
            return None
        return entry

    def _done(self, change_id: int | None) -> None:
        if change_id is not None:
            self._select = change_id
            self.post_message(self.Changed(self, change_id))
