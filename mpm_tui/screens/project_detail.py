"""One project, all of it: objective, goals (the KPI funnel), budget, plan, retrospective.

Opened with `p` from the board, the timeline and the dashboard, or by name
from the command palette. Everything is read by `services.goals.project_detail`
(a constant number of queries); every change goes through a service in a
small dialog that shows the refusal, if any, and stays open until it passes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from mpm_tui.logic.dates import DateParseError, parse_date
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.goals import BudgetView, KpiView, ProjectDetail
from mpm_tui.screens import short_date
from mpm_tui.screens.choice_dialog import ask_and_write
from mpm_tui.screens.live import cursor_back, cursor_key, places_kept
from mpm_tui.screens.project_risks import RISK_ACTIONS, RISK_BINDINGS, RiskRegister
from mpm_tui.screens.project_scope import SCOPE_ACTIONS, SCOPE_BINDINGS, ScopeLogPane
from mpm_tui.screens.project_texts import (
    attained,
    budget_row,
    kpi_row,
    number,
    overview,
    parse_number,
    parse_rate,
)
from mpm_tui.screens.quick_resume import QuickResume
from mpm_tui.services import activity, goals, planning, scope_history
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.footer import Footer

EDIT_ROLE = Role.EDITOR


class ProjectDetailScreen(QuickResume[bool]):
    """Tabs: Overview, Goals, Budget, Plan, Risks, Scope. Dismissed with True when
    something changed.

    `tab` opens it on a tab by name (e.g. "risks"); an unknown name opens the first.
    `risk` puts the Risks tab's cursor on that risk."""

    CSS_PATH = "project_detail.tcss"
    LIVE_NOTES: ClassVar[frozenset[str]] = frozenset(
        {"project", "kpi", "budget_line", "risk", "scope_change", "milestone"}
    )
    """What a note about someone else's change may be about (screens/live.py)."""
    CHANGING_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"kpi_target", "kpi_rate", "kpi_actual", "kpi_entry", "budget_spent", "budget_planned"}
        | RISK_ACTIONS
        | SCOPE_ACTIONS
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="project.close", tooltip="Back to where you were"),
        Binding(
            "R",
            "retro",
            "Retro",
            id="project.retro",
            tooltip="Open this project's retrospective",
        ),
        Binding(
            "T",
            "save_template",
            "Save as template",
            show=False,
            id="project.save_template",
            tooltip="Save this project's tasks, dates and KPIs as a template of yours",
        ),
        Binding("t", "kpi_target", "Target", id="project.kpi_target", tooltip="Set the target"),
        Binding(
            "c",
            "kpi_rate",
            "Conversion",
            id="project.kpi_rate",
            tooltip="Set the conversion rate into the next stage",
        ),
        Binding("a", "kpi_actual", "Actual", id="project.kpi_actual", tooltip="Set the actual"),
        Binding(
            "e",
            "kpi_entry",
            "Dated entry",
            id="project.kpi_entry",
            tooltip="Add a dated actual (for the trend)",
        ),
        Binding("s", "budget_spent", "Spent", id="project.budget_spent", tooltip="Set spent"),
        Binding(
            "n", "budget_planned", "Planned", id="project.budget_planned", tooltip="Set planned"
        ),
        *RISK_BINDINGS,
        *SCOPE_BINDINGS,
    ]

    def __init__(
        self,
        ctx: ServiceContext,
        project: int | str,
        tab: str | None = None,
        *,
        risk: int | None = None,
    ) -> None:
        super().__init__()
        self.initial_tab = tab
        self.initial_risk = risk
        self.ctx = ctx
        self.project_key = project
        self.detail: ProjectDetail | None = None
        self.changed = False
        self.seen_change = 0
        """The change number the project was last read at (screens/live.py)."""

    @property
    def read_only(self) -> str:
        return self.ctx.refusal(EDIT_ROLE, "change goals and budgets")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="project-title", markup=False)
        with TabbedContent(id="project-tabs"):
            with TabPane("Overview", id="tab-overview"):
                yield Static(id="project-overview", markup=False)
            with TabPane("Goals", id="tab-goals"):
                yield DataTable(id="kpi-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="kpi-note", markup=False)
            with TabPane("Budget", id="tab-budget"):
                yield DataTable(id="budget-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="budget-note", markup=False)
            with TabPane("Plan", id="tab-plan"):
                yield Static(id="project-plan", markup=False)
            with TabPane("Risks", id="tab-risks"):
                yield RiskRegister(self.ctx)
            with TabPane("Scope", id="tab-scope"):
                yield ScopeLogPane(self.ctx)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        kpis: DataTable[Text] = self.query_one("#kpi-table", DataTable)
        kpis.add_columns("KPI", "Converts", "Target", "Actual", "Attained", "Trend")
        budget: DataTable[Text] = self.query_one("#budget-table", DataTable)
        budget.add_columns("Channel", "Planned", "Spent", "Left", "Burn", "Note")
        if self.initial_tab and self.query(f"#tab-{self.initial_tab}"):
            self.query_one(TabbedContent).active = f"tab-{self.initial_tab}"
        self.query_one(RiskRegister).follow = self.initial_risk
        self.load()

    # ------------------------------------------------------------------ data

    def load(self) -> None:
        self.seen_change = activity.latest_change()
        detail = goals.project_detail(self.project_key)
        self.project_key = detail.project.id  # a rename elsewhere must not lose it
        self.detail = detail
        self.title = detail.project.name
        today = self.ctx.today()
        project = detail.project
        self.query_one("#project-title", Static).update(
            Content.assemble(
                (project.name, "bold"),
                f" · {project.status.value.replace('_', ' ')}",
                f" · {project.owner}" if project.owner else "",
                f" · {detail.tasks_done}/{detail.tasks_open + detail.tasks_done} tasks done",
            )
        )
        self.query_one("#project-overview", Static).update(overview(detail, today))
        self._fill_kpis(detail)
        self._fill_budget(detail)
        self.query_one("#project-plan", Static).update(self._plan(detail, today))
        self.query_one(RiskRegister).show(project.name, detail.risks)
        self.query_one(ScopeLogPane).show(scope_history.scope_log(project.id))

    def refresh_live(self) -> None:
        """Someone else changed the workspace: read the project again, every table's
        cursor kept on its row (by id) where it was on screen."""
        if not self.is_mounted:
            return
        try:
            with places_kept(self):
                self.load()
        except MpmError as exc:  # the project was deleted meanwhile
            self.notify(str(exc), title="Not reloaded", severity="error", markup=False)

    def _fill_kpis(self, detail: ProjectDetail) -> None:
        table: DataTable[Text] = self.query_one("#kpi-table", DataTable)
        key, row = cursor_key(table), table.cursor_row
        table.clear()
        for kpi in detail.kpis:
            table.add_row(*kpi_row(kpi), key=str(kpi.id))
        cursor_back(table, key, row)
        note = (
            "Targets are worked back from the KGI through the conversion rates (whole units, "
            "rounded up). t target · c conversion · a actual · e dated entry"
            if detail.kpis
            else "No KPIs yet: add them with  mpm kpi  or from a template."
        )
        self.query_one("#kpi-note", Static).update(Content(note))

    def _fill_budget(self, detail: ProjectDetail) -> None:
        table: DataTable[Text] = self.query_one("#budget-table", DataTable)
        key, row = cursor_key(table), table.cursor_row
        table.clear()
        for line in detail.budget:
            table.add_row(*budget_row(line), key=str(line.id))
        cursor_back(table, key, row)
        if detail.budget:
            planned, spent = detail.budget_planned, detail.budget_spent
            total = BudgetView(0, "Total", planned, spent, "")
            burn = attained(total.burn)
            note = (
                f"Total: {number(spent)} spent of {number(planned)} planned, "
                f"{number(total.remainder)} left ({burn} burnt) · s spent · n planned"
            )
        else:
            note = "No budget yet: add a line with  mpm budget set PROJECT CHANNEL --planned N"
        self.query_one("#budget-note", Static).update(Content(note))

    def _plan(self, detail: ProjectDetail, today: date) -> Content:
        parts: list[str | tuple[str, str]] = [("Milestones\n", "bold")]
        for milestone in detail.milestones or ():
            mark = "✓" if milestone.reached else "◆"
            parts.append(f"  {mark} {short_date(milestone.date, today):<8} {milestone.name}\n")
        if not detail.milestones:
            parts.append(("  none yet\n", "dim"))
        return Content.assemble(*parts)

    # ------------------------------------------------------------------ helpers

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def _kpi(self) -> KpiView | None:
        if self.detail is None or not self.detail.kpis:
            return None
        row = self.query_one("#kpi-table", DataTable).cursor_row
        return self.detail.kpis[row] if 0 <= row < len(self.detail.kpis) else None

    def _budget_line(self) -> BudgetView | None:
        if self.detail is None or not self.detail.budget:
            return None
        row = self.query_one("#budget-table", DataTable).cursor_row
        return self.detail.budget[row] if 0 <= row < len(self.detail.budget) else None

    def _ask(self, title: str, value: str, write: Callable[[str], object], hint: str = "") -> None:
        def saved() -> None:
            self.changed = True
            self.load()

        ask_and_write(
            self,
            title,
            value,
            write,
            refusal=self.read_only,
            saved=saved,
            hint=hint or "enter saves · escape cancels",
        )

    # ------------------------------------------------------------------ actions

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def action_save_template(self) -> None:
        if self.detail is not None:
            from mpm_tui.screens.template_save import save_project_as_template

            project = self.detail.project
            save_project_as_template(self, self.ctx, project.name, project.kind)

    def action_retro(self) -> None:
        if self.detail is None:
            return
        project = self.detail.project.name
        app = self.app

        async def open_retro() -> None:
            await app.switch_mode("retro")
            show = getattr(app.screen, "show_project", None)
            if show is not None:
                show(project)

        self.dismiss(self.changed)
        app.call_later(open_retro)

    def action_kpi_target(self) -> None:
        kpi = self._kpi()
        if kpi is not None:
            self._ask(
                f"Target of {kpi.name}",
                number(kpi.target) if kpi.target is not None else "",
                lambda text: goals.set_kpi_target(self.ctx, kpi.id, parse_number(text)),
            )

    def action_kpi_rate(self) -> None:
        kpi = self._kpi()
        if kpi is not None:
            self._ask(
                f"Conversion of {kpi.name} into {kpi.parent or 'the next stage'}",
                f"{kpi.rate * 100:g}%" if kpi.rate is not None else "",
                lambda text: goals.set_kpi_rate(self.ctx, kpi.id, parse_rate(text)),
                hint="e.g. 30% or 0.3 · enter saves · escape cancels",
            )

    def action_kpi_actual(self) -> None:
        kpi = self._kpi()
        if kpi is not None:
            self._ask(
                f"Actual of {kpi.name} (empty: not measured yet)",
                number(kpi.actual) if kpi.actual is not None else "",
                lambda text: goals.set_kpi_actual(
                    self.ctx, kpi.id, parse_number(text) if text.strip() else None
                ),
            )

    def action_kpi_entry(self) -> None:
        kpi = self._kpi()
        if kpi is None:
            return
        today = self.ctx.today()

        def write(text: str) -> None:
            day_text, _, value_text = text.strip().rpartition(" ")
            if not day_text:
                raise ValueError("give a date and a value, e.g.  today 120  or  2026-11-20 95")
            try:
                day = parse_date(day_text, today)
            except DateParseError as exc:
                raise ValueError(str(exc)) from None
            goals.add_kpi_entry(self.ctx, kpi.id, day, parse_number(value_text))

        self._ask(
            f"Dated actual of {kpi.name}: DATE VALUE (the actual becomes the entries' sum)",
            "today ",
            write,
            hint="e.g. today 120, mon 95, 2026-11-20 80 · enter saves · escape cancels",
        )

    def action_budget_spent(self) -> None:
        line = self._budget_line()
        if line is not None and self.detail is not None:
            project = self.detail.project.name
            self._ask(
                f"Spent on {line.channel} (planned {number(line.planned)})",
                number(line.spent),
                lambda text: goals.set_budget_spent(
                    self.ctx, project, line.channel, parse_number(text)
                ),
            )

    def action_budget_planned(self) -> None:
        line = self._budget_line()
        if line is not None and self.detail is not None:
            project = self.detail.project.name
            self._ask(
                f"Planned for {line.channel}",
                number(line.planned),
                lambda text: planning.set_budget_line(
                    self.ctx,
                    project,
                    {
                        "channel": line.channel,
                        "planned": parse_number(text),
                        "spent": line.spent,
                        "note": line.note,
                    },
                ),
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Goal keys on the Goals tab, budget keys on the Budget tab; hidden elsewhere."""
        if not self.is_mounted:
            return True
        if action.startswith("kpi_"):
            return self.tab == "tab-goals" and self._kpi() is not None
        if action.startswith("budget_"):
            return self.tab == "tab-budget" and self._budget_line() is not None
        if action == "risk":
            return self.tab == "tab-risks" and self.query_one(RiskRegister).can(str(parameters[0]))
        if action == "scope":
            return self.tab == "tab-scope"
        return True

    def action_risk(self, verb: str, step: int = 0) -> None:
        """The Risks tab's keys (`RISK_BINDINGS`), run by the register."""
        self.query_one(RiskRegister).act(verb, step)

    def action_scope(self, verb: str) -> None:
        """The Scope tab's keys (`SCOPE_BINDINGS`), run by the log."""
        self.query_one(ScopeLogPane).act(verb)

    @on(RiskRegister.Changed)
    def _risks_changed(self) -> None:
        self.changed = True
        self.load()

    @on(ScopeLogPane.Changed)
    def _scope_changed(self) -> None:
        self.changed = True
        self.load()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()
