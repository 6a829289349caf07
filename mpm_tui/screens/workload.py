"""The workload: who carries how much each week against capacity, for managers over SSH.

The heatmap (`WorkloadGrid`) shows people down and weeks across; the panel
beside it (under it on a narrow terminal) lists the tasks behind the focused
cell. `enter` opens a task, `r` gives it to someone else through the same
service the board uses (version check and per-person limits included): see
`WorkloadTasks`.
Everything is read by `services.workload` in a constant number of queries,
the same numbers `mpm report workload` prints: a window of weeks around the
ones shown (in a thread worker, the screen drawn first), so `[` and `]` only
cut another run of weeks out of it and draw them, and nearing its edge reads
the next window in the background.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, OptionList, Static

from mpm_tui.logic.workdays import week_start
from mpm_tui.logic.workload import BAND_LEGEND, Who
from mpm_tui.schemas.workload import WorkloadFilter, WorkloadView, WorkTask
from mpm_tui.screens import short_date
from mpm_tui.screens.background import BackgroundLoad
from mpm_tui.screens.quiet_gc import QuietCollector
from mpm_tui.screens.workload_tasks import EDIT_ROLE, REASSIGNING, Part, WorkloadTasks
from mpm_tui.services import activity, boards, projects, workload
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.footer import Footer
from mpm_tui.widgets.workload_grid import WorkloadGrid
from mpm_tui.widgets.workload_layout import measure

__all__ = ["EDIT_ROLE", "PANEL_WIDTH", "REASSIGNING", "WEEKS", "WorkloadScreen"]

WEEKS = 8
"""Weeks shown at a time; `[` and `]` move them."""
READ_AHEAD = 4
"""Fewer weeks than this left in the window beyond the ones shown: read the next
window in the background (centred on the weeks shown) before they run out."""
PANEL_WIDTH = 56
"""The task panel sits beside the heatmap when this much is left beside every column."""

EMPTY_WORKLOAD = (
    "Nobody to show yet.\n\n"
    "The workload lists the members of the workspace with their weekly capacity\n"
    "and the open tasks they own. Add a member with:\n\n"
    "    mpm member add NAME --capacity 5\n\n"
    "or look around a sample workspace first:\n\n"
    "    mpm --demo"
)

Read = tuple[int, workload.WorkloadWindow, str]
"""What one load reads: the change number it saw, the window, and why the filter
was dropped ("" when it was not)."""


class WorkloadScreen(WorkloadTasks):
    TITLE = "Workload"
    CSS_PATH = "workload.tcss"
    LIVE_NOTES: ClassVar[frozenset[str]] = frozenset({"task", "member", "time_off", "holiday"})
    """What a note about someone else's change may be about (screens/live.py)."""
    CHANGING_ACTIONS: ClassVar[frozenset[str]] = frozenset({"reassign"})
    """Actions that write: refused (and dimmed in the footer) in a read-only session."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Tasks",
            id="workload.open",
            tooltip="List the tasks of the focused week, or open the highlighted task",
        ),
        Binding(
            "r",
            "reassign",
            "Reassign",
            id="workload.reassign",
            tooltip="Give the highlighted task to another member",
        ),
        Binding(
            "left_square_bracket",
            "shift(-1)",
            "Earlier",
            id="workload.earlier_weeks",
            tooltip="Show the weeks one week earlier",
        ),
        Binding(
            "right_square_bracket",
            "shift(1)",
            "Later",
            id="workload.later_weeks",
            tooltip="Show the weeks one week later",
        ),
        Binding(
            "t", "this_week", "This week", id="workload.this_week", tooltip="Back to this week"
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            id="workload.filter",
            tooltip="Count one project, one board, or one side of the team only",
        ),
        Binding(
            "x",
            "clear_filter",
            "Clear filter",
            show=False,
            id="workload.clear_filter",
            tooltip="Count all work again",
        ),
        Binding(
            "escape",
            "back_to_grid",
            "Back",
            id="workload.back",
            tooltip="From the task list back to the heatmap",
        ),
    ]

    def __init__(self, ctx: ServiceContext, *, weeks: int = WEEKS) -> None:
        super().__init__()
        self.ctx = ctx
        self.weeks = weeks
        self.first = week_start(ctx.today())
        self.filter = WorkloadFilter()
        self.window: workload.WorkloadWindow | None = None
        """What was read: the weeks shown and `workload.MARGIN` weeks either side."""
        self.view: WorkloadView | None = None
        """The weeks shown, cut out of the window."""
        self.panel_tasks: list[WorkTask] = []
        self._panel_cell: tuple[Who, date | None] | None = None
        """Whose week the task panel shows (its highlight is kept when it is the same)."""
        self.seen_change = 0
        self.quiet_gc = QuietCollector(self)
        self.loader = BackgroundLoad(self, "workload")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="workload-legend", markup=False)
        with Vertical(id="workload-body"):
            yield WorkloadGrid(today=self.ctx.today(), id="workload-grid")
            yield Static(Content(EMPTY_WORKLOAD), id="empty-workload", markup=False)
            with Vertical(id="task-panel"):
                yield Static(id="panel-title", markup=False)
                yield OptionList(id="panel-tasks")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.grid.focus()

    # ------------------------------------------------------------------ data

    @staticmethod
    def _read(first: date, weeks: int, where: WorkloadFilter) -> Read:
        """The window around the weeks from `first`, without touching a widget (it
        may run in a thread): a constant number of queries, then one pass."""
        seen = activity.latest_change()  # first: a change made meanwhile reads again
        dropped = ""
        try:
            window = workload.load_window(first, weeks, where)
        except MpmError as exc:  # a filtered project or board was renamed or removed
            window, dropped = workload.load_window(first, weeks), f"{exc}; showing all work"
        measure(window.view(first, weeks))  # its totals, worked out here rather than on show
        return seen, window, dropped

    def _start(self, *, in_place: bool, who: Who | str = "keep", week: int | None = None) -> None:
        first, weeks, where = self.first, self.weeks, self.filter
        self.loader.start(
            lambda: self._read(first, weeks, where),
            lambda read: self._show(read, who=who, week=week),
            in_place=in_place,
        )

    def refresh_data(self) -> None:
        """Read again in the background: the heatmap stays as it is (or says it is
        reading, the first time) until the new numbers arrive."""
        self._start(in_place=False)
        if self.loader.first:
            self.query_one("#workload-legend", Static).update("Reading the workload…")

    def load(self, *, who: Who | str = "keep", week: int | None = None) -> None:
        """Read now and draw (after an edit here: seen at once)."""
        self._start(in_place=True, who=who, week=week)

    def _show(self, read: Read, *, who: Who | str = "keep", week: int | None = None) -> None:
        self.seen_change, self.window, dropped = read
        if dropped:
            self.notify(dropped, severity="warning", markup=False)
            self.filter = WorkloadFilter()
        self._draw(who=who, week=week)

    def _draw(self, *, who: Who | str = "keep", week: int | None = None) -> None:
        """Cut the weeks shown out of the window and draw them; read again when they
        are not all in it, and ahead (in the background) when it nears its edge."""
        window = self.window
        if window is None:
            return  # the first read is on its way; it draws the weeks chosen meanwhile
        room = window.room(self.first, self.weeks)
        if room < 0:
            self.load(who=who, week=week)
            return
        view = window.view(self.first, self.weeks)
        self.view = view
        empty = not view.people and not view.show_unassigned
        self.grid.display = not empty
        self.query_one("#empty-workload").display = empty
        self.query_one("#task-panel").display = not empty
        self.grid.show(view, who=who, week=week)
        self._place_panel()
        self._legend()
        self.quiet_gc.hold()
        if room < READ_AHEAD and not self.loader.pending:
            self.refresh_data()

    def on_key(self) -> None:
        self.quiet_gc.key()

    def on_resize(self) -> None:
        self.call_after_refresh(self._place_panel)

    def _place_panel(self) -> None:
        """Beside the heatmap when it fits with every column shown, else under it."""
        if self.view is not None:
            self.set_class(self.size.width - self.grid.full_width() >= PANEL_WIDTH, "-wide")

    def on_screen_resume(self) -> None:
        """Back from another screen: read again if anything changed meanwhile."""
        if self.is_mounted and self.loader.outdated(self.seen_change):
            self.refresh_data()

    def refresh_live(self) -> None:
        """Someone else changed the workspace: read again in the background, keeping
        the focused person, week and task (none while a read is on its way)."""
        if self.is_mounted and not self.loader.pending:
            self.refresh_data()

    # ------------------------------------------------------------------ lines

    def _legend(self) -> None:
        assert self.view is not None
        weeks = self.view.weeks
        today = self.ctx.today()
        last_day = weeks[-1] + timedelta(days=4)
        span = f"{short_date(weeks[0], today)} – {short_date(last_day, today)}"
        parts: list[Part] = []  # what narrows the numbers first: a narrow terminal cuts the end
        where = self.view.filter  # the numbers' own (a new one may still be on its way)
        if where.active:
            parts.append((f"filter: {where.describe()} (x clears)  ·  ", "bold"))
        parts += [BAND_LEGEND, (f"  ·  {span}", "dim")]
        if self.view.share:
            parts.append((f"  ·  collaborators carry {self.view.share:.0%}", "dim"))
        legend = self.query_one("#workload-legend", Static)
        legend.update(Content.assemble(*parts), layout=False)  # one line, whatever it says

    @on(WorkloadGrid.Highlighted)
    def _highlighted(self, event: WorkloadGrid.Highlighted) -> None:
        """The focused cell's tasks in the panel; the same cell again (its numbers
        read anew) keeps the task that was highlighted in the list."""
        weeks = self.view.weeks if self.view is not None else ()
        cell = (event.who, weeks[event.week] if 0 <= event.week < len(weeks) else None)
        listing = self.task_list
        option = listing.highlighted_option if cell == self._panel_cell else None
        self._panel_cell = cell
        self._fill_panel(event.line, event.week)
        if option is not None and option.id is not None:
            ids = [task.id for task in self.panel_tasks]
            if int(option.id) in ids:
                listing.highlighted = ids.index(int(option.id))

    # ------------------------------------------------------------------ actions

    def action_shift(self, by: int) -> None:
        self.first += timedelta(weeks=by)
        self._draw()

    @on(WorkloadGrid.Shift)
    def _grid_shift(self, event: WorkloadGrid.Shift) -> None:
        self.action_shift(event.by)

    def action_this_week(self) -> None:
        self.first = week_start(self.ctx.today())
        self._draw(week=0)

    def action_filter(self) -> None:
        from mpm_tui.screens.workload_filter import WorkloadFilterDialog

        names = [p.name for p in projects.list_projects() if not p.status.finished]
        board_names = [b.name for b in boards.list_boards()]

        def chosen(result: WorkloadFilter | None) -> None:
            if result is not None and result != self.filter:
                self.filter = result
                self.refresh_data()

        self.app.push_screen(WorkloadFilterDialog(self.filter, names, board_names), chosen)

    def action_clear_filter(self) -> None:
        if self.filter.active:
            self.filter = WorkloadFilter()
            self.refresh_data()

    def action_back_to_grid(self) -> None:
        self.grid.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`x` only with a filter on; `escape` only from the task list."""
        if action == "clear_filter":
            return self.filter.active
        if action == "back_to_grid" and self.is_mounted:
            return self.task_list.has_focus
        return True
