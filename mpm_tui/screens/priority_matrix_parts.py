"""The parts of the priority matrix screen: its keys, and its lines (a project in its
quadrant, the detail line, an empty quadrant) as plain functions from views to
`Content`, user text never as markup."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding, BindingType
from textual.content import Content

from mpm_tui.logic.priority import Quadrant
from mpm_tui.schemas.enums import ProjectStatus
from mpm_tui.screens import short_date
from mpm_tui.services.priority import MatrixProject

MARK = "▸"
"""Beside the highlighted project, so the cursor does not rest on colour alone."""
STATUS_MARKS: dict[ProjectStatus, str] = {
    ProjectStatus.PLANNING: "○",
    ProjectStatus.ACTIVE: "●",
    ProjectStatus.ON_HOLD: "‖",
}
"""The dashboard's status symbols (finished projects are not on the matrix)."""
WIDE_LINE = 64
"""A quadrant this wide lists owner and tasks done in columns beside the names."""
OWNER_WIDTH = 16
END_WIDTH = 18
"""What the end-date column needs (`  ends Jan 18 2027`), added from WIDE_LINE + this."""
Part = str | tuple[str, str]


def project_line(
    project: MatrixProject, marked: bool, width: int = 0, today: date | None = None
) -> Content:
    """One project in its quadrant: mark, status symbol, score, name; then owner,
    tasks done and end date, in columns when the quadrant is `width` cells wide
    enough (WIDE_LINE), else run on and cut with … . User text is never markup."""
    dim = "dim" if project.paused else ""
    head = Content.assemble(
        (MARK if marked else " ", "bold"),
        " ",
        (STATUS_MARKS.get(project.status, "?"), dim),
        (f" {project.impact}×{project.effort} ", dim or "bold"),
    )
    name = Content.assemble((project.name, dim), (" (on hold)" if project.paused else "", "dim"))
    owner = project.owner or ""
    progress = project.progress
    tasks = f"{progress.done}/{progress.total} done" if progress.total else "no tasks"
    if width < WIDE_LINE:
        tail = f" · {owner}" if owner else ""
        return Content.assemble(head, name, (tail, "dim"))
    columns = [f"  {owner[:OWNER_WIDTH]:<{OWNER_WIDTH}}", f"  {tasks:>10}"]
    if width >= WIDE_LINE + END_WIDTH and project.end is not None and today is not None:
        columns.append(f"  ends {short_date(project.end, today)}")
    room = width - head.cell_length - sum(len(c) for c in columns)
    return Content.assemble(
        head, name.truncate(room, ellipsis=True, pad=True), ("".join(columns), "dim")
    )


def detail_line(project: MatrixProject, today: date) -> Content:
    """Everything about the highlighted project, on one (wrapping) line."""
    status = project.status.value.replace("_", " ")
    parts: list[Part] = [
        (project.name, "bold"),
        f" · {STATUS_MARKS.get(project.status, '?')} {status}",
    ]
    if project.paused:
        parts.append(("  (paused: here to decide whether to resume or drop it)", "dim"))
    parts.append(f" · impact {project.impact} × effort {project.effort}")
    parts.append(f" · {project.quadrant.symbol} {project.quadrant.title}")
    if project.owner:
        parts.append(f" · {project.owner}")
    progress = project.progress
    parts.append(
        f" · {progress.done}/{progress.total} tasks done" if progress.total else " · no tasks"
    )
    if project.start or project.end:
        start = short_date(project.start, today) if project.start else "?"
        end = short_date(project.end, today) if project.end else "?"
        parts.append(f" · {start} – {end}")
    return Content.assemble(*parts)


def empty_line(where: Quadrant) -> Content:
    return Content.assemble((f"   none · {where.rule}", "dim italic"))


MATRIX_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Close", id="matrix.close", tooltip="Back to where you were"),
    Binding(
        "shift+up,plus",
        "impact(1)",
        "Impact",
        key_display="⇧↑↓",
        id="matrix.impact_up",
        tooltip="One more impact for the highlighted project (+ does the same)",
    ),
    Binding(
        "shift+down,minus",
        "impact(-1)",
        "Less impact",
        show=False,
        id="matrix.impact_down",
        tooltip="One less impact for the highlighted project (- does the same)",
    ),
    Binding(
        "shift+right,right_square_bracket",
        "effort(1)",
        "Effort",
        key_display="⇧←→",
        id="matrix.effort_up",
        tooltip="One more effort for the highlighted project (] does the same)",
    ),
    Binding(
        "shift+left,left_square_bracket",
        "effort(-1)",
        "Less effort",
        show=False,
        id="matrix.effort_down",
        tooltip="One less effort for the highlighted project ([ does the same)",
    ),
    Binding(
        "i",
        "type_impact",
        "Set impact",
        id="matrix.set_impact",
        tooltip="Type the highlighted project's impact (1–5)",
    ),
    Binding(
        "e",
        "type_effort",
        "Set effort",
        id="matrix.set_effort",
        tooltip="Type the highlighted project's effort (1–5)",
    ),
    Binding(
        "p,enter",
        "open",
        "Open",
        id="matrix.open",
        tooltip="Open the highlighted project: goals, budget, plan, retrospective",
    ),
    Binding("k,up", "vertical(-1)", "Up", show=False, id="matrix.up", tooltip="The project above"),
    Binding(
        "j,down",
        "vertical(1)",
        "Down",
        show=False,
        id="matrix.down",
        tooltip="The project below (past the last: the quadrant below)",
    ),
    Binding(
        "h,left",
        "horizontal(-1)",
        "Left",
        show=False,
        id="matrix.left",
        tooltip="The quadrant on the left (less effort)",
    ),
    Binding(
        "l,right",
        "horizontal(1)",
        "Right",
        show=False,
        id="matrix.right",
        tooltip="The quadrant on the right (more effort)",
    ),
    Binding(
        "tab",
        "cycle(1)",
        "Next quadrant",
        show=False,
        id="matrix.next_quadrant",
        tooltip="The next quadrant: quick wins, major projects, fill-ins, reconsider",
    ),
    Binding(
        "shift+tab",
        "cycle(-1)",
        "Previous quadrant",
        show=False,
        id="matrix.previous_quadrant",
        tooltip="The previous quadrant",
    ),
    Binding(
        "r",
        "reload",
        "Reload",
        show=False,
        id="matrix.reload",
        tooltip="Read the projects again from the database",
    ),
]
"""The matrix's keys: every one with an id (for a keymap) and a tooltip. Shift+arrows
nudge a score the way the axes point; the changing actions are the screen's
`CHANGING_ACTIONS`."""
