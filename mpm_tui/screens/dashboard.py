"""The dashboard: the portfolio of projects with their status, dates and progress.

The first slice of the dashboard: each project opens in the project detail
(goals, budget, plan); portfolio-wide KPI, budget and risk columns come with
the planning issue, and the note under the table says so.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import RowDoesNotExist, RowKey

from mpm_tui.schemas.enums import ProjectStatus
from mpm_tui.schemas.views import ProjectView
from mpm_tui.screens import short_date
from mpm_tui.services import portfolio
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.portfolio import PortfolioRow
from mpm_tui.widgets.footer import Footer

COMING = (
    "p (or enter) opens a project: its goals and KPI funnel, budget, plan and "
    "retrospective. Portfolio-wide KPI, budget and risk columns come with the planning release."
)
NO_PROJECTS = "No projects yet: add one with  mpm project add NAME  (or try  mpm --demo)."

STATUS_LABELS: dict[ProjectStatus, str] = {
    ProjectStatus.PLANNING: "○ planning",
    ProjectStatus.ACTIVE: "● active",
    ProjectStatus.ON_HOLD: "‖ on hold",
    ProjectStatus.DONE: "✓ done",
    ProjectStatus.CANCELLED: "✗ cancelled",
}
"""A symbol and a word per status, so it never rests on colour alone."""


def date_span(project: ProjectView, today: date) -> str:
    if project.start is None and project.end is None:
        return "no dates"
    start = short_date(project.start, today) if project.start else "?"
    end = short_date(project.end, today) if project.end else "?"
    return f"{start} – {end}"


def table_row(row: PortfolioRow, today: date) -> tuple[Text, ...]:
    """The cells of one project, most telling first (a narrow terminal cuts the right).

    User text goes in as `Text`, never as markup."""
    progress = row.progress
    percent = f" {100 * progress.done // progress.total:>3}%" if progress.total else ""
    overdue = (
        Text(f"⚠ {progress.overdue}", style="bold") if progress.overdue else Text("0", style="dim")
    )
    overdue.justify = "right"
    status = ProjectStatus(row.project.status)
    return (
        Text(row.project.name),
        Text(STATUS_LABELS.get(status, status.value)),
        Text(f"{progress.label}{percent}", justify="right"),
        overdue,
        Text(date_span(row.project, today)),
        Text(row.project.owner or "—"),
    )


def project_detail(project: ProjectView) -> Content:
    """One line about the highlighted project."""
    parts: list[str | tuple[str, str]] = [(project.name, "bold")]
    if project.owner:
        parts.append(f" ({project.owner})")
    if project.objective:
        parts.append(f" — {project.objective}")
    if project.channels:
        parts.append(f" · channels {', '.join(project.channels)}")
    parts.append(f" · impact {project.impact} × effort {project.effort}")
    return Content.assemble(*parts)


class DashboardScreen(Screen[None]):
    """The portfolio table."""

    TITLE = "Dashboard"
    CSS_PATH = "dashboard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Next project", show=False, id="dashboard.down"),
        Binding("k", "cursor(-1)", "Previous project", show=False, id="dashboard.up"),
        Binding(
            "p",
            "project",
            "Open project",
            id="dashboard.project",
            tooltip="Open the highlighted project: goals, budget, plan, retrospective",
        ),
    ]

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.projects: dict[str, ProjectView] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        today = self.ctx.today()
        rows = portfolio.portfolio(today)
        count = f"{len(rows)} project{'' if len(rows) == 1 else 's'}"
        yield Static(Content(f"Portfolio · {count}"), id="portfolio-title", markup=False)
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("Project", "Status", "Tasks done", "Overdue", "Dates", "Owner")
        for row in rows:
            key = str(row.project.id)
            self.projects[key] = row.project
            table.add_row(*table_row(row, today), key=key)
        yield table
        yield Static(id="project-detail", markup=False)
        note = COMING if rows else f"{NO_PROJECTS}\n{COMING}"
        yield Static(Content(note), id="coming", markup=False)
        yield Footer(compact=True)

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_project(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.app.open_project(int(key))  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.open_project(int(event.row_key.value))  # type: ignore[attr-defined]

    def show_project(self, project_id: int) -> None:
        """Put the cursor on a project (what choosing it in the command palette does)."""
        table = self.query_one(DataTable)
        try:
            index = table.get_row_index(str(project_id))
        except RowDoesNotExist:  # the project appeared after this screen loaded
            self.notify("That project is not in this view yet.", severity="warning", markup=False)
            return
        table.move_cursor(row=index, animate=False)
        table.focus()

    @on(DataTable.RowHighlighted)
    def _show_detail(self, event: DataTable.RowHighlighted) -> None:
        key: RowKey = event.row_key
        project = self.projects.get(str(key.value))
        if project is not None:
            self.query_one("#project-detail", Static).update(project_detail(project))
