"""Shifting dates on the timeline: move a task, change its length, undo and redo.

A mixin of `TimelineScreen`. Every change goes through the services
(`timeline.set_dates` → `tasks.update_task`, with the version read), and
the schedule is worked out again at once so slack and risks follow.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from textual.binding import Binding, BindingType

from mpm_tui.logic.schedule import Schedule, ScheduleCycle, shifted_dates
from mpm_tui.logic.workdays import WorkCalendar
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.timeline import TimelineData, TimelineTask
from mpm_tui.screens import short_date
from mpm_tui.screens.quick_resume import QuickResume
from mpm_tui.services import activity, timeline
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError, NotFound, VersionConflict
from mpm_tui.widgets.timeline_canvas import RowKey, TimelineCanvas

EDIT_ROLE = Role.EDITOR


@dataclass(frozen=True)
class DateEdit:
    """One date change, enough to undo it (and redo it)."""

    task_id: int
    title: str
    before: tuple[date | None, date | None]
    after: tuple[date | None, date | None]
    version: int
    """The task's version after the change: undo refuses if anyone changed it since."""


class TimelineEdits(QuickResume[None]):
    """Date shifts and their history; `TimelineScreen` provides the rest."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "less_than_sign",
            "shift(-1)",
            "◀ Move",
            id="timeline.move_earlier",
            tooltip="Move the task one working day earlier",
        ),
        Binding(
            "greater_than_sign",
            "shift(1)",
            "Move ▶",
            id="timeline.move_later",
            tooltip="Move the task one working day later",
        ),
        Binding(
            "comma,shift+less_than_sign",
            "grow(-1)",
            "Shorter",
            show=False,
            id="timeline.shorter",
            tooltip="One working day shorter (its end moves; shift+< where the terminal sends it)",
        ),
        Binding(
            "full_stop,shift+greater_than_sign",
            "grow(1)",
            "Longer",
            show=False,
            id="timeline.longer",
            tooltip="One working day longer (its end moves; shift+> where the terminal sends it)",
        ),
        Binding(
            "u,ctrl+z", "undo", "Undo", id="timeline.undo", tooltip="Undo the last date change"
        ),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            show=False,
            id="timeline.redo",
            tooltip="Redo the date change you undid",
        ),
    ]

    ctx: ServiceContext
    data: TimelineData
    schedule: Schedule | None
    undo_stack: list[DateEdit]
    redo_stack: list[DateEdit]
    seen_change: int
    """The workspace's change number when this screen last read or wrote it."""

    @property
    def canvas(self) -> TimelineCanvas:
        return self.query_one(TimelineCanvas)

    def load(self, focus: RowKey | None = None) -> None:
        raise NotImplementedError  # TimelineScreen reads the timeline

    def redraw(
        self,
        data: TimelineData,
        focus: RowKey | None = None,
        schedule: Schedule | ScheduleCycle | None = None,
    ) -> None:
        raise NotImplementedError  # TimelineScreen schedules and draws it

    # ------------------------------------------------------------------ shifting

    def action_shift(self, days: int) -> None:
        self._change(move=days)

    def action_grow(self, days: int) -> None:
        self._change(grow=days)

    def _change(self, *, move: int = 0, grow: int = 0) -> None:
        row = self.canvas.current_task
        if row is None:
            self.notify("Focus a task to change its dates", timeout=2)
            return
        refusal = self.ctx.refusal(EDIT_ROLE, "change task dates")
        if refusal:
            self.notify(refusal, title="Not changed", severity="error", markup=False)
            return
        cal = WorkCalendar(self.data.holidays)
        start, due = shifted_dates(row.start, row.end, cal, move=move, grow=grow)
        if (start, due) == (row.task.start, row.task.due):
            self.notify(f"{row.task.title!r} is one day long already", timeout=2, markup=False)
            return
        self._save(row.task, start, due)

    def _save(self, task: TimelineTask, start: date | None, due: date | None) -> None:
        before_end = self.schedule.ends.get(task.project_id) if self.schedule else None
        was_critical = self._critical(task.id)
        try:
            saved = timeline.set_dates(self.ctx, task, start, due)
        except MpmError as exc:
            self.notify(str(exc), title="Not changed", severity="error", markup=False)
            self.load(("task", task.id))
            return
        self.undo_stack.append(
            DateEdit(task.id, task.title, (task.start, task.due), (start, due), saved.version)
        )
        self.redo_stack.clear()
        self.seen_change = activity.latest_change()
        self.redraw(self.data.with_task(saved), ("task", task.id))
        self._tell_consequences(saved, before_end, was_critical)

    def _critical(self, task_id: int) -> bool:
        timing = self.schedule.timings.get(task_id) if self.schedule else None
        return timing is not None and timing.critical

    def _tell_consequences(
        self, task: TimelineTask, before_end: date | None, was_critical: bool
    ) -> None:
        """Say what the change did to the plan: the critical path and the end date."""
        if self.schedule is None:
            return
        notes = []
        critical = self._critical(task.id)
        if critical and not was_critical:
            notes.append(f"{task.title!r} is now on the critical path")
        elif was_critical and not critical:
            notes.append(f"{task.title!r} is off the critical path")
        end = self.schedule.ends.get(task.project_id)
        if end is not None and before_end is not None and end != before_end:
            today = self.ctx.today()
            notes.append(
                f"projected end {short_date(before_end, today)} → {short_date(end, today)}"
            )
        if notes:
            self.notify("; ".join(notes), timeout=4, markup=False)

    # ------------------------------------------------------------------ history

    def _replay(self, source: list[DateEdit], target: list[DateEdit], undo: bool) -> None:
        if not source:
            self.notify("Nothing to " + ("undo" if undo else "redo"), timeout=2)
            return
        record = source[-1]
        task = next((t for t in self.data.tasks if t.id == record.task_id), None)
        start, due = record.before if undo else record.after
        verb = "undo" if undo else "redo"
        try:
            if task is None:
                raise NotFound(f"task #{record.task_id} is no longer on the timeline")
            saved = timeline.set_dates(self.ctx, replace(task, version=record.version), start, due)
        except MpmError as exc:
            if isinstance(exc, (VersionConflict, NotFound)):
                source.pop()  # the task changed without us: this step is gone
                self.load(("task", record.task_id))
            self.notify(str(exc), title=f"Cannot {verb}", severity="error", markup=False)
            return
        target.append(replace(source.pop(), version=saved.version))
        self.seen_change = activity.latest_change()
        self.notify(
            ("Undid" if undo else "Redid") + f" the date change of {record.title!r}",
            timeout=2,
            markup=False,
        )
        self.redraw(self.data.with_task(saved), ("task", record.task_id))

    def action_undo(self) -> None:
        self._replay(self.undo_stack, self.redo_stack, undo=True)

    def action_redo(self) -> None:
        self._replay(self.redo_stack, self.undo_stack, undo=False)
