"""The workload: who carries how much each week against capacity, for managers over SSH.

The heatmap (`WorkloadGrid`) shows people down and weeks across; the panel
beside it (under it on a narrow terminal) lists the tasks behind the focused
cell. `enter` opens a task, `r` gives it to someone else through the same
service the board uses (version check and per-person limits included).
Everything is read by `services.workload` in a constant number of queries,
the same numbers `mpm report workload` prints.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from mpm_tui.logic.workdays import week_start
from mpm_tui.logic.workload import BAND_LEGEND, Load, Who, cell_text, format_days, percent
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.workload import WorkloadFilter, WorkloadView, WorkTask
from mpm_tui.screens import short_date
from mpm_tui.screens.quiet_gc import QuietCollector
from mpm_tui.services import activity, boards, projects, workload
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.footer import Footer
from mpm_tui.widgets.workload_grid import WorkloadGrid
from mpm_tui.widgets.workload_layout import Line

WEEKS = 8
"""Weeks loaded at a time; `[` and `]` move them."""
PANEL_WIDTH = 56
"""The task panel sits beside the heatmap when this much is left beside every column."""
EDIT_ROLE = Role.EDITOR
REASSIGNING = "edit tasks"
"""What `tasks.update_task` calls the change a viewer cannot make."""

EMPTY_WORKLOAD = (
    "Nobody to show yet.\n\n"
    "The workload lists the members of the workspace with their weekly capacity\n"
    "and the open tasks they own. Add a member with:\n\n"
    "    mpm member add NAME --capacity 5\n\n"
    "or look around a sample workspace first:\n\n"
    "    mpm --demo"
)

Part = str | tuple[str, str]


class WorkloadScreen(Screen[None]):
    TITLE = "Workload"
    CSS_PATH = "workload.tcss"
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
        self.view: WorkloadView | None = None
        self.panel_tasks: list[WorkTask] = []
        self.seen_change = 0
        self.quiet_gc = QuietCollector(self)

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
        self.load()
        self.grid.focus()

    @property
    def grid(self) -> WorkloadGrid:
        return self.query_one(WorkloadGrid)

    @property
    def task_list(self) -> OptionList:
        return self.query_one("#panel-tasks", OptionList)

    @property
    def read_only(self) -> str:
        """Why this session cannot reassign ("" when it can)."""
        return self.ctx.refusal(EDIT_ROLE, REASSIGNING)

    # ------------------------------------------------------------------ data

    def load(self, *, who: Who | str = "keep", week: int | None = None) -> None:
        """Read the weeks shown (a constant number of queries) and draw them."""
        self.seen_change = activity.latest_change()
        try:
            view = workload.load_workload(self.first, self.weeks, self.filter)
        except MpmError as exc:  # a filtered project or board was renamed or removed
            self.notify(f"{exc}; showing all work", severity="warning", markup=False)
            self.filter = WorkloadFilter()
            view = workload.load_workload(self.first, self.weeks, self.filter)
        self.view = view
        empty = not view.people and not view.show_unassigned
        self.grid.display = not empty
        self.query_one("#empty-workload").display = empty
        self.query_one("#task-panel").display = not empty
        self.grid.show(view, who=who, week=week)
        self._place_panel()
        self._legend()
        self.quiet_gc.hold()

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
        if self.is_mounted and activity.latest_change() != self.seen_change:
            self.load()

    # ------------------------------------------------------------------ lines

    def _legend(self) -> None:
        assert self.view is not None
        weeks = self.view.weeks
        today = self.ctx.today()
        last_day = weeks[-1] + timedelta(days=4)
        span = f"{short_date(weeks[0], today)} – {short_date(last_day, today)}"
        parts: list[Part] = []  # what narrows the numbers first: a narrow terminal cuts the end
        if self.filter.active:
            parts.append((f"filter: {self.filter.describe()} (x clears)  ·  ", "bold"))
        parts += [BAND_LEGEND, (f"  ·  {span}", "dim")]
        if self.view.share:
            parts.append((f"  ·  collaborators carry {self.view.share:.0%}", "dim"))
        self.query_one("#workload-legend", Static).update(Content.assemble(*parts))

    @on(WorkloadGrid.Highlighted)
    def _highlighted(self, event: WorkloadGrid.Highlighted) -> None:
        self._fill_panel(event.line, event.week)

    def _fill_panel(self, line: Line | None, week: int) -> None:
        view = self.view
        if view is None or line is None or not view.weeks:
            self.panel_tasks = []
            self.task_list.clear_options()
            self.query_one("#panel-title", Static).update("")
            return
        today = self.ctx.today()
        monday = view.weeks[week]
        cell = view.workload.cell(line.who, week)
        loads = view.workload.tasks_in(line.who, week)
        parts: list[Part] = [(line.label, "bold"), f" · week of {short_date(monday, today)} · "]
        if line.kind == "person":
            parts += [(f"{cell_text(cell)} {cell.band.symbol}", "bold"), f" ({percent(cell)})"]
            person = line.person
            if person is not None and cell.capacity < person.capacity - 1e-9:
                parts.append(
                    f" · capacity {format_days(cell.capacity)} of "
                    f"{format_days(person.capacity)} (holidays, time off)"
                )
        else:
            parts.append((f"{format_days(cell.assigned)} days", "bold"))
        parts.append(f" · {len(loads)} task{'' if len(loads) == 1 else 's'}")
        if line.kind == "person" and line.who is not None:
            wip = view.wip.get(line.who)
            if wip is not None and wip.count:
                parts.append(((f" · WIP {wip.describe()}"), "bold" if wip.flag else ""))
            unscheduled = view.workload.unscheduled_days(line.who)
            if unscheduled:
                parts.append(f" · {format_days(unscheduled)} d undated")
        self.query_one("#panel-title", Static).update(Content.assemble(*parts))
        self.panel_tasks = [view.tasks[load.task] for load in loads]
        options = self.task_list
        options.clear_options()
        options.add_options(
            [
                Option(self._task_line(view.tasks[load.task], load, today), id=str(load.task))
                for load in loads
            ]
        )
        if loads:
            options.highlighted = 0

    def _task_line(self, task: WorkTask, load: Load, today: date) -> Content:
        parts: list[Part] = [(f"#{task.id} ", "dim"), task.title]
        if task.project:
            parts.append((f" · {task.project}", "dim"))
        days = "? d (no estimate)" if task.estimate is None else f"{format_days(load.days)} d"
        parts.append(f" · {days}")
        if task.due is not None:
            overdue = task.due < today
            parts.append((f" · due {short_date(task.due, today)}", "bold" if overdue else ""))
        parts.append((f" · {task.column}", "dim"))
        return Content.assemble(*parts)

    # ------------------------------------------------------------------ actions

    def action_shift(self, by: int) -> None:
        self.first += timedelta(weeks=by)
        self.load()

    @on(WorkloadGrid.Shift)
    def _grid_shift(self, event: WorkloadGrid.Shift) -> None:
        self.action_shift(event.by)

    def action_this_week(self) -> None:
        self.first = week_start(self.ctx.today())
        self.load(week=0)

    def action_filter(self) -> None:
        from mpm_tui.screens.workload_filter import WorkloadFilterDialog

        names = [p.name for p in projects.list_projects() if not p.status.finished]
        board_names = [b.name for b in boards.list_boards()]

        def chosen(result: WorkloadFilter | None) -> None:
            if result is not None and result != self.filter:
                self.filter = result
                self.load()

        self.app.push_screen(WorkloadFilterDialog(self.filter, names, board_names), chosen)

    def action_clear_filter(self) -> None:
        if self.filter.active:
            self.filter = WorkloadFilter()
            self.load()

    def action_back_to_grid(self) -> None:
        self.grid.focus()

    def _chosen_task(self, doing: str) -> WorkTask | None:
        """The task `doing` applies to: the list's highlighted one, or the cell's only one."""
        if not self.panel_tasks:
            self.notify("No open tasks in this week", timeout=3)
            return None
        if self.task_list.has_focus:
            index = self.task_list.highlighted
            return self.panel_tasks[index] if index is not None else None
        if len(self.panel_tasks) == 1:
            return self.panel_tasks[0]
        self.task_list.focus()
        self.notify(f"Choose the task in the list, then press {doing}", timeout=3)
        return None

    def action_open(self) -> None:
        if not self.task_list.has_focus:
            if self.panel_tasks:
                self.task_list.focus()
            else:
                self.notify("No open tasks in this week", timeout=3)
            return
        task = self._chosen_task("enter")
        if task is not None:
            self._open_card(task.id)

    @on(OptionList.OptionSelected, "#panel-tasks")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._open_card(int(event.option.id))

    def _open_card(self, task_id: int) -> None:
        from mpm_tui.screens.card_detail import CardDetailScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.load()

        self.app.push_screen(CardDetailScreen(self.ctx, task_id), closed)

    def action_reassign(self) -> None:
        if refusal := self.read_only:
            self.notify(refusal, title="Not reassigned", severity="error", markup=False)
            return
        task = self._chosen_task("r")
        if task is None or self.view is None:
            return
        from mpm_tui.screens.choice_dialog import ChoiceDialog

        view, week = self.view, self.grid.week
        candidates = []
        for person in view.people:
            if person.id == task.owner_id:
                continue
            cell = view.workload.cell(person.id, week)
            wip = view.wip.get(person.id)
            load = f"{cell_text(cell)} {cell.band.symbol}"
            busy = f"WIP {wip.count}{wip.flag}" if wip else "WIP 0"
            label = f"{person.name:<22} {load:>10} that week · {busy}"
            use = cell.utilisation
            candidates.append(((use if use is not None else 9.0), person.name, label))
        candidates.sort()
        choices = [(label, name) for _use, name, label in candidates]
        monday = short_date(view.weeks[week], self.ctx.today())

        def chosen(member: str | None) -> None:
            if member is not None:
                self._reassign(task, member)

        self.app.push_screen(
            ChoiceDialog(
                f"Give #{task.id} {task.title} to…\n"
                f"Their load in the week of {monday}, least busy first:",
                choices,
            ),
            chosen,
        )

    def _reassign(self, task: WorkTask, member: str) -> None:
        try:
            workload.reassign(self.ctx, task, member)
        except MpmError as exc:
            self.notify(str(exc), title="Not reassigned", severity="error", markup=False)
            self.load()
            return
        self.load()
        self.grid.focus()
        self.notify(
            f"#{task.id} {task.title} now belongs to {member}",
            title="Reassigned",
            timeout=4,
            markup=False,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`x` only with a filter on; `escape` only from the task list."""
        if action == "clear_filter":
            return self.filter.active
        if action == "back_to_grid" and self.is_mounted:
            return self.task_list.has_focus
        return True
