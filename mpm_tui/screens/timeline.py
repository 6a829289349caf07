"""The timeline: a Gantt chart of every project in progress, with the critical path.

The chart is one `TimelineCanvas`; this screen reads the timeline through
`services.timeline` (a constant number of queries), works the schedule out
(`logic.schedule`, the same computation as `mpm schedule`), says everything
about the focused row in the line under the chart, and opens the card detail.
Date changes and their undo live in `TimelineEdits`.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Header, Static

from mpm_tui.logic.schedule import Schedule, ScheduleCycle
from mpm_tui.schemas.timeline import TimelineData
from mpm_tui.screens import short_date
from mpm_tui.screens.background import BackgroundLoad
from mpm_tui.screens.quiet_gc import QuietCollector
from mpm_tui.screens.timeline_edits import EDIT_ROLE, TimelineEdits
from mpm_tui.services import activity, timeline
from mpm_tui.services.context import ServiceContext
from mpm_tui.widgets.footer import Footer
from mpm_tui.widgets.timeline_canvas import RowKey, TimelineCanvas
from mpm_tui.widgets.timeline_layout import MilestoneRow, ProjectRow, Row, TaskRow, Zoom

EMPTY_TIMELINE = (
    "Nothing on the timeline yet.\n\n"
    "Tasks of projects in progress appear here, placed by their start and due\n"
    "dates (or by their estimates and dependencies). Add one with:\n\n"
    "    mpm task add TITLE --project NAME --start mon --due fri\n\n"
    "or look around a sample workspace first:\n\n"
    "    mpm --demo"
)

Part = str | tuple[str, str]
Read = tuple[int, TimelineData, Schedule | ScheduleCycle]
"""What one load reads: the change number it saw, the data, its schedule (or the cycle)."""


class TimelineScreen(TimelineEdits):
    TITLE = "Timeline"
    CSS_PATH = "timeline.tcss"
    CHANGING_ACTIONS: ClassVar[frozenset[str]] = frozenset({"shift", "grow", "undo", "redo"})
    """Actions that write: dimmed in the footer of a read-only session (they say why)."""
    LIVE_NOTES: ClassVar[frozenset[str]] = frozenset(
        {"task", "dependency", "milestone", "project", "holiday"}
    )
    """What a note about someone else's change may be about (screens/live.py)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="timeline.open", tooltip="Open the focused task"),
        Binding(
            "F",
            "fold_all",
            "Fold all",
            show=False,
            id="timeline.fold_all",
            tooltip="Fold every project to its summary row, or unfold them all",
        ),
        Binding(
            "a",
            "toggle_finished",
            "All projects",
            show=False,
            id="timeline.all",
            tooltip="Show finished and cancelled projects too, or hide them again",
        ),
        Binding(
            "p",
            "project",
            "Project",
            show=False,
            id="timeline.project",
            tooltip="Open the focused row's project: goals, budget, plan, retrospective",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            show=False,
            id="timeline.reload",
            tooltip="Read the timeline again from the database",
        ),
    ]

    def __init__(self, ctx: ServiceContext, *, zoom: Zoom = Zoom.WEEK) -> None:
        super().__init__()
        self.ctx = ctx
        self.zoom = zoom
        self.include_finished = False
        self.data = TimelineData()
        self.schedule = None
        self.undo_stack = []
        self.redo_stack = []
        self.seen_change = 0
        self.quiet_gc = QuietCollector(self)
        self.loader = BackgroundLoad(self, "timeline")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="timeline-legend", markup=False)
        yield TimelineCanvas(today=self.ctx.today(), zoom=self.zoom, id="timeline")
        yield Static(Content(EMPTY_TIMELINE), id="empty-timeline", markup=False)
        yield Static(id="timeline-detail", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()
        self.canvas.focus()

    # ------------------------------------------------------------------ data

    def _read(self) -> Read:
        """Everything the chart needs, without touching a widget (it may run in a
        thread): a constant number of queries, then the schedule."""
        include, today = self.include_finished, self.ctx.today()
        seen = activity.latest_change()  # first: a change made meanwhile reads again
        data = timeline.load_timeline(include_finished=include)
        try:
            return seen, data, timeline.schedule_of(data, today)
        except ScheduleCycle as exc:
            return seen, data, exc

    def refresh_data(self, focus: RowKey | None = None) -> None:
        """Read again in the background: the chart stays as it is (or says it is
        loading, the first time) until the new one arrives."""
        self.loader.start(self._read, lambda read: self._show(read, focus))
        if self.loader.first:
            self.query_one("#timeline-legend", Static).update("Reading the timeline…")

    def load(self, focus: RowKey | None = None) -> None:
        """Read the timeline now and draw it (after an edit: seen at once)."""
        self.loader.start(self._read, lambda read: self._show(read, focus), in_place=True)

    def _show(self, read: Read, focus: RowKey | None) -> None:
        seen, data, schedule = read
        self.seen_change = seen
        self.redraw(data, focus, schedule)

    def on_key(self, event: events.Key) -> None:
        self.quiet_gc.key()

    def on_screen_resume(self) -> None:
        """Back from another screen: read again if anything changed meanwhile
        (a card moved on the board, a date edited in the card detail)."""
        if self.is_mounted and self.loader.outdated(self.seen_change):
            self.refresh_data()

    def refresh_live(self) -> None:
        """Someone else changed the workspace: read again in the background, the
        focused row and the rows scrolled to kept (none while a read is on its way)."""
        if self.is_mounted and not self.loader.pending:
            self.refresh_data()

    def redraw(
        self,
        data: TimelineData,
        focus: RowKey | None = None,
        schedule: Schedule | ScheduleCycle | None = None,
    ) -> None:
        """Draw `data` with its schedule (worked out here when not given)."""
        self.loader.invalidate()  # whatever is in flight is older than this
        try:
            if schedule is None:
                schedule = timeline.schedule_of(data, self.ctx.today())
            if isinstance(schedule, ScheduleCycle):
                raise schedule
        except ScheduleCycle as exc:
            # The services refuse cycles; one can only come from outside mpm.
            self.notify(
                f"{exc}; remove one of these dependencies to see the schedule",
                title="No schedule",
                severity="error",
                markup=False,
            )
            return
        self.data, self.schedule = data, schedule
        canvas = self.canvas
        canvas.today = self.ctx.today()
        canvas.show(data, schedule, focus)
        self.quiet_gc.hold()
        empty = not canvas.rows
        canvas.display = not empty
        self.query_one("#empty-timeline").display = empty
        self.query_one("#timeline-detail").display = not empty
        self._legend()

    # ------------------------------------------------------------------ lines

    def _legend(self) -> None:
        canvas = self.canvas
        projects = sum(1 for row in canvas.rows if isinstance(row, ProjectRow))
        scope = "all projects" if self.include_finished else "projects in progress"
        self.query_one("#timeline-legend", Static).update(
            Content.assemble(
                ("● critical ", "bold"),
                ("⚠ at risk ", "bold"),
                "◆ milestone ░ estimate │ today ┄ slack of the focused task",
                (f"  ·  {projects} {scope}", "dim"),
            )
        )

    @on(TimelineCanvas.AxisChanged)
    def _axis_changed(self) -> None:
        self.zoom = self.canvas.axis.zoom

    @on(TimelineCanvas.Highlighted)
    def _highlighted(self, event: TimelineCanvas.Highlighted) -> None:
        self.query_one("#timeline-detail", Static).update(self.describe(event.row))

    def describe(self, row: Row | None) -> Content:
        """Everything about the focused row, in one line (the reason first when at risk)."""
        today = self.ctx.today()

        def day(value: object) -> str:
            return short_date(value, today)  # type: ignore[arg-type]

        parts: list[Part] = []
        if isinstance(row, ProjectRow):
            parts += [(row.name, "bold"), f" · {row.tasks} tasks"]
            if row.start is not None and row.end is not None:
                parts.append(f" · {day(row.start)} → projected end {day(row.end)}")
            if row.project is not None and row.project.end is not None:
                parts.append(f" (end date {day(row.project.end)})")
            parts.append(f" · {row.critical} critical")
            if row.at_risk:
                parts.append((f" · ⚠ {row.at_risk} at risk", "bold"))
            parts += [(f" · ⚠ {risk.message}", "bold") for risk in row.risks]
        elif isinstance(row, TaskRow):
            task, timing = row.task, row.timing
            parts += [(f"#{task.id} ", "bold"), task.title]
            parts += [(f" · ⚠ {risk.message}", "bold") for risk in row.risks]
            if task.owner:
                parts.append(f" · {task.owner}")
            length = f"{timing.duration} working day{'' if timing.duration == 1 else 's'}"
            if row.planned:
                parts.append(f" · {day(row.start)} → {day(row.end)} ({length})")
            else:
                parts.append(f" · no dates: {length} from the estimate, from {day(row.start)}")
            if task.done:
                parts.append(" · ✓ done")
            elif timing.critical:
                parts.append((" · ● critical", "bold"))
            else:
                parts.append(f" · slack {timing.slack} (start by {day(timing.latest_start)})")
            parts.append(f" · {task.column}")
        elif isinstance(row, MilestoneRow):
            milestone = row.milestone
            parts += [("◆ ", "bold"), (milestone.name, "bold"), f" · {day(milestone.date)}"]
            parts += [(f" · ⚠ {risk.message}", "bold") for risk in row.risks]
            if milestone.reached:
                parts.append(" · ✓ reached")
            if milestone.after:
                count = len(milestone.after)
                parts.append(f" · waits for {count} task{'' if count == 1 else 's'} (←)")
                if row.finish is not None and not row.risks:
                    parts.append(f", done by {day(row.finish)}")
        return Content.assemble(*parts)

    # ------------------------------------------------------------------ actions

    def action_open(self) -> None:
        row = self.canvas.current
        if isinstance(row, ProjectRow):
            self.canvas.action_toggle_project()
            return
        if not isinstance(row, TaskRow):
            return
        from mpm_tui.screens.card_detail import CardDetailScreen

        task_id = row.task.id

        def closed(changed: bool | None) -> None:
            if changed:
                self.load(("task", task_id))

        self.app.push_screen(CardDetailScreen(self.ctx, task_id), closed)

    def action_fold_all(self) -> None:
        self.canvas.toggle_all()

    def action_toggle_finished(self) -> None:
        self.include_finished = not self.include_finished
        self.refresh_data()
        shown = "all projects" if self.include_finished else "projects in progress only"
        self.notify(f"Timeline: {shown}", timeout=2)

    def action_reload(self) -> None:
        self.refresh_data()

    @property
    def read_only(self) -> str:
        """Why this session cannot change dates ("" when it can)."""
        return self.ctx.refusal(EDIT_ROLE, "change task dates")

    def action_project(self) -> None:
        row = self.canvas.current
        project_id = None
        if isinstance(row, ProjectRow) and row.project is not None:
            project_id = row.project.id
        elif isinstance(row, TaskRow):
            project_id = row.task.project_id
        elif isinstance(row, MilestoneRow):
            project_id = row.milestone.project_id
        if project_id is None:
            self.notify("This row belongs to no project", timeout=3)
            return
        self.app.open_project(project_id)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that need a task are greyed out on project and milestone rows."""
        if action in {"shift", "grow", "open"} and self.is_mounted:
            row = self.canvas.current
            if action == "open" and isinstance(row, ProjectRow):
                return True
            return True if isinstance(row, TaskRow) else None
        return True
