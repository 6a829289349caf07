"""`mpm matrix` and `mpm project set`: the priority matrix from the shell.

`mpm matrix` prints the projects in play (not done or cancelled; on-hold ones
marked) quadrant by quadrant, quick wins first, each best first — the same
`services.priority` read the matrix screen shows. Formats: aligned tables,
GitHub Markdown, JSON. `mpm project set NAME --impact N --effort N` scores a
project through `services.priority.set_priority`, as the screen does: a
viewer is refused, a score outside 1–5 is refused naming the field.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from mpm_tui.cli import output
from mpm_tui.logic.priority import HIGH_FROM, Quadrant, quadrant
from mpm_tui.services import priority, projects
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput
from mpm_tui.services.priority import MatrixProject, PriorityMatrix

HEADERS = ("impact×effort", "project", "status", "owner", "tasks done")
LEGEND = (
    f"impact×effort: each scored 1–5, high is {HIGH_FROM}–5. "
    "Unfinished projects only; on-hold ones are marked."
)


def _status(project: MatrixProject) -> str:
    return project.status.value.replace("_", " ")


def _row(project: MatrixProject) -> list[Any]:
    progress = project.progress
    return [
        f"{project.impact}×{project.effort}",
        project.name,
        _status(project),
        project.owner,
        f"{progress.done}/{progress.total}" if progress.total else None,
    ]


def _heading(where: Quadrant, count: int) -> str:
    return f"{where.symbol} {where.title} · {count} — {where.rule} — {where.advice}"


def matrix_table(matrix: PriorityMatrix) -> str:
    parts = []
    for where, members in matrix.quadrants.items():
        rows = [_row(p) for p in members]
        widths = {"project": 40, "owner": 20}
        parts.append(_heading(where, len(members)) + "\n" + output.table(HEADERS, rows, widths))
    return "\n\n".join([*parts, LEGEND])


def _md(value: Any) -> str:
    return output.cell(value).replace("\\", "\\\\").replace("|", "\\|")


def matrix_markdown(matrix: PriorityMatrix) -> str:
    lines = ["# Priority matrix", ""]
    for where, members in matrix.quadrants.items():
        lines += [f"## {where.symbol} {where.title} ({len(members)})", ""]
        lines += [f"{where.rule} — {where.advice}.", ""]
        if not members:
            lines += ["None.", ""]
            continue
        lines.append("| " + " | ".join(HEADERS) + " |")
        lines.append("|" + "|".join(" --- " for _ in HEADERS) + "|")
        lines += ["| " + " | ".join(_md(c) for c in _row(p)) + " |" for p in members]
        lines.append("")
    lines.append(LEGEND)
    return "\n".join(lines)


def matrix_document(matrix: PriorityMatrix) -> dict[str, Any]:
    return {
        "high_from": HIGH_FROM,
        "quadrants": [
            {
                "quadrant": where.name.lower(),
                "title": where.title,
                "rule": where.rule,
                "projects": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "impact": p.impact,
                        "effort": p.effort,
                        "status": p.status.value,
                        "owner": p.owner,
                        "start": p.start,
                        "end": p.end,
                        "tasks_done": p.progress.done,
                        "tasks": p.progress.total,
                        "version": p.version,
                    }
                    for p in members
                ],
            }
            for where, members in matrix.quadrants.items()
        ],
    }


def cmd_matrix(ctx: ServiceContext, args: argparse.Namespace) -> int:
    matrix = priority.priority_matrix(ctx.today())
    if args.format == "json":
        text = output.to_json(matrix_document(matrix))
    elif args.format == "md":
        text = matrix_markdown(matrix)
    else:
        text = matrix_table(matrix)
    print(text, end="" if text.endswith("\n") else "\n")
    return 0


def _score(text: str | None) -> int | str | None:
    """`--impact 4` as the number 4 (so a refusal says `got 6`, not `got '6'`); other
    text goes to the service as typed, which refuses it naming the field."""
    if text is not None and text.strip().lstrip("-").isdecimal():
        return int(text)
    return text


def cmd_project_set(ctx: ServiceContext, args: argparse.Namespace) -> int:
    if args.impact is None and args.effort is None:
        raise InvalidInput("project set: give what to change: --impact N, --effort N (each 1–5)")
    project = projects.get_project(args.name)
    view = priority.set_priority(
        ctx,
        project.id,
        impact=_score(args.impact),  # type: ignore[arg-type]  # the service checks it
        effort=_score(args.effort),  # type: ignore[arg-type]
    )
    where = quadrant(view.impact, view.effort)
    print(
        f"project {view.name!r}: impact {view.impact} × effort {view.effort} "
        f"({where.symbol} {where.title})"
    )
    return 0


Handler = Callable[[ServiceContext, argparse.Namespace], int]

HANDLERS: dict[tuple[str, str | None], Handler] = {
    ("matrix", None): cmd_matrix,
    ("project", "set"): cmd_project_set,
}
