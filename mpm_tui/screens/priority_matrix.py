"""The priority matrix: the projects still in play on impact × effort, scored in place.

Four quadrants in a 2 × 2 grid, impact up and effort across, so quick wins
(high impact, low effort) sit top-left where the eye starts; the rule for
each is in `logic.priority` (high is 4–5 on both axes). The arrows (or h j k
l) move through a quadrant and on into the neighbouring one, tab cycles the
quadrants; the highlighted project's details are on the line at the bottom.

Shift+arrows nudge the highlighted project the way the axes point (shift+↑
more impact, shift+→ more effort; `+`/`-` and `]`/`[` do the same), `i`
and `e` type a score. The project moves to its new quadrant at once and
stays highlighted. Every write goes through `services.priority.set_priority`
(role, stale-version check, activity log); a refusal is shown and changes
nothing. On-hold projects are shown dimmed and marked ‖ (see
`services.priority` for why they stay on the matrix).

Four `OptionList`s, whatever the number of projects; read in two queries.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from mpm_tui.logic.priority import HIGH_FROM, SCORES, Quadrant
from mpm_tui.schemas.enums import Role
from mpm_tui.screens.choice_dialog import ask_and_write
from mpm_tui.screens.priority_matrix_parts import (
    MATRIX_BINDINGS,
    detail_line,
    empty_line,
    project_line,
)
from mpm_tui.services import activity, priority
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError, VersionConflict
from mpm_tui.services.priority import MatrixProject, PriorityMatrix
from mpm_tui.widgets.footer import Footer

EDIT_ROLE = Role.EDITOR
AXIS_NAMES = {"impact": "Impact", "effort": "Effort"}


class QuadrantList(OptionList, can_focus=False):
    """One quadrant's projects. The screen owns the cursor and the keys; a click
    asks the screen to put the cursor there (it does not open the project)."""

    class Clicked(Message):
        def __init__(self, where: Quadrant, index: int) -> None:
            super().__init__()
            self.where = where
            self.index = index

    def __init__(self, where: Quadrant) -> None:
        super().__init__(id=f"quadrant-{where.name.lower().replace('_', '-')}", markup=False)
        self.where = where

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # OptionList's own click would highlight and select
        index = event.style.meta.get("option")
        if isinstance(index, int) and not self.options[index].disabled:
            self.post_message(self.Clicked(self.where, index))


class PriorityMatrixScreen(Screen[bool]):
    """Active projects by impact × effort. Dismissed with True when a score changed."""

    TITLE = "Priority matrix"
    CSS_PATH = "priority_matrix.tcss"
    CHANGING_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"impact", "effort", "type_impact", "type_effort"}
    )
    """Actions that write: refused (and dimmed in the footer) in a read-only session."""
    BINDINGS: ClassVar[list[BindingType]] = MATRIX_BINDINGS

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.matrix = PriorityMatrix({where: () for where in Quadrant})
        self.current = Quadrant.QUICK_WIN
        self.rows: dict[Quadrant, int] = {where: 0 for where in Quadrant}
        self.changed = False
        self.seen_change = 0

    @property
    def read_only(self) -> str:
        """Why this session cannot change scores ("" when it can)."""
        return self.ctx.refusal(EDIT_ROLE, priority.EDITING)

    def compose(self) -> ComposeResult:
        yield Header()
        with Container(id="matrix"):
            yield Static("", classes="axis")
            low, high = f"1–{HIGH_FROM - 1}", f"{HIGH_FROM}–{SCORES[-1]}"
            yield Static(f"low effort ({low})", classes="axis axis-effort")
            yield Static(f"high effort ({high}) →", classes="axis axis-effort")
            yield Static(f"↑\nhigh\nimpact\n{high}", classes="axis axis-impact")
            yield QuadrantList(Quadrant.QUICK_WIN)
            yield QuadrantList(Quadrant.MAJOR)
            yield Static(f"low\nimpact\n{low}", classes="axis axis-impact")
            yield QuadrantList(Quadrant.FILL_IN)
            yield QuadrantList(Quadrant.RECONSIDER)
        yield Static(id="matrix-detail", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()
        self.call_after_refresh(self._draw)  # now the quadrants know their width

    def on_screen_resume(self) -> None:
        """Back from the project detail: read again if anything changed meanwhile."""
        if self.is_mounted and activity.latest_change() != self.seen_change:
            self.load(keep=self.highlighted.id if self.highlighted else None)

    def on_resize(self) -> None:
        """Lines are laid out for the quadrant's width: redraw them at the new one."""
        self.call_after_refresh(self._draw)

    # ------------------------------------------------------------------ data

    def quadrant_list(self, where: Quadrant) -> QuadrantList:
        return self.query_one(f"#quadrant-{where.name.lower().replace('_', '-')}", QuadrantList)

    @property
    def highlighted(self) -> MatrixProject | None:
        members = self.matrix.quadrants[self.current]
        index = self.rows[self.current]
        return members[index] if 0 <= index < len(members) else None

    def load(self, *, keep: int | None = None) -> None:
        """Read the matrix (two queries) and draw it; the cursor stays on project
        `keep` wherever it went, else where it was."""
        self.seen_change = activity.latest_change()
        self.matrix = priority.priority_matrix(self.ctx.today())
        found = self.matrix.find(keep) if keep is not None else None
        if found is None and keep is None and not self.matrix.quadrants[self.current]:
            first = next((q for q in Quadrant if self.matrix.quadrants[q]), None)
            found = (first, 0) if first is not None else None
        if found is not None:
            self.current, self.rows[found[0]] = found
        self._draw()

    def _draw(self) -> None:
        """Fill the four quadrants from `self.matrix`, the cursor where `rows` says."""
        today = self.ctx.today()
        for where, members in self.matrix.quadrants.items():
            self.rows[where] = max(0, min(self.rows[where], len(members) - 1))
            options = self.quadrant_list(where)
            width = options.scrollable_content_region.width
            marked = self.rows[where] if where == self.current else -1
            if members:
                options.set_options(
                    Option(project_line(p, i == marked, width, today), id=str(p.id))
                    for i, p in enumerate(members)
                )
            else:
                options.set_options([Option(empty_line(where), disabled=True)])
            options.highlighted = self.rows[where] if members and where == self.current else None
            options.set_class(where == self.current, "-current")
        self._titles()
        self._detail()

    # ------------------------------------------------------------------ drawing

    def _titles(self) -> None:
        """Each quadrant's name and count; under it its advice, or how many projects
        are out of sight when they do not all fit."""
        if not self.is_mounted:
            return
        for where, members in self.matrix.quadrants.items():
            options = self.quadrant_list(where)
            options.border_title = f"{where.symbol} {where.title} · {len(members)}"
            height = options.scrollable_content_region.height
            above = int(options.scroll_y)
            below = max(0, len(members) - above - height) if height else 0
            if above or below:
                hidden = [f"↑{above}" if above else "", f"↓{below}" if below else ""]
                options.border_subtitle = " ".join(h for h in hidden if h) + " more"
            else:
                options.border_subtitle = where.advice

    def _detail(self) -> None:
        project = self.highlighted
        detail = self.query_one("#matrix-detail", Static)
        if project is not None:
            detail.update(detail_line(project, self.ctx.today()))
            return
        where = self.current
        detail.update(
            Content.assemble(
                (f"{where.symbol} {where.title}", "bold"),
                ": no projects here",
                (f" · {where.rule} — {where.advice}", "dim"),
            )
        )

    def _line(self, options: QuadrantList, project: MatrixProject, marked: bool) -> Content:
        width = options.scrollable_content_region.width
        return project_line(project, marked, width, self.ctx.today())

    def _move(self, where: Quadrant, index: int) -> None:
        """Put the cursor on row `index` of quadrant `where` (clamped)."""
        old = self.current
        old_list = self.quadrant_list(old)
        old_project = self.highlighted
        if old_project is not None:
            old_list.replace_option_prompt_at_index(
                self.rows[old], self._line(old_list, old_project, False)
            )
        if where != old:
            old_list.highlighted = None
            old_list.remove_class("-current")
        members = self.matrix.quadrants[where]
        self.current = where
        self.rows[where] = max(0, min(index, len(members) - 1))
        new_list = self.quadrant_list(where)
        new_list.add_class("-current")
        project = self.highlighted
        if project is not None:
            new_list.replace_option_prompt_at_index(
                self.rows[where], self._line(new_list, project, True)
            )
            new_list.highlighted = self.rows[where]
        self._detail()
        self.call_after_refresh(self._titles)

    # ------------------------------------------------------------------ moving

    def action_vertical(self, step: int) -> None:
        members = self.matrix.quadrants[self.current]
        index = self.rows[self.current] + step
        if members and 0 <= index < len(members):
            self._move(self.current, index)
            return
        below = self.current.neighbour(step, 0)
        if below is not None:
            last = len(self.matrix.quadrants[below]) - 1
            self._move(below, 0 if step > 0 else last)

    def action_horizontal(self, step: int) -> None:
        beside = self.current.neighbour(0, step)
        if beside is not None:
            self._move(beside, self.rows[self.current])

    def action_cycle(self, step: int) -> None:
        target = self.current.next(step)
        self._move(target, self.rows[target])

    @on(QuadrantList.Clicked)
    def _clicked(self, event: QuadrantList.Clicked) -> None:
        self._move(event.where, event.index)

    # ------------------------------------------------------------------ actions

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def action_reload(self) -> None:
        project = self.highlighted
        self.load(keep=project.id if project else None)

    def action_open(self) -> None:
        project = self.highlighted
        if project is None:
            self.notify("No project in this quadrant", timeout=3)
            return
        self.app.open_project(project.id)  # type: ignore[attr-defined]

    def _target(self) -> MatrixProject | None:
        """The project a change applies to, or None after saying why there is none."""
        if refusal := self.read_only:
            self.notify(refusal, title="Not changed", severity="error", markup=False)
            return None
        project = self.highlighted
        if project is None:
            self.notify("No project in this quadrant: move to one first", timeout=3)
        return project

    def action_impact(self, step: int) -> None:
        self._nudge("impact", step)

    def action_effort(self, step: int) -> None:
        self._nudge("effort", step)

    def _nudge(self, axis: str, step: int) -> None:
        project = self._target()
        if project is None:
            return
        old = getattr(project, axis)
        new = old + step
        if new not in SCORES:
            end = "highest" if step > 0 else "lowest"
            self.notify(f"{AXIS_NAMES[axis]} is already {old}, the {end}", timeout=3)
            return
        try:
            self._write(project, axis, new)
        except MpmError as exc:
            self.notify(str(exc), title="Not changed", severity="error", markup=False)

    def _write(self, project: MatrixProject, axis: str, value: int) -> None:
        """Save one score through the service, then redraw with the project still
        highlighted. On a refusal the matrix is read again and the error raised."""
        latest = self._latest(project)
        try:
            priority.set_priority(self.ctx, project.id, **{axis: value}, version=latest.version)
        except VersionConflict:
            self.load(keep=project.id)
            raise
        self.changed = True
        before = project.quadrant
        self.load(keep=project.id)
        moved = self.matrix.find(project.id)
        if moved is not None and moved[0] != before:
            where = moved[0]
            self.notify(
                f"{project.name} is now in {where.symbol} {where.title}",
                title="Moved",
                timeout=3,
                markup=False,
            )

    def _latest(self, project: MatrixProject) -> MatrixProject:
        """The project as last read (a dialog may outlive a reload)."""
        found = self.matrix.find(project.id)
        if found is None:
            return project
        return self.matrix.quadrants[found[0]][found[1]]

    def action_type_impact(self) -> None:
        self._ask("impact")

    def action_type_effort(self) -> None:
        self._ask("effort")

    def _ask(self, axis: str) -> None:
        project = self._target()
        if project is None:
            return

        def write(text: str) -> None:
            value = text.strip()
            if not value.isdecimal():
                raise ValueError(f"{axis}: give a whole number from 1 to 5 (got {value!r})")
            self._write(project, axis, int(value))

        other = "effort" if axis == "impact" else "impact"
        ask_and_write(
            self,
            f"{AXIS_NAMES[axis]} of {project.name} (1 least – 5 most; "
            f"{other} is {getattr(project, other)})",
            str(getattr(project, axis)),
            write,
            refusal=self.read_only,
            saved=lambda: None,
            hint=f"high is {HIGH_FROM}–5 · enter saves · escape cancels",
        )
