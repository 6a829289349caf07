"""The portfolio dashboard: every project in progress at a glance, and the team under it.

The table says per project, most telling first (a narrow terminal cuts the
right): the schedule state (the timeline's own schedule: ✗ late, ⚠ at risk,
✓ on track), progress in estimated days, the KGI's attainment (the Goals
tab's ✓/✗ rule), budget burn, overdue and blocked tasks, the next
milestone, dates, status and owner. Under it four panels: the top open
risks, who is at or near capacity this week, WIP per column and recent
completions with a trend. Finished projects are hidden until `a` shows them
below the others. Everything is read by `services.portfolio.load_dashboard`
in a constant number of queries, again whenever the screen comes back after
a change elsewhere.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import DescendantFocus, Resize
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.data_table import RowDoesNotExist

from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.portfolio import Dashboard, PortfolioRow
from mpm_tui.screens import short_date
from mpm_tui.screens.background import BackgroundLoad
from mpm_tui.screens.live import place_kept
from mpm_tui.screens.project_texts import attainment_text
from mpm_tui.screens.quick_resume import QuickResume
from mpm_tui.services import activity, goals, portfolio
from mpm_tui.services.context import ServiceContext
from mpm_tui.widgets.dashboard_lines import (
    STATE_STYLES,
    STATUS_LABELS,
    burn_text,
    count_text,
    progress_text,
)
from mpm_tui.widgets.dashboard_panels import PanelList, TeamPanels
from mpm_tui.widgets.footer import Footer

NO_PROJECTS = "No projects yet: add one with  mpm project add NAME  (or try  mpm --demo)."
HINT = (
    "enter opens a project · tab moves to the panels · n new project · m priority matrix · "
    "a shows or hides finished projects"
)
ROOMY = (100, 36)
"""From this size (columns, lines) the panels say more: each risk's response, and
the completions as a bar chart with its numbers rather than a one-line sparkline."""

COLUMNS = (
    "Project",
    "Schedule",
    "Progress",
    "KPI",
    "Burn",
    "Overdue",
    "Blocked",
    "Next milestone",
    "Dates",
    "Status",
    "Owner",
)


def date_span(start: date | None, end: date | None, today: date) -> str:
    if start is None and end is None:
        return "no dates"
    first = short_date(start, today) if start else "?"
    last = short_date(end, today) if end else "?"
    return f"{first} – {last}"


def table_row(row: PortfolioRow, today: date) -> tuple[Text, ...]:
    """The cells of one project, most telling first; user text as plain `Text`."""
    project = row.project
    if row.finished:
        state = Text(STATUS_LABELS[project.status], style="dim")
    else:
        schedule = row.schedule.state
        state = Text(schedule.label, style=STATE_STYLES.get(schedule, ""))
    goal = row.goal.attainment if row.goal else None
    upcoming = row.next_milestone
    cells = (
        Text(project.name, style="dim" if row.finished else ""),
        state,
        progress_text(row.progress),
        attainment_text(goal),
        burn_text(row.budget.burn if row.budget else None),
        count_text(row.progress.overdue, "⚠"),
        count_text(row.progress.blocked, "‖"),
        Text(f"◆ {short_date(upcoming.date, today)} {upcoming.name}") if upcoming else Text("—"),
        Text(date_span(project.start, project.end, today)),
        Text(STATUS_LABELS[project.status]),
        Text(project.owner or "—"),
    )
    return cells


def title(dashboard: Dashboard, include_finished: bool) -> Content:
    """`Portfolio · 4 projects in progress · 1 finished hidden (a shows)` and the legend."""
    active, finished = len(dashboard.active), len(dashboard.finished)
    if not dashboard.rows:
        return Content(NO_PROJECTS)
    noun = "project" if active == 1 else "projects"
    parts: list[str | tuple[str, str]] = [("Portfolio", "bold"), f" · {active} {noun} in progress"]
    if finished:
        shown = "shown below (a hides them)" if include_finished else "hidden (a shows)"
        parts.append((f" · {finished} finished {shown}", "dim"))
    parts.append(("  ✓ on track ⚠ at risk ✗ late", "dim"))
    return Content.assemble(*parts)


def project_line(row: PortfolioRow, today: date) -> Content:
    """Everything about the highlighted project in one line: why its state, then numbers."""
    project, progress = row.project, row.progress
    parts: list[str | tuple[str, str]] = [(project.name, "bold")]
    if row.finished:
        parts.append(f" · {STATUS_LABELS[project.status]}")
    else:
        parts.append((f" · {row.schedule.state.label}", "bold"))
        parts += [
            f": {reason}" if i == 0 else f"; {reason}"
            for i, reason in enumerate(row.schedule.reasons)
        ]
        end = row.schedule.projected_end
        if end is not None:
            parts.append(f" · projected end {short_date(end, today)}")
            if project.end is not None:
                parts.append(f" (end date {short_date(project.end, today)})")
    parts.append(
        f" · {progress.done}/{progress.total} tasks, "
        f"{progress.done_days:g}/{progress.total_days:g} days done"
    )
    if progress.unestimated:
        parts.append(f" ({progress.unestimated} unestimated, 1 day each)")
    if row.goal is not None:
        goal = row.goal
        parts.append(
            f" · {goal.name} {goals.format_amount(goal.actual)}/{goals.format_amount(goal.target)}"
        )
    if row.budget is not None:
        budget = row.budget
        parts.append(
            f" · spent {goals.format_amount(budget.spent)} of {goals.format_amount(budget.planned)}"
        )
    return Content.assemble(*parts)


class DashboardScreen(QuickResume[None]):
    """The portfolio table over the team panels."""

    TITLE = "Dashboard"
    CSS_PATH = "dashboard.tcss"
    LIVE_NOTES: ClassVar[frozenset[str]] = frozenset(
        {"project", "task", "risk", "kpi", "budget_line", "milestone"}
    )
    """What a note about someone else's change may be about (screens/live.py)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Next", show=False, id="dashboard.down", tooltip="Next line"),
        Binding(
            "k", "cursor(-1)", "Previous", show=False, id="dashboard.up", tooltip="Previous line"
        ),
        Binding(
            "p",
            "project",
            "Open project",
            id="dashboard.project",
            tooltip="Open the highlighted project (or the project of a risk or of a "
            "completed task): goals, budget, plan, risks, retrospective",
        ),
        Binding(
            "n",
            "new_project",
            "New project",
            id="dashboard.new_project",
            tooltip="A new project from a template: name, launch day, who does each role",
        ),
        Binding(
            "m",
            "matrix",
            "Matrix",
            id="dashboard.matrix",
            tooltip="The priority matrix: projects by impact × effort, scored in place",
        ),
        Binding(
            "a",
            "toggle_finished",
            "Finished",
            id="dashboard.finished",
            tooltip="Show finished and cancelled projects below the others, or hide them again",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            show=False,
            id="dashboard.reload",
            tooltip="Read the dashboard again from the database",
        ),
    ]

    CHANGING_ACTIONS: ClassVar[frozenset[str]] = frozenset({"new_project"})

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dashboard = Dashboard()
        self.include_finished = False
        """False: finished and cancelled projects are hidden (`a` shows them)."""
        self.rows: dict[str, PortfolioRow] = {}
        """The table's rows by key (the project id as text)."""
        self.seen_change = -1
        self.loader = BackgroundLoad(self, "dashboard")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="portfolio-title", markup=False)
        table: DataTable[Text] = DataTable(id="portfolio", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        yield Static(id="portfolio-detail", markup=False)
        yield Static(Content(HINT), id="portfolio-hint", markup=False)
        yield TeamPanels(id="panels")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def on_screen_resume(self) -> None:
        """Back from another screen (a project detail, the board…): read again if
        anything changed meanwhile, keeping the cursor where it was."""
        if self.is_mounted and self.loader.outdated(self.seen_change):
            self.refresh_data()

    def refresh_live(self) -> None:
        """Someone else changed the workspace: read again in the background, keeping
        the focused project and line (none while a read is on its way)."""
        if self.is_mounted and not self.loader.pending:
            self.refresh_data()

    def on_resize(self, event: Resize) -> None:
        roomy = self.size.width >= ROOMY[0] and self.size.height >= ROOMY[1]
        if roomy != self.has_class("-roomy"):
            self.set_class(roomy, "-roomy")
            if self.loader.shown:
                self.panels.show(self.dashboard, roomy=roomy)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#portfolio", DataTable)

    @property
    def panels(self) -> TeamPanels:
        return self.query_one(TeamPanels)

    # ------------------------------------------------------------------ data

    def _read(self) -> tuple[int, Dashboard]:
        """Everything, in a constant number of queries, without touching a widget
        (it may run in a thread)."""
        seen = activity.latest_change()  # first: a change made meanwhile reads again
        return seen, portfolio.load_dashboard(self.ctx.now())

    def refresh_data(self) -> None:
        """Read again in the background: the table stays as it is (or says it is
        loading, the first time) until the new one arrives."""
        self.loader.start(self._read, self._show)
        if self.loader.first:
            self.query_one("#portfolio-title", Static).update("Reading the portfolio…")

    def reload(self) -> None:
        """Read everything again now and show it."""
        self.loader.start(self._read, self._show, in_place=True)

    def _show(self, read: tuple[int, Dashboard]) -> None:
        """Show what was read, keeping the table's cursor on its project and each
        panel's on its line number."""
        self.seen_change, self.dashboard = read
        self._fill_table()
        self.panels.show(self.dashboard, roomy=self.has_class("-roomy"))
        self._describe_focused()

    def _fill_table(self) -> None:
        table = self.table
        kept = self.current_project_key()
        row_index = table.cursor_row
        today = self.ctx.today()
        shown = self.dashboard.rows if self.include_finished else self.dashboard.active
        with place_kept(table):  # its project stays where it was on screen
            table.clear()
            self.rows = {}
            for row in shown:
                key = str(row.project.id)
                self.rows[key] = row
                table.add_row(*table_row(row, today), key=key)
            if self.rows:
                if kept in self.rows:
                    row_index = table.get_row_index(kept)
                table.move_cursor(row=min(max(row_index, 0), len(self.rows) - 1), animate=False)
        self.query_one("#portfolio-title", Static).update(
            title(self.dashboard, self.include_finished)
        )

    def current_project_key(self) -> str | None:
        """The key of the project under the table's cursor (None: an empty table)."""
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _describe_focused(self) -> None:
        """The detail line: about the highlighted panel line when a panel has focus,
        else about the project under the table's cursor."""
        focused = self.focused
        line: Content | None = None
        if isinstance(focused, PanelList):
            option = focused.highlighted_option
            if option is not None and option.id is not None:
                line = self.panels.details.get(option.id)
        else:
            row = self.rows.get(self.current_project_key() or "")
            if row is not None:
                line = project_line(row, self.ctx.today())
        self.query_one("#portfolio-detail", Static).update(line or "")

    @on(DataTable.RowHighlighted)
    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._describe_focused()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self._describe_focused()

    # ------------------------------------------------------------------ actions

    def action_cursor(self, step: int) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            if step > 0:
                focused.action_cursor_down()
            else:
                focused.action_cursor_up()
        elif step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_project(self) -> None:
        focused = self.focused
        if isinstance(focused, PanelList):
            option = focused.highlighted_option
            if option is not None and option.id is not None:
                self._open_line(option.id)
            return
        key = self.current_project_key()
        if key is not None:
            self.app.open_project(int(key))  # type: ignore[attr-defined]

    @property
    def read_only(self) -> str:
        """Why this session cannot create projects ("" when it can)."""
        return self.ctx.refusal(Role.EDITOR, "create projects")

    def action_new_project(self) -> None:
        self.app.new_project()  # type: ignore[attr-defined]

    def action_matrix(self) -> None:
        self.app.open_matrix()  # type: ignore[attr-defined]

    def action_toggle_finished(self) -> None:
        self.include_finished = not self.include_finished
        self._fill_table()
        self._describe_focused()

    def action_reload(self) -> None:
        self.refresh_data()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.open_project(int(event.row_key.value))  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected)
    def _line_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._open_line(event.option.id)

    def _open_line(self, line_id: str) -> None:
        """A risk opens its project on the Risks tab with the cursor on it, a completed
        task its project, a load line the workload, a column the board."""
        if line_id.startswith("load-"):
            self.app.switch_mode("workload")
        elif line_id.startswith("wip-"):
            self.app.switch_mode("board")
        elif line_id.startswith("risk-") and line_id in self.panels.projects:
            self.app.open_project(  # type: ignore[attr-defined]
                self.panels.projects[line_id], tab="risks", risk=int(line_id.removeprefix("risk-"))
            )
        elif line_id in self.panels.projects:
            self.app.open_project(self.panels.projects[line_id])  # type: ignore[attr-defined]
        else:
            self.notify("That task belongs to no project.", markup=False)

    def show_project(self, project_id: int) -> None:
        """Put the cursor on a project (what choosing it in the command palette does);
        a finished one shows the finished projects first."""
        key = str(project_id)
        if not any(str(row.project.id) == key for row in self.dashboard.rows):
            self.reload()  # the project appeared after this screen loaded
        if key not in self.rows and any(
            str(row.project.id) == key for row in self.dashboard.finished
        ):
            self.include_finished = True
            self._fill_table()
        try:
            index = self.table.get_row_index(key)
        except RowDoesNotExist:
            self.notify("That project is not in this view.", severity="warning", markup=False)
            return
        self.table.move_cursor(row=index, animate=False)
        self.table.focus()
