"""The dashboard's team panels: a heading over a short list that takes focus.

Top risks, who is at or near capacity this week, WIP per column, recent
completions with their trend. `TeamPanels.show` fills all four from the
service's `Dashboard` and remembers, per line, the project it belongs to and
what the screen's detail line says about it. What the lines say is in
`dashboard_lines`.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mpm_tui.schemas.portfolio import Dashboard
from mpm_tui.widgets import dashboard_lines as lines


class PanelList(OptionList):
    """A panel's lines: the arrows (and j/k, through the screen) move, enter opens
    what a line is about. The highlight shows only while the list has focus."""

    DEFAULT_CSS = """
    PanelList {
        height: 1fr;
        max-height: 100%;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &.-textual-compact > .option-list--option {
            padding: 0 1;
        }
        & > .option-list--option-highlighted {
            color: $foreground;
            background: transparent;
            text-style: none;
        }
        &:focus > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """


class DashboardPanel(Vertical):
    """A heading, an optional note (a trend) and a `PanelList`."""

    DEFAULT_CSS = """
    DashboardPanel {
        height: 1fr;
        & > .panel-heading {
            height: 1;
            padding: 0 1;
            background: $panel;
            text-style: bold;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & > .panel-note {
            height: auto;
            padding: 0 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        &:focus-within > .panel-heading {
            background: $accent 40%;
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="panel-heading", markup=False)
        yield Static(classes="panel-note", markup=False)
        yield PanelList(compact=True)

    @property
    def list(self) -> PanelList:
        return self.query_one(PanelList)

    def show(
        self,
        heading: Content,
        options: Sequence[Option],
        *,
        empty: str,
        note: Content | None = None,
    ) -> None:
        """Replace the heading and the lines, keeping the highlight on the same line
        (by id), else on the same line number (an empty list says `empty`)."""
        self.query_one(".panel-heading", Static).update(heading)
        note_widget = self.query_one(".panel-note", Static)
        note_widget.display = note is not None
        note_widget.update(note or "")
        listing = self.list
        kept = listing.highlighted
        kept_id = listing.highlighted_option.id if listing.highlighted_option else None
        listing.set_options(options or [Option(Content.styled(empty, "dim"), disabled=True)])
        if options:
            ids = [option.id for option in options]
            listing.highlighted = (
                ids.index(kept_id)
                if kept_id is not None and kept_id in ids
                else min(kept or 0, len(options) - 1)
            )


class TeamPanels(Grid):
    """Top risks and load beside each other, WIP and completions under them."""

    DEFAULT_CSS = """
    TeamPanels {
        height: 1fr;
        grid-size: 2 2;
        grid-columns: 1fr 1fr;
        grid-rows: 1fr 1fr;
        grid-gutter: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.projects: dict[str, int] = {}
        """Line id → the project it belongs to (a risk, a completed task)."""
        self.details: dict[str, Content] = {}
        """Line id → what the detail line says about it."""

    def compose(self) -> ComposeResult:
        yield DashboardPanel(id="risks-panel")
        yield DashboardPanel(id="load-panel")
        yield DashboardPanel(id="wip-panel")
        yield DashboardPanel(id="done-panel")

    def panel(self, name: str) -> DashboardPanel:
        """`risks`, `load`, `wip` or `done`."""
        return self.query_one(f"#{name}-panel", DashboardPanel)

    def show(self, dashboard: Dashboard, *, roomy: bool = False) -> None:
        """Fill the four panels; `roomy`: room for risk responses and a bar chart."""
        projects: dict[str, int] = {}
        details: dict[str, Content] = {}

        risks = [lines.risk_option(risk, roomy=roomy) for risk in dashboard.risks]
        for risk, option in zip(dashboard.risks, risks, strict=True):
            projects[str(option.id)] = risk.project_id
            details[str(option.id)] = lines.risk_detail(risk)
        self.panel("risks").show(
            lines.risks_heading(dashboard), risks, empty="No open risks in projects in progress."
        )

        loads = [lines.load_option(load, index) for index, load in enumerate(dashboard.loaded)]
        for load, option in zip(dashboard.loaded, loads, strict=True):
            details[str(option.id)] = lines.load_detail(load)
        self.panel("load").show(
            lines.load_heading(dashboard),
            loads,
            empty="✓ Nobody is at or near capacity this week.",
        )

        wip = lines.wip_options(dashboard.wip)
        for column, option in zip(dashboard.wip, wip, strict=True):
            details[str(option.id)] = lines.wip_detail(column)
        self.panel("wip").show(lines.wip_heading(), wip, empty="No boards yet.")

        completions = dashboard.completions
        done = [lines.completed_option(task) for task in completions.newest]
        for task, option in zip(completions.newest, done, strict=True):
            if task.project_id is not None:
                projects[str(option.id)] = task.project_id
            details[str(option.id)] = lines.completed_detail(task)
        trend = lines.completed_chart if roomy else lines.completed_trend
        self.panel("done").show(
            lines.completed_heading(completions),
            done,
            empty="Nothing completed in the last 8 weeks.",
            note=trend(completions),
        )
        self.projects, self.details = projects, details
