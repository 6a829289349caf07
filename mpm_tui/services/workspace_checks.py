"""Reference and rule checks over a parsed workspace document, before any write.

Each failure names the document, the table and its number (counted from 1),
the row id and the field: `backup.toml: [[tasks]] #4 (id 17): owner: no member
'Bob' in this document`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mpm_tui.logic.graph import find_path, nodes_on_cycles
from mpm_tui.schemas import workspace as w
from mpm_tui.services.errors import InvalidInput, RuleViolation


def check_document(document: w.WorkspaceDocument, *, source: str = "document") -> None:
    """Raise InvalidInput / RuleViolation for the first problem found."""
    _Checker(document, source).run()


class _Checker:
    """Reference and rule checks over a parsed document, before any write."""

    def __init__(self, doc: w.WorkspaceDocument, source: str) -> None:
        self.doc = doc
        self.source = source

    def fail(self, section: str, index: int, row_id: int | None, message: str) -> None:
        label = f"[[{section}]] #{index + 1}" + (f" (id {row_id})" if row_id else "")
        raise InvalidInput(f"{self.source}: {label}: {message}")

    def unique(self, section: str, rows: list[Any], key: Callable[[Any], Any], what: str) -> None:
        seen: set[Any] = set()
        for index, row in enumerate(rows):
            value = key(row)
            if value is None:
                continue
            if value in seen:
                self.fail(section, index, getattr(row, "id", None), f"duplicate {what}")
            seen.add(value)

    def ref(
        self, section: str, index: int, row: Any, field: str, known: Iterable[Any], what: str
    ) -> None:
        value = getattr(row, field)
        if value is not None and value not in known:
            self.fail(
                section,
                index,
                getattr(row, "id", None),
                f"{field}: no {what} {value!r} in this document",
            )

    def run(self) -> None:
        d = self.doc
        for section in w.WorkspaceDocument.model_fields:
            rows = getattr(d, section)
            if isinstance(rows, list) and rows and hasattr(rows[0], "id"):
                self.unique(section, rows, lambda r: r.id, "id")
        self.unique("members", d.members, lambda r: r.name.casefold(), "member name")
        self.unique("members", d.members, lambda r: r.handle, "member handle")
        self.unique("boards", d.boards, lambda r: r.name.casefold(), "board name")
        self.unique(
            "columns",
            d.columns,
            lambda r: (r.board, r.name.casefold()),
            "column name on this board",
        )
        self.unique("projects", d.projects, lambda r: r.name.casefold(), "project name")
        self.unique("settings", d.settings, lambda r: r.key, "setting key")
        members = {r.name for r in d.members}
        projects = {r.name for r in d.projects}
        boards = {r.name for r in d.boards}
        columns = {(r.board, r.name) for r in d.columns}
        tasks = {r.id for r in d.tasks}
        kpis = {r.id: r for r in d.kpis}
        retros = {r.id for r in d.retrospectives}
        for i, r in enumerate(d.columns):
            self.ref("columns", i, r, "board", boards, "board")
        for i, b in enumerate(d.boards):
            mine = [c for c in d.columns if c.board == b.name]
            if not mine:
                self.fail("boards", i, b.id, f"board {b.name!r} has no [[columns]]")
            if sum(c.is_done for c in mine) > 1:
                self.fail("boards", i, b.id, f"board {b.name!r} has more than one done column")
        for i, r in enumerate(d.projects):
            self.ref("projects", i, r, "owner", members, "member")
            if r.start and r.end and r.end < r.start:
                self.fail("projects", i, r.id, f"end {r.end} is before start {r.start}")
        for i, t in enumerate(d.tasks):
            self.ref("tasks", i, t, "board", boards, "board")
            if (t.board, t.column) not in columns:
                self.fail("tasks", i, t.id, f"column: board {t.board!r} has no column {t.column!r}")
            self.ref("tasks", i, t, "project", projects, "project")
            self.ref("tasks", i, t, "owner", members, "member")
            self.ref("tasks", i, t, "reviewer", members, "member")
            if t.start and t.due and t.due < t.start:
                self.fail("tasks", i, t.id, f"due {t.due} is before start {t.start}")
            for dep in t.depends_on:
                if dep not in tasks:
                    self.fail("tasks", i, t.id, f"depends_on: no task with id {dep}")
                if dep == t.id:
                    self.fail("tasks", i, t.id, "depends_on: a task cannot depend on itself")
        edges = [(dep, t.id) for t in d.tasks for dep in t.depends_on]
        # One linear pass finds whether there is a cycle at all; only edges
        # between nodes it could not order are searched for the path to name.
        cyclic = nodes_on_cycles(edges)
        edges = [(a, b) for a, b in edges if a in cyclic and b in cyclic]
        for i, t in enumerate(d.tasks if cyclic else ()):
            for dep in t.depends_on:
                if dep not in cyclic or t.id not in cyclic:
                    continue
                if (path := find_path(edges, t.id, dep)) is not None:
                    cycle = " → ".join(f"#{n}" for n in [*path, t.id])
                    self.fail("tasks", i, t.id, f"depends_on: dependency cycle {cycle}")
        self.unique(
            "collaborators",
            d.collaborators,
            lambda r: (r.task, r.member),
            "collaborator for this task",
        )
        for section, field, what, known in (
            ("collaborators", "task", "task", tasks),
            ("collaborators", "member", "member", members),
            ("checklist", "task", "task", tasks),
            ("comments", "task", "task", tasks),
            ("comments", "author", "member", members),
            ("attachments", "task", "task", tasks),
            ("attachments", "added_by", "member", members),
            ("milestones", "project", "project", projects),
            ("kpis", "project", "project", projects),
            ("kpis", "parent", "KPI", kpis),
            ("kpi_entries", "kpi", "KPI", kpis),
            ("budget_lines", "project", "project", projects),
            ("scope_changes", "project", "project", projects),
            ("scope_changes", "approved_by", "member", members),
            ("risks", "project", "project", projects),
            ("risks", "owner", "member", members),
            ("retrospectives", "project", "project", projects),
            ("retro_items", "retrospective", "retrospective", retros),
            ("retro_items", "owner", "member", members),
            ("retro_items", "task", "task", tasks),
            ("retro_kpi_notes", "retrospective", "retrospective", retros),
            ("retro_kpi_notes", "kpi", "KPI", kpis),
            ("time_off", "member", "member", members),
        ):
            for i, row in enumerate(getattr(d, section)):
                self.ref(section, i, row, field, known, what)
        for i, ms in enumerate(d.milestones):
            for dep in ms.depends_on:
                if dep not in tasks:
                    self.fail("milestones", i, ms.id, f"depends_on: no task with id {dep}")
        for i, sc in enumerate(d.scope_changes):
            for dep in sc.cut_tasks:
                if dep not in tasks:
                    self.fail("scope_changes", i, sc.id, f"cut_tasks: no task with id {dep}")
        for i, k in enumerate(d.kpis):
            if k.parent is not None and kpis[k.parent].project != k.project:
                self.fail("kpis", i, k.id, "parent: the parent KPI belongs to another project")
            if k.parent == k.id:
                self.fail("kpis", i, k.id, "parent: a KPI cannot feed itself")
        self.unique("kpis", d.kpis, lambda r: (r.project, r.name), "KPI name in this project")
        self.unique("kpi_entries", d.kpi_entries, lambda r: (r.kpi, r.date), "KPI entry date")
        self.unique(
            "budget_lines",
            d.budget_lines,
            lambda r: (r.project, r.channel),
            "budget channel in this project",
        )
        self.unique("holidays", d.holidays, lambda r: r.date, "holiday date")
        self.unique(
            "retrospectives",
            d.retrospectives,
            lambda r: r.project if r.kind == "final" else None,
            "final retrospective for this project",
        )
        for i, off in enumerate(d.time_off):
            if off.end < off.start:
                self.fail("time_off", i, off.id, f"end {off.end} is before start {off.start}")
        complete = {
            r.project for r in d.retrospectives if r.kind == "final" and r.status == "complete"
        }
        for i, p in enumerate(d.projects):
            if p.status == "done" and p.name not in complete:
                raise RuleViolation(
                    f"{self.source}: [[projects]] #{i + 1} (id {p.id}): project {p.name!r} is "
                    "done but has no complete final retrospective (a project cannot be closed "
                    "without one)"
                )
