"""Import a workspace document into an empty workspace, all-or-nothing.

The whole document is validated first (types with Pydantic, then every
reference and rule: names resolve, ids are unique, no dependency cycle, no
project done without a complete retrospective), then written in one
transaction keeping the document's ids. The activity log is restored as it
was: an import is the restoration of a workspace, history included.
WIP limits are not re-checked: they guard moves, and a column legitimately
over its limit (after a limit was lowered) must survive a round trip.
"""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from peewee import Model, PostgresqlDatabase
from pydantic import ValidationError

from mpm_tui.db import models as m
from mpm_tui.db.database import db
from mpm_tui.schemas import workspace as w
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import describe_validation_error
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, RuleViolation
from mpm_tui.services.workspace_checks import check_document


def _loc(loc: tuple[Any, ...], document: dict[str, Any]) -> str:
    """('tasks', 3, 'due') → '[[tasks]] #4 (id 17): due' (tables counted from 1)."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        section, index, *rest = loc
        label = f"[[{section}]] #{index + 1}"
        try:
            row_id = document[section][index].get("id")
        except (KeyError, IndexError, AttributeError, TypeError):
            row_id = None
        if row_id is not None:
            label += f" (id {row_id})"
        return label + (": " + ".".join(str(p) for p in rest) if rest else "")
    return ".".join(str(p) for p in loc)


def parse_document(text: str, *, source: str = "document") -> w.WorkspaceDocument:
    """Parse and type-check a workspace document; InvalidInput names file and field."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{source}: not valid TOML: {exc}") from None
    if raw.get("format") != w.FORMAT:
        got = raw.get("format")
        raise InvalidInput(
            f'{source}: format: expected "{w.FORMAT}"'
            + (f" (got {got!r})" if got else " (the key is missing)")
        )
    if raw.get("version") != w.VERSION:
        raise InvalidInput(
            f"{source}: version: this mpm reads version {w.VERSION} (got {raw.get('version')!r})"
        )
    try:
        return w.WorkspaceDocument.model_validate(raw)
    except ValidationError as exc:
        message = describe_validation_error(exc, where=source, locate=lambda loc: _loc(loc, raw))
        raise InvalidInput(message) from None


@dataclass(frozen=True)
class ImportSummary:
    counts: dict[str, int]

    def describe(self) -> str:
        shown = [f"{n} {k.replace('_', ' ')}" for k, n in self.counts.items() if n]
        return "imported " + (", ".join(shown) if shown else "an empty workspace")


def workspace_is_empty() -> bool:
    return not any(
        model.select().exists() for model in (m.Member, m.Board, m.Project, m.Task, m.Activity)
    )


def import_document(
    ctx: ServiceContext, document: w.WorkspaceDocument, *, source: str = "document"
) -> ImportSummary:
    """Load a whole document into an empty workspace, all-or-nothing."""
    ctx.require(Role.ADMIN, "import a workspace")
    check_document(document, source=source)
    with db.atomic():
        if not workspace_is_empty():
            raise RuleViolation(
                f"{source}: the target workspace is not empty: import into a new database "
                "file (`mpm --db NEW.db import FILE`)"
            )
        counts = _write(ctx, document)
    return ImportSummary(counts)


def _insert(model: type[Model], rows: list[dict[str, Any]]) -> int:
    for start in range(0, len(rows), 200):
        model.insert_many(rows[start : start + 200]).execute()
    return len(rows)


def _renumber(rows: list[Any], group: Callable[[Any], Any]) -> dict[int, int]:
    """Positions per group: the given ones when every row has one and none repeats
    (gapped order keys survive a round trip), else 0..n-1 in the given order (rows
    without a position last, in document order)."""
    buckets: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        buckets[group(row)].append(row)
    result: dict[int, int] = {}
    for items in buckets.values():
        given = [row.position for row in items]
        if None not in given and len(set(given)) == len(given):
            result.update({row.id: row.position for row in items})
            continue
        ordered = sorted(
            enumerate(items),
            key=lambda pair: (pair[1].position is None, pair[1].position or 0, pair[0]),
        )
        result.update({row.id: new for new, (_, row) in enumerate(ordered)})
    return result


def _write(ctx: ServiceContext, d: w.WorkspaceDocument) -> dict[str, int]:
    now = ctx.now()
    counts: Counter[str] = Counter()
    counts["settings"] = _insert(m.Setting, [r.model_dump() for r in d.settings])
    counts["members"] = _insert(
        m.Member,
        [
            {**r.model_dump(), "role": r.role.value, "created_at": r.created_at or now}
            for r in d.members
        ],
    )
    member_id = {r.name: r.id for r in d.members}
    counts["boards"] = _insert(
        m.Board, [{**r.model_dump(), "created_at": r.created_at or now} for r in d.boards]
    )
    board_id = {r.name: r.id for r in d.boards}
    column_pos = _renumber(d.columns, lambda r: r.board)
    counts["columns"] = _insert(
        m.BoardColumn,
        [
            {
                **r.model_dump(exclude={"board"}),
                "board": board_id[r.board],
                "position": column_pos[r.id],
            }
            for r in d.columns
        ],
    )
    column_id = {(r.board, r.name): r.id for r in d.columns}
    counts["projects"] = _insert(
        m.Project,
        [
            {
                **r.model_dump(exclude={"owner", "channels"}),
                "status": r.status.value,
                "owner": member_id.get(r.owner or ""),
                "channels": ",".join(r.channels),
                "created_at": r.created_at or now,
            }
            for r in d.projects
        ],
    )
    project_id = {r.name: r.id for r in d.projects}
    open_tasks = [t for t in d.tasks if t.cancelled_at is None]
    task_pos = _renumber(open_tasks, lambda t: (t.board, t.column))
    counts["tasks"] = _insert(
        m.Task,
        [
            {
                **t.model_dump(
                    exclude={"project", "board", "column", "owner", "reviewer", "depends_on"}
                ),
                "project": project_id.get(t.project or ""),
                "column": column_id[(t.board, t.column)],
                "position": task_pos.get(t.id, t.position or 0),
                "owner": member_id.get(t.owner or ""),
                "reviewer": member_id.get(t.reviewer or ""),
                "priority": t.priority.value,
                "entered_column_at": t.entered_column_at or now,
                "created_at": t.created_at or now,
                "updated_at": t.updated_at or t.created_at or now,
            }
            for t in d.tasks
        ],
    )
    counts["dependencies"] = _insert(
        m.Dependency,
        [{"predecessor": dep, "successor": t.id} for t in d.tasks for dep in t.depends_on],
    )
    counts["collaborators"] = _insert(
        m.TaskCollaborator,
        [
            {"task": r.task, "member": member_id[r.member], "role": r.role.value}
            for r in d.collaborators
        ],
    )
    counts["checklist"] = _insert(m.ChecklistItem, [r.model_dump() for r in d.checklist])
    counts["comments"] = _insert(
        m.Comment,
        [
            {**r.model_dump(exclude={"author"}), "author": member_id.get(r.author or "")}
            for r in d.comments
        ],
    )
    counts["attachments"] = _insert(
        m.Attachment,
        [
            {**r.model_dump(exclude={"added_by"}), "added_by": member_id.get(r.added_by or "")}
            for r in d.attachments
        ],
    )
    counts["milestones"] = _insert(
        m.Milestone,
        [
            {**r.model_dump(exclude={"project", "depends_on"}), "project": project_id[r.project]}
            for r in d.milestones
        ],
    )
    _insert(
        m.MilestoneDependency,
        [{"milestone": r.id, "task": dep} for r in d.milestones for dep in r.depends_on],
    )
    # Parents are linked after every KPI exists: a parent may have a higher id.
    counts["kpis"] = _insert(
        m.Kpi,
        [
            {
                **r.model_dump(exclude={"project", "parent"}),
                "project": project_id[r.project],
                "parent": None,
            }
            for r in d.kpis
        ],
    )
    for r in d.kpis:
        if r.parent is not None:
            m.Kpi.update(parent=r.parent).where(m.Kpi.id == r.id).execute()
    counts["kpi_entries"] = _insert(m.KpiEntry, [r.model_dump() for r in d.kpi_entries])
    counts["budget_lines"] = _insert(
        m.BudgetLine,
        [
            {**r.model_dump(exclude={"project"}), "project": project_id[r.project]}
            for r in d.budget_lines
        ],
    )
    counts["scope_changes"] = _insert(
        m.ScopeChange,
        [
            {
                **r.model_dump(exclude={"project", "cut_tasks", "approved_by"}),
                "project": project_id[r.project],
                "status": r.status.value,
                "tradeoff": r.tradeoff.value if r.tradeoff else None,
                "cut_task_ids": ",".join(str(t) for t in r.cut_tasks),
                "approved_by": member_id.get(r.approved_by or ""),
                "created_at": r.created_at or now,
            }
            for r in d.scope_changes
        ],
    )
    counts["risks"] = _insert(
        m.Risk,
        [
            {
                **r.model_dump(exclude={"project", "owner"}),
                "project": project_id[r.project],
                "status": r.status.value,
                "owner": member_id.get(r.owner or ""),
                "created_at": r.created_at or now,
            }
            for r in d.risks
        ],
    )
    counts["retrospectives"] = _insert(
        m.Retrospective,
        [
            {
                **r.model_dump(exclude={"project", "participants"}),
                "project": project_id[r.project],
                "kind": r.kind.value,
                "status": r.status.value,
                "participants": ", ".join(r.participants),
                "created_at": r.created_at or now,
            }
            for r in d.retrospectives
        ],
    )
    counts["retro_items"] = _insert(
        m.RetroItem,
        [
            {
                **r.model_dump(exclude={"owner"}),
                "section": r.section.value,
                "owner": member_id.get(r.owner or ""),
            }
            for r in d.retro_items
        ],
    )
    _insert(m.RetroKpiNote, [r.model_dump() for r in d.retro_kpi_notes])
    counts["holidays"] = _insert(m.Holiday, [r.model_dump() for r in d.holidays])
    counts["time_off"] = _insert(
        m.TimeOff,
        [{**r.model_dump(exclude={"member"}), "member": member_id[r.member]} for r in d.time_off],
    )
    counts["activity"] = _insert(
        m.Activity,
        [
            {
                **r.model_dump(exclude={"actor"}),
                "actor_name": r.actor,
                "actor": member_id.get(r.actor),
            }
            for r in d.activity
        ],
    )
    _reset_sequences()
    return dict(counts)


def _reset_sequences() -> None:
    """PostgreSQL serials do not advance on explicit ids: move them past the max."""
    database = db.obj
    if not isinstance(database, PostgresqlDatabase):
        return
    for model in m.DOMAIN_MODELS:
        pk = model._meta.primary_key
        if pk is None or pk.field_type != "AUTO":
            continue
        table = model._meta.table_name
        database.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
        )
