"""Export a whole workspace as one TOML document (format "mpm-workspace", version 1).

One query per table; rows in id order; keys in the schema's order; absent
values left out (TOML has no null). Import (`workspace_import`) reads the same
document back, so export → import → export gives the identical text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import tomli_w
from peewee import Model

from mpm_tui.db import models as m
from mpm_tui.schemas import workspace as w


def _names(model: type[Model]) -> dict[int, str]:
    return {row_id: name for row_id, name in model.select(model.id, model.name).tuples()}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def export_document() -> w.WorkspaceDocument:
    """The whole workspace as a validated document (one query per table)."""
    members = _names(m.Member)
    projects = _names(m.Project)
    boards = _names(m.Board)
    columns = {c.id: c for c in m.BoardColumn.select()}
    depends: dict[int, list[int]] = defaultdict(list)
    for pred, succ in m.Dependency.select(
        m.Dependency.predecessor, m.Dependency.successor
    ).tuples():
        depends[succ].append(pred)
    milestone_tasks: dict[int, list[int]] = defaultdict(list)
    for ms, task in m.MilestoneDependency.select(
        m.MilestoneDependency.milestone, m.MilestoneDependency.task
    ).tuples():
        milestone_tasks[ms].append(task)

    def name(table: dict[int, str], key: int | None) -> str | None:
        return None if key is None else table.get(key)

    def rows(model: type[Model]) -> Iterable[Any]:
        return model.select().order_by(model._meta.primary_key)

    return w.WorkspaceDocument(
        format=w.FORMAT,
        version=w.VERSION,
        settings=[w.SettingRow(key=r.key, value=r.value) for r in rows(m.Setting)],
        members=[
            w.MemberRow(
                id=r.id,
                name=r.name,
                handle=r.handle,
                email=r.email,
                role=r.role,
                capacity_days=r.capacity_days,
                is_external=r.is_external,
                organisation=r.organisation,
                active=r.active,
                created_at=r.created_at,
            )
            for r in rows(m.Member)
        ],
        boards=[
            w.BoardRow(
                id=r.id,
                name=r.name,
                description=r.description,
                position=r.position,
                created_at=r.created_at,
            )
            for r in rows(m.Board)
        ],
        columns=[
            w.ColumnRow(
                id=c.id,
                board=boards[c.board_id],
                name=c.name,
                position=c.position,
                wip_limit=c.wip_limit,
                person_limit=c.person_limit,
                is_done=c.is_done,
                is_review=c.is_review,
            )
            for c in sorted(columns.values(), key=lambda c: c.id)
        ],
        projects=[
            w.ProjectRow(
                id=r.id,
                name=r.name,
                description=r.description,
                objective=r.objective,
                target_market=r.target_market,
                channels=_split(r.channels),
                kind=r.kind,
                owner=name(members, r.owner_id),
                start=r.start,
                end=r.end,
                status=r.status,
                impact=r.impact,
                effort=r.effort,
                created_at=r.created_at,
                version=r.version,
            )
            for r in rows(m.Project)
        ],
        tasks=[
            w.TaskRow(
                id=r.id,
                title=r.title,
                project=name(projects, r.project_id),
                board=boards[columns[r.column_id].board_id],
                column=columns[r.column_id].name,
                position=r.position,
                owner=name(members, r.owner_id),
                reviewer=name(members, r.reviewer_id),
                channel=r.channel,
                estimate_days=r.estimate_days,
                start=r.start,
                due=r.due,
                priority=r.priority,
                blocked=r.blocked,
                blocked_reason=r.blocked_reason,
                description=r.description,
                depends_on=sorted(depends.get(r.id, [])),
                entered_column_at=r.entered_column_at,
                created_at=r.created_at,
                updated_at=r.updated_at,
                completed_at=r.completed_at,
                cancelled_at=r.cancelled_at,
                version=r.version,
            )
            for r in rows(m.Task)
        ],
        collaborators=[
            w.CollaboratorRow(task=r.task_id, member=members[r.member_id], role=r.role)
            for r in m.TaskCollaborator.select().order_by(
                m.TaskCollaborator.task, m.TaskCollaborator.id
            )
        ],
        checklist=[
            w.ChecklistRow(id=r.id, task=r.task_id, text=r.text, done=r.done, position=r.position)
            for r in rows(m.ChecklistItem)
        ],
        comments=[
            w.CommentRow(
                id=r.id,
                task=r.task_id,
                author=name(members, r.author_id),
                body=r.body,
                created_at=r.created_at,
            )
            for r in rows(m.Comment)
        ],
        attachments=[
            w.AttachmentRow(
                id=r.id,
                task=r.task_id,
                target=r.target,
                label=r.label,
                added_by=name(members, r.added_by_id),
                created_at=r.created_at,
            )
            for r in rows(m.Attachment)
        ],
        milestones=[
            w.MilestoneRow(
                id=r.id,
                project=projects[r.project_id],
                name=r.name,
                date=r.date,
                kind=r.kind,
                reached_at=r.reached_at,
                depends_on=sorted(milestone_tasks.get(r.id, [])),
            )
            for r in rows(m.Milestone)
        ],
        kpis=[
            w.KpiRow(
                id=r.id,
                project=projects[r.project_id],
                name=r.name,
                stage=r.stage,
                is_kgi=r.is_kgi,
                parent=r.parent_id,
                conversion_rate=r.conversion_rate,
                unit=r.unit,
                target=r.target,
                actual=r.actual,
                position=r.position,
            )
            for r in rows(m.Kpi)
        ],
        kpi_entries=[
            w.KpiEntryRow(id=r.id, kpi=r.kpi_id, date=r.date, value=r.value)
            for r in rows(m.KpiEntry)
        ],
        budget_lines=[
            w.BudgetLineRow(
                id=r.id,
                project=projects[r.project_id],
                channel=r.channel,
                planned=r.planned,
                spent=r.spent,
                note=r.note,
            )
            for r in rows(m.BudgetLine)
        ],
        scope_changes=[
            w.ScopeChangeRow(
                id=r.id,
                project=projects[r.project_id],
                description=r.description,
                requested_by=r.requested_by,
                requested_on=r.requested_on,
                status=r.status,
                tradeoff=r.tradeoff,
                extend_days=r.extend_days,
                cut_tasks=[int(x) for x in _split(r.cut_task_ids)],
                budget_channel=r.budget_channel,
                budget_amount=r.budget_amount,
                approved_by=name(members, r.approved_by_id),
                decided_at=r.decided_at,
                created_at=r.created_at,
            )
            for r in rows(m.ScopeChange)
        ],
        risks=[
            w.RiskRow(
                id=r.id,
                project=projects[r.project_id],
                description=r.description,
                probability=r.probability,
                impact=r.impact,
                response=r.response,
                owner=name(members, r.owner_id),
                status=r.status,
                created_at=r.created_at,
            )
            for r in rows(m.Risk)
        ],
        retrospectives=[
            w.RetrospectiveRow(
                id=r.id,
                project=projects[r.project_id],
                kind=r.kind,
                held_on=r.held_on,
                participants=_split(r.participants),
                status=r.status,
                completed_at=r.completed_at,
                created_at=r.created_at,
                version=r.version,
            )
            for r in rows(m.Retrospective)
        ],
        retro_items=[
            w.RetroItemRow(
                id=r.id,
                retrospective=r.retrospective_id,
                section=r.section,
                text=r.text,
                position=r.position,
                owner=name(members, r.owner_id),
                task=r.task_id,
            )
            for r in rows(m.RetroItem)
        ],
        retro_kpi_notes=[
            w.RetroKpiNoteRow(id=r.id, retrospective=r.retrospective_id, kpi=r.kpi_id, note=r.note)
            for r in rows(m.RetroKpiNote)
        ],
        holidays=[w.HolidayRow(id=r.id, date=r.date, name=r.name) for r in rows(m.Holiday)],
        time_off=[
            w.TimeOffRow(
                id=r.id, member=members[r.member_id], start=r.start, end=r.end, note=r.note
            )
            for r in rows(m.TimeOff)
        ],
        activity=[
            w.ActivityRow(
                id=r.id,
                at=r.at,
                actor=r.actor_name,
                entity=r.entity,
                entity_id=r.entity_id,
                action=r.action,
                summary=r.summary,
                before=r.before,
                after=r.after,
            )
            for r in rows(m.Activity)
        ],
    )


def dump_toml(document: w.WorkspaceDocument) -> str:
    """The document as TOML text: keys in schema order, absent values left out.

    Every row is written as its own `[[section]]` table (tomli-w alone would
    inline short ones), so the file reads and diffs the same whatever its size.
    """
    data = document.model_dump(mode="python", exclude_none=True)
    header = {key: value for key, value in data.items() if not isinstance(value, list)}
    parts = [tomli_w.dumps(header)]
    for section, rows in data.items():
        if isinstance(rows, list):
            parts.extend(f"\n[[{section}]]\n" + tomli_w.dumps(_plain(row)) for row in rows)
    return "".join(parts)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Enums as their text value (tomli-w writes only plain types)."""
    return {k: (v.value if hasattr(v, "value") else v) for k, v in row.items()}


def export_toml() -> str:
    return dump_toml(export_document())
