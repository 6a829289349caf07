"""The workload's filter dialog: one project, one board, one side of the team."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from mpm_tui.schemas.workload import Team, WorkloadFilter
from mpm_tui.widgets.choices import labelled_options, plain_options

TEAM_LABELS: dict[Team, str] = {
    Team.ALL: "Everyone (and unassigned work)",
    Team.INTERNAL: "Internal members",
    Team.EXTERNAL: "Agencies and vendors",
}


class WorkloadFilterDialog(ModalScreen[WorkloadFilter | None]):
    """Choose what the heatmap counts; enter or Apply applies, escape cancels."""

    DEFAULT_CSS = """
    WorkloadFilterDialog { align: center middle; }
    WorkloadFilterDialog > Vertical {
        width: 64; max-width: 95%; height: auto;
        border: round $border; background: $surface; padding: 0 1;
    }
    WorkloadFilterDialog .dialog-title { text-style: bold; padding: 0 0 1 0; }
    WorkloadFilterDialog .field-label { color: $text-muted; }
    WorkloadFilterDialog Select { margin: 0 0 1 0; }
    WorkloadFilterDialog Horizontal { height: auto; align: right middle; }
    WorkloadFilterDialog Button { margin: 0 0 0 1; }
    WorkloadFilterDialog .dialog-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without changing"),
        Binding(
            "ctrl+s",
            "apply",
            "Apply",
            priority=True,
            id="workload_filter.apply",
            tooltip="Apply this filter",
        ),
    ]

    def __init__(self, current: WorkloadFilter, projects: list[str], boards: list[str]) -> None:
        super().__init__()
        self.current = current
        self.projects = projects
        self.boards = boards

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Show the workload of…"), classes="dialog-title")
            yield Label(Content("Project"), classes="field-label")
            yield Select(
                plain_options(self.projects),
                prompt="All projects",
                value=self.current.project
                if self.current.project in self.projects
                else Select.NULL,
                id="filter-project",
            )
            yield Label(Content("Board"), classes="field-label")
            yield Select(
                plain_options(self.boards),
                prompt="All boards",
                value=self.current.board if self.current.board in self.boards else Select.NULL,
                id="filter-board",
            )
            yield Label(Content("People"), classes="field-label")
            yield Select(
                labelled_options(TEAM_LABELS.items()),
                allow_blank=False,
                value=self.current.team,
                id="filter-team",
            )
            with Horizontal():
                yield Button("Clear", id="filter-clear")
                yield Button("Apply", variant="primary", id="filter-apply")
            yield Label(
                Content("tab moves · enter opens a list · ctrl+s applies · escape cancels"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#filter-project", Select).focus()

    def _chosen(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) and value else None

    def action_apply(self) -> None:
        team = self.query_one("#filter-team", Select).value
        self.dismiss(
            WorkloadFilter(
                project=self._chosen("#filter-project"),
                board=self._chosen("#filter-board"),
                team=team if isinstance(team, Team) else Team.ALL,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "filter-clear":
            self.dismiss(WorkloadFilter())
        else:
            self.action_apply()
