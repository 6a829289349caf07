"""The task panel of the workload: the tasks behind the focused cell, opening one,
giving one to someone else.

A mixin of `WorkloadScreen`, which composes the panel and reads the numbers.
Reassigning goes through `services.workload.reassign` (`tasks.update_task`: the
version check and the per-person limits hold) and reads again in place: the
change shows at once, in both rows.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mpm_tui.logic.workload import Load, Who, cell_text, format_days, percent
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.workload import WorkloadView, WorkTask
from mpm_tui.screens import short_date
from mpm_tui.services import workload
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.workload_grid import WorkloadGrid
from mpm_tui.widgets.workload_layout import Line

EDIT_ROLE = Role.EDITOR
REASSIGNING = "edit tasks"
"""What `tasks.update_task` calls the change a viewer cannot make."""

Part = str | tuple[str, str]


class WorkloadTasks(Screen[None]):
    """The panel's lines and actions; `WorkloadScreen` provides the rest."""

    ctx: ServiceContext
    view: WorkloadView | None
    panel_tasks: list[WorkTask]

    def load(self, *, who: Who | str = "keep", week: int | None = None) -> None:
        raise NotImplementedError  # the screen's: read now and draw

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
