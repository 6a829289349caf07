"""The activity screen: the audit log, newest first, over the current screen.

One row per entry (when, who, which record, the summary; the action too on a
wide terminal) and, under the table, the highlighted entry in full: every field
it changed, before → after. `f` keeps one kind of record or one member's
entries (a small dialog), `r` reads again, enter opens what the entry is about:
a task's card (its dependencies' too), a project. Opened from the command
palette ("Activity"); escape goes back.

Reads one page (`activity.PAGE`, the newest 500 that match) in two queries,
whatever the size of the log, into a `DataTable`: no widget per entry.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from mpm_tui.schemas.views import ActivityView
from mpm_tui.screens.activity_parts import (
    ACTIVITY_BINDINGS,
    HEADERS,
    FilterChoice,
    column_widths,
    detail_content,
    filter_choices,
    filter_text,
    row_cells,
)
from mpm_tui.screens.choice_dialog import ChoiceDialog
from mpm_tui.screens.live import place_kept
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.widgets.footer import Footer

EMPTY = "Nothing recorded yet: every change made in mpm is logged here."
NO_MATCH = "No entry matches the filter: f changes it."


class ActivityScreen(Screen[None]):
    """Who changed what, when, with before → after. Changes nothing itself."""

    TITLE = "Activity"
    CSS_PATH = "activity.tcss"
    BINDINGS: ClassVar[list[BindingType]] = ACTIVITY_BINDINGS

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.entries: list[ActivityView] = []
        self.kind: str | None = None
        """Only entries about this kind of record ("task", "budget_line"…)."""
        self.actor: str | None = None
        """Only entries written by this member (the name the log keeps)."""
        self.seen_change = 0
        self._widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="activity-filter", markup=False)
        yield DataTable[Text](id="activity-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="activity-detail", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()
        self.table.focus()

    def on_screen_resume(self) -> None:
        """Back from a card or a project: read again if anything was written meanwhile."""
        if self.is_mounted and activity.latest_change() != self.seen_change:
            self.load()

    def refresh_live(self) -> None:
        """Someone else wrote: read the page again, the highlighted entry kept where it
        was on screen (the new entries come in above it)."""
        if self.is_mounted:
            with place_kept(self.table):
                self.load()

    def on_resize(self, event: Resize) -> None:
        if column_widths(event.size.width) != self._widths:
            self._fill()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#activity-table", DataTable)

    # ------------------------------------------------------------------ data

    def load(self) -> None:
        """Read the newest page that matches the filter (two queries) and show it,
        the cursor kept on the entry it was on when that is still there."""
        current = self.entry
        self.seen_change = activity.latest_change()
        self.entries = activity.list_activity(
            entity=self.kind, actor=self.actor, limit=activity.PAGE
        )
        self._fill(keep=current.id if current else None)

    def _fill(self, *, keep: int | None = None) -> None:
        table = self.table
        row = table.cursor_row
        widths = column_widths(self.size.width or self.app.size.width)
        if widths != self._widths:
            table.clear(columns=True)
            for name, width in widths.items():
                table.add_column(HEADERS[name], width=width)
            self._widths = widths
        else:
            table.clear()
        today = self.ctx.today()
        for entry in self.entries:
            table.add_row(*row_cells(entry, today, widths), key=str(entry.id))
        ids = [entry.id for entry in self.entries]
        if ids:
            row = ids.index(keep) if keep in ids else min(max(row, 0), len(ids) - 1)
            table.move_cursor(row=row, animate=False)
        self.query_one("#activity-filter", Static).update(
            filter_text(self.kind, self.actor, len(self.entries), activity.PAGE)
        )
        self._describe()

    @property
    def entry(self) -> ActivityView | None:
        """The highlighted entry."""
        if not self.entries or not self.is_mounted:
            return None
        row = self.table.cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _describe(self) -> None:
        empty = NO_MATCH if self.kind or self.actor else EMPTY
        self.query_one("#activity-detail", Static).update(
            detail_content(self.entry, self.ctx.today(), empty=empty)
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # ------------------------------------------------------------------ actions

    def action_close(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.load()

    def action_cursor(self, step: int) -> None:
        if self.entries:
            row = max(0, min(self.table.cursor_row + step, len(self.entries) - 1))
            self.table.move_cursor(row=row)

    def action_open(self) -> None:
        """The card of a task entry, the project of a project entry."""
        entry = self.entry
        if entry is None:
            self.notify("No entry here", timeout=3)
            return
        if entry.task_id is not None:
            from mpm_tui.screens.card_detail import CardDetailScreen

            self.app.push_screen(CardDetailScreen(self.ctx, entry.task_id))
            return
        if entry.entity == "project" and entry.entity_id is not None:
            self.app.open_project(entry.entity_id)  # type: ignore[attr-defined]
            return
        self.notify(
            f"Nothing to open for a {entry.kind} entry: what it changed is shown below",
            timeout=4,
            markup=False,
        )

    def action_filter(self) -> None:
        """Pick a kind of record or a member; picking the one already chosen drops it."""
        choices = filter_choices(activity.activity_facets(), self.kind, self.actor)
        selected = next((i for i, (label, _) in enumerate(choices) if label[0] == "✓"), 0)

        def chosen(choice: FilterChoice | None) -> None:
            if choice is None:
                return
            field, value = choice
            if field == "clear":
                self.kind = self.actor = None
            elif field == "kind":
                self.kind = None if value == self.kind else value
            else:
                self.actor = None if value == self.actor else value
            self.load()

        self.app.push_screen(
            ChoiceDialog(
                "Show the activity of",
                choices,
                hint="enter picks (again: drops it) · escape cancels",
                selected=selected,
            ),
            chosen,
        )
