"""Retrospectives: what went well, what did not, improvements, actions.

The editor's writes each run in one transaction, need the editor role, are
recorded in the activity log under the retrospective, and bump its `version`
(pass `expected_version` to refuse a stale edit). A complete retrospective is
the record that allows a project to close, so its content is frozen until it
is reopened; reopening is refused while the project is done.

Searching past retrospectives and exporting one as Markdown only read, and live
in `services.retro_library`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import EllipsisType
from typing import Any

from peewee import JOIN, Case

from mpm_tui.db.database import db
from mpm_tui.db.models import Kpi, Member, Project, RetroItem, RetroKpiNote, Retrospective, Task
from mpm_tui.schemas.enums import (
    FINISHED_STATUSES,
    ProjectStatus,
    RetroKind,
    RetroSection,
    RetroStatus,
    Role,
)
from mpm_tui.schemas.inputs import RetroItemIn, RetrospectiveIn, parse
from mpm_tui.schemas.retro import RetroItemView, RetroKpiRow, RetroView
from mpm_tui.services import activity, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, RuleViolation
from mpm_tui.services.lookups import member_named, optional_member, project_named

SECTION_TITLES: dict[RetroSection, str] = {
    RetroSection.WENT_WELL: "What went well",
    RetroSection.WENT_BADLY: "What did not go well",
    RetroSection.IMPROVEMENT: "Improvements for next time",
    RetroSection.ACTION: "Action items",
}
"""The sections in the order the editor, the export and the view list them."""

REQUIRED_SECTIONS = (RetroSection.WENT_WELL, RetroSection.WENT_BADLY, RetroSection.IMPROVEMENT)
"""A retrospective is complete only with something in each of these."""

NOTE_LIMIT = 5000
"""Longest root-cause note, in characters (as long as an item)."""

_SECTION_ORDER = {section: index for index, section in enumerate(SECTION_TITLES)}


def kind_label(kind: RetroKind | str) -> str:
    """`final retrospective` or `mid-point retrospective`, for messages and titles."""
    return (
        "final retrospective" if RetroKind(kind) is RetroKind.FINAL else "mid-point retrospective"
    )


def _participant_names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _members(names: Sequence[str] | str) -> tuple[str, ...]:
    """Participants as members' own names, each once, in the order given; an
    unknown name is refused with a suggestion."""
    if isinstance(names, str):
        names = names.split(",")
    found: dict[int, str] = {}
    for name in names:
        if name.strip():
            member = member_named(name)
            found.setdefault(member.id, member.name)
    return tuple(found.values())


# --- reading ----------------------------------------------------------------------------


def _load(where: Any) -> RetroView | None:
    """The newest retrospective matching `where`, whole: three queries."""
    row = (
        Retrospective.select(Retrospective, Project)
        .join(Project)
        .where(where)
        .order_by(Retrospective.held_on.desc(nulls="LAST"), Retrospective.id.desc())
        .first()
    )
    if row is None:
        return None
    items = item_views([row.id])
    kpis = _kpi_rows(row.id, row.project.id)
    return RetroView(
        id=row.id,
        project=row.project.name,
        project_id=row.project.id,
        kind=RetroKind(row.kind),
        status=RetroStatus(row.status),
        held_on=row.held_on,
        participants=_participant_names(row.participants),
        items=tuple(items.get(row.id, ())),
        kpis=kpis,
        completed_at=row.completed_at,
        version=row.version,
    )


def item_views(retro_ids: Sequence[int]) -> dict[int, list[RetroItemView]]:
    """The items of these retrospectives, by section then position: one query
    (the editor's view and the library's search both read items through it)."""
    if not retro_ids:
        return {}
    task_project = Project.alias("task_project")
    query = (
        RetroItem.select(
            RetroItem.retrospective,
            RetroItem.id,
            RetroItem.section,
            RetroItem.text,
            RetroItem.position,
            Member.name,
            RetroItem.task,
            task_project.name,
        )
        .join(Member, JOIN.LEFT_OUTER, on=(RetroItem.owner == Member.id))
        .switch(RetroItem)
        .join(Task, JOIN.LEFT_OUTER, on=(RetroItem.task == Task.id))
        .join(task_project, JOIN.LEFT_OUTER, on=(Task.project == task_project.id))
        .where(RetroItem.retrospective.in_(list(retro_ids)))
        .order_by(RetroItem.position, RetroItem.id)
        .tuples()
    )
    views: dict[int, list[RetroItemView]] = {}
    for retro_id, item_id, section, text, position, owner, task_id, project in query:
        views.setdefault(retro_id, []).append(
            RetroItemView(
                id=item_id,
                section=RetroSection(section),
                text=text,
                position=position,
                owner=owner,
                task_id=task_id,
                task_project=project if task_id is not None else None,
            )
        )
    for found in views.values():
        found.sort(key=lambda item: _SECTION_ORDER[item.section])  # stable: positions kept
    return views


def _kpi_rows(retro_id: int, project_id: int) -> tuple[RetroKpiRow, ...]:
    """Every KPI of the project in funnel (position) order, with this
    retrospective's root-cause note: one query."""
    query = (
        Kpi.select(Kpi.id, Kpi.name, Kpi.unit, Kpi.target, Kpi.actual, RetroKpiNote.note)
        .join(
            RetroKpiNote,
            JOIN.LEFT_OUTER,
            on=((RetroKpiNote.kpi == Kpi.id) & (RetroKpiNote.retrospective == retro_id)),
        )
        .where(Kpi.project == project_id)
        .order_by(Kpi.position, Kpi.id)
        .tuples()
    )
    return tuple(
        RetroKpiRow(
            kpi_id=kpi_id, name=name, unit=unit, target=target, actual=actual, note=note or ""
        )
        for kpi_id, name, unit, target, actual, note in query
    )


def get_retrospective(retro_id: int) -> RetroView:
    """One retrospective with its items and the project's KPIs: three queries."""
    found = _load(Retrospective.id == retro_id)
    if found is None:
        raise NotFound(f"no retrospective with id {retro_id}")
    return found


def retrospective_of(project: str, kind: RetroKind | str = RetroKind.FINAL) -> RetroView | None:
    """The project's final retrospective (or its newest mid-point one), None when
    there is none yet."""
    project_row = project_named(project)
    return _load(
        (Retrospective.project == project_row.id) & (Retrospective.kind == RetroKind(kind))
    )


def ensure_retrospective(
    ctx: ServiceContext, project: str, kind: RetroKind | str = RetroKind.FINAL
) -> RetroView:
    """The retrospective the editor opens on, creating an empty draft when the
    project has none (which needs the editor role; reading does not)."""
    with db.atomic():
        found = retrospective_of(project, kind)
        if found is not None:
            return found
        retro_id = create_retrospective(ctx, project, {"kind": RetroKind(kind)})
    return get_retrospective(retro_id)


# --- writing ----------------------------------------------------------------------------


def create_retrospective(
    ctx: ServiceContext, project: str, data: RetrospectiveIn | dict[str, Any]
) -> int:
    """Start a retrospective (one final per project) with its first items."""
    spec = parse(RetrospectiveIn, data, where="retrospective")
    with db.atomic():
        ctx.require(Role.EDITOR, "write retrospectives")
        project_row = project_named(project)
        if (
            spec.kind.value == "final"
            and Retrospective.select()
            .where((Retrospective.project == project_row) & (Retrospective.kind == "final"))
            .exists()
        ):
            raise InvalidInput(f"project {project_row.name!r} already has a final retrospective")
        row = Retrospective.create(
            project=project_row,
            kind=spec.kind.value,
            held_on=spec.held_on,
            participants=", ".join(spec.participants),
            created_at=ctx.now(),
        )
        positions: dict[str, int] = {}
        for item in spec.items:
            position = positions.get(item.section.value, 0)
            positions[item.section.value] = position + 1
            RetroItem.create(
                retrospective=row,
                section=item.section.value,
                text=item.text,
                position=position,
                owner=optional_member(item.owner),
            )
        activity.record(
            ctx,
            "retrospective",
            row.id,
            "create",
            f"{spec.kind.value} retrospective for {project_row.name}",
            after=spec.model_dump(mode="json"),
        )
    return row.id


def _retro_row(retro_id: int) -> Retrospective:
    """The retrospective with its project (one query)."""
    row = (
        Retrospective.select(Retrospective, Project)
        .join(Project)
        .where(Retrospective.id == retro_id)
        .get_or_none()
    )
    if row is None:
        raise NotFound(f"no retrospective with id {retro_id}")
    return row


def _item_row(item_id: int) -> RetroItem:
    """The item with its retrospective and project (one query)."""
    row = (
        RetroItem.select(RetroItem, Retrospective, Project)
        .join(Retrospective)
        .join(Project)
        .where(RetroItem.id == item_id)
        .get_or_none()
    )
    if row is None:
        raise NotFound(f"no retrospective item with id {item_id}")
    return row


def _check_draft(row: Retrospective) -> None:
    """A complete retrospective is the record that let the project close: frozen."""
    if row.status == RetroStatus.COMPLETE.value:
        raise RuleViolation(
            f"the {kind_label(row.kind)} of {row.project.name!r} is complete: "
            "reopen it to change it"
        )


def _editable(row: Retrospective, expected_version: int | None) -> None:
    activity.check_version("retrospective", row, expected_version)
    _check_draft(row)


def _bump(row: Retrospective) -> None:
    row.version += 1
    row.save(only=[Retrospective.version])


def _record(
    ctx: ServiceContext, row: Retrospective, action: str, summary: str, **values: Any
) -> None:
    activity.record(
        ctx,
        "retrospective",
        row.id,
        action,
        f"retrospective of {row.project.name}: {summary}",
        **values,
    )


def _item_view(item: RetroItem, owner: Member | None) -> RetroItemView:
    return RetroItemView(
        id=item.id,
        section=RetroSection(item.section),
        text=item.text,
        position=item.position,
        owner=owner.name if owner is not None else None,
        task_id=item.task_id,
        task_project=_task_project(item.task_id),
    )


def _task_project(task_id: int | None) -> str | None:
    """The project of the task an action item became (a query only when there is one)."""
    if task_id is None:
        return None
    return (
        Project.select(Project.name)
        .join(Task, on=(Task.project == Project.id))
        .where(Task.id == task_id)
        .scalar()
    )


def _owner_for(section: RetroSection, owner: str | None) -> Member | None:
    member = optional_member(owner)
    if member is not None and section is not RetroSection.ACTION:
        raise InvalidInput("retro item: owner: only action items have an owner")
    return member


def _section_ids(item: RetroItem) -> list[int]:
    """The ids of the item's section, in order (the item included)."""
    return [
        row.id
        for row in RetroItem.select(RetroItem.id)
        .where(
            (RetroItem.retrospective == item.retrospective_id) & (RetroItem.section == item.section)
        )
        .order_by(RetroItem.position, RetroItem.id)
    ]


def _renumber(ids: list[int]) -> None:
    """Positions 0, 1, 2… in the given order: one UPDATE."""
    if ids:
        RetroItem.update(
            position=Case(RetroItem.id, [(item_id, index) for index, item_id in enumerate(ids)])
        ).where(RetroItem.id.in_(ids)).execute()


def add_item(
    ctx: ServiceContext,
    retro_id: int,
    section: RetroSection | str,
    text: str,
    *,
    position: int | None = None,
    owner: str | None = None,
    expected_version: int | None = None,
) -> RetroItemView:
    """Add an item to a section, at `position` (clamped; None: the end)."""
    spec = parse(
        RetroItemIn, {"section": section, "text": text, "owner": owner}, where="retro item"
    )
    with db.atomic():
        ctx.require(Role.EDITOR, "write retrospectives")
        row = _retro_row(retro_id)
        _editable(row, expected_version)
        member = _owner_for(spec.section, spec.owner)
        in_section = (RetroItem.retrospective == row.id) & (RetroItem.section == spec.section.value)
        count = RetroItem.select().where(in_section).count()
        slot = count if position is None else max(0, min(position, count))
        RetroItem.update(position=RetroItem.position + 1).where(
            in_section & (RetroItem.position >= slot)
        ).execute()
        item = RetroItem.create(
            retrospective=row,
            section=spec.section.value,
            text=spec.text,
            position=slot,
            owner=member,
        )
        _bump(row)
        _record(
            ctx,
            row,
            "item_add",
            f"added to {SECTION_TITLES[spec.section].lower()}",
            after={
                "item": item.id,
                "section": spec.section.value,
                "text": spec.text,
                "owner": member.name if member else None,
                "position": slot,
            },
        )
    return _item_view(item, member)


def edit_item(
    ctx: ServiceContext,
    item_id: int,
    text: str,
    *,
    owner: str | EllipsisType | None = ...,
    expected_version: int | None = None,
) -> RetroItemView:
    """Change an item's text (and an action item's owner; `...` keeps it, None clears)."""
    with db.atomic():
        ctx.require(Role.EDITOR, "write retrospectives")
        item = _item_row(item_id)
        row = item.retrospective
        _editable(row, expected_version)
        section = RetroSection(item.section)
        keep_owner = isinstance(owner, EllipsisType)
        spec = parse(
            RetroItemIn,
            {"section": section, "text": text, "owner": None if keep_owner else owner},
            where="retro item",
        )
        before = {"text": item.text, "owner": item.owner.name if item.owner_id else None}
        member = item.owner if keep_owner else _owner_for(section, spec.owner)
        after = {"text": spec.text, "owner": member.name if member else None}
        old, new = activity.changed_fields(before, after)
        if new:
            item.text = spec.text
            item.owner = member
            item.save(only=[RetroItem.text, RetroItem.owner])
            _bump(row)
            _record(ctx, row, "item_edit", f"edited item {item.id}", before=old, after=new)
    return _item_view(item, member)


def move_item(
    ctx: ServiceContext, item_id: int, offset: int, *, expected_version: int | None = None
) -> RetroItemView:
    """Move an item up (negative) or down within its section, clamped at the ends."""
    with db.atomic():
        ctx.require(Role.EDITOR, "write retrospectives")
        item = _item_row(item_id)
        row = item.retrospective
        _editable(row, expected_version)
        ids = _section_ids(item)
        was = ids.index(item.id)
        now = max(0, min(was + offset, len(ids) - 1))
        if now != was or item.position != now:
            ids.remove(item.id)
            ids.insert(now, item.id)
            _renumber(ids)
            item.position = now
            _bump(row)
            _record(
                ctx,
                row,
                "item_move",
                f"moved item {item.id} in {SECTION_TITLES[RetroSection(item.section)].lower()}",
                before={"position": was},
                after={"position": now},
            )
    return _item_view(item, item.owner if item.owner_id else None)


def delete_item(ctx: ServiceContext, item_id: int, *, expected_version: int | None = None) -> None:
    """Remove an item (a task made from it stays)."""
    with db.atomic():
        ctx.require(Role.EDITOR, "write retrospectives")
        item = _item_row(item_id)
        row = item.retrospective
        _editable(row, expected_version)
        before = {
            "item": item.id,
            "section": item.section,
            "text": item.text,
            "owner": item.owner.name if item.owner_id else None,
            "task": item.task_id,
        }
        item.delete_instance()
        _renumber([i for i in _section_ids(item) if i != item.id])
        _bump(row)
        _record(ctx, row, "item_delete", f"deleted item {item_id}", before=before)


def set_details(
    ctx: ServiceContext,
    retro_id: int,
    *,
    held_on: date | EllipsisType | None = ...,
    participants: Sequence[str] | EllipsisType = ...,
    expected_version: int | None = None,
) -> RetroView:
    """Change the date and the participants (members, by name or handle); `...`
    keeps a field as it is."""
    with db.atomic():
        ctx.require(Role.EDITOR, "write retrospectives")
        row = _retro_row(retro_id)
        _editable(row, expected_version)
        before = {"held_on": row.held_on, "participants": row.participants}
        if not isinstance(held_on, EllipsisType):
            if held_on is not None and not isinstance(held_on, date):
                raise InvalidInput(f"retrospective: held_on: not a date (got {held_on!r})")
            row.held_on = held_on
        if not isinstance(participants, EllipsisType):
            row.participants = ", ".join(_members(participants))
        old, new = activity.changed_fields(
            before, {"held_on": row.held_on, "participants": row.participants}
        )
        if new:
            row.version += 1
            row.save(
                only=[Retrospective.held_on, Retrospective.participants, Retrospective.version]
            )
            _record(ctx, row, "details", "changed " + ", ".join(sorted(new)), before=old, after=new)
    return get_retrospective(retro_id)


def set_kpi_note(
    ctx: ServiceContext,
    retro_id: int,
    kpi_id: int,
    note: str,
    *,
    expected_version: int | None = None,
) -> None:
    """Write the root cause of a KPI's miss (an empty note removes it)."""
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise InvalidInput(f"KPI note: is longer than {NOTE_LIMIT} characters")
    with db.atomic():
        ctx.require(Role.EDITOR, "write retrospectives")
        row = _retro_row(retro_id)
        _editable(row, expected_version)
        kpi = Kpi.get_or_none((Kpi.id == kpi_id) & (Kpi.project == row.project_id))
        if kpi is None:
            raise NotFound(f"project {row.project.name!r} has no KPI with id {kpi_id}")
        found = RetroKpiNote.get_or_none(
            (RetroKpiNote.retrospective == row.id) & (RetroKpiNote.kpi == kpi.id)
        )
        was = found.note if found is not None else ""
        if was == note:
            return
        if found is not None and not note:
            found.delete_instance()
        elif found is None:
            RetroKpiNote.create(retrospective=row, kpi=kpi, note=note)
        else:
            found.note = note
            found.save(only=[RetroKpiNote.note])
        _bump(row)
        _record(
            ctx,
            row,
            "kpi_note",
            f"root cause for {kpi.name}" + ("" if note else " removed"),
            before={"kpi": kpi.name, "note": was},
            after={"kpi": kpi.name, "note": note},
        )


def complete_retrospective(
    ctx: ServiceContext, retro_id: int, *, expected_version: int | None = None
) -> None:
    """Mark a retrospective complete: it needs at least one item in each of
    went well, went badly and improvements. Completing a complete one does nothing."""
    with db.atomic():
        ctx.require(Role.EDITOR, "complete retrospectives")
        row = _retro_row(retro_id)
        activity.check_version("retrospective", row, expected_version)
        if row.status == RetroStatus.COMPLETE.value:
            return
        sections = {
            item.section
            for item in RetroItem.select(RetroItem.section).where(RetroItem.retrospective == row)
        }
        missing = [s for s in REQUIRED_SECTIONS if s.value not in sections]
        if missing:
            raise InvalidInput(
                "a retrospective is complete only with something in every "
                "section; missing: " + ", ".join(SECTION_TITLES[m].lower() for m in missing)
            )
        row.status = RetroStatus.COMPLETE.value
        row.completed_at = ctx.now()
        row.version += 1
        row.save()
        activity.record(
            ctx,
            "retrospective",
            row.id,
            "complete",
            f"retrospective of {row.project.name} completed",
            before={"status": "draft"},
            after={"status": "complete"},
        )


def reopen_retrospective(
    ctx: ServiceContext, retro_id: int, *, expected_version: int | None = None
) -> RetroView:
    """Back to draft, to change a complete retrospective; refused while its
    project is done (the retrospective is the record that closed it)."""
    with db.atomic():
        ctx.require(Role.EDITOR, "reopen retrospectives")
        row = _retro_row(retro_id)
        activity.check_version("retrospective", row, expected_version)
        if row.project.status == ProjectStatus.DONE.value:
            raise RuleViolation(
                f"project {row.project.name!r} is done: its {kind_label(row.kind)} is the "
                "record that closed it and cannot be reopened (set the project back to "
                "active first)"
            )
        if row.status != RetroStatus.DRAFT.value:
            row.status = RetroStatus.DRAFT.value
            row.completed_at = None
            row.version += 1
            row.save()
            _record(
                ctx,
                row,
                "reopen",
                "reopened",
                before={"status": "complete"},
                after={"status": "draft"},
            )
    return get_retrospective(retro_id)


# --- closing the loop: action items become tasks ------------------------------------------

TASK_TITLE_LIMIT = 200


def task_title(text: str) -> str:
    """An item's first line, cut to fit a task title."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) > TASK_TITLE_LIMIT:
        first = first[: TASK_TITLE_LIMIT - 1].rstrip() + "…"
    return first


def item_to_task(
    ctx: ServiceContext,
    item_id: int,
    project: str,
    *,
    owner: str | None = None,
    due: date | None = None,
) -> int:
    """Turn an action item into a task of another, still open project (owned by
    `owner`, else by the item's owner) and link the two; returns the task's id."""
    with db.atomic():
        ctx.require(Role.EDITOR, "turn action items into tasks")
        item = _item_row(item_id)
        row = item.retrospective
        if item.section != RetroSection.ACTION.value:
            section = SECTION_TITLES[RetroSection(item.section)].lower()
            raise RuleViolation(f"only action items become tasks: this item is under {section!r}")
        if item.task_id is not None:
            raise RuleViolation(f"this action item already became task #{item.task_id}")
        target = project_named(project)
        if target.id == row.project_id:
            raise RuleViolation(
                f"an action item becomes a task of another project, not of {target.name!r} "
                "itself: choose the project it should improve"
            )
        if target.status in FINISHED_STATUSES:
            raise RuleViolation(
                f"project {target.name!r} is {target.status}: choose a project that is still open"
            )
        origin = "retrospective" if row.kind == RetroKind.FINAL.value else "mid-point retrospective"
        task = tasks.create_task(
            ctx,
            {
                "title": task_title(item.text),
                "project": target.name,
                "description": f"{item.text}\n\nFrom the {origin} of {row.project.name}",
                "owner": owner
                if owner is not None
                else (item.owner.name if item.owner_id else None),
                "due": due,
            },
        )
        item.task_id = task.id
        item.save(only=[RetroItem.task])
        _bump(row)
        _record(
            ctx,
            row,
            "item_to_task",
            f"action item {item.id} became task #{task.id} in {target.name}",
            after={"item": item.id, "task": task.id, "project": target.name},
        )
    return task.id


def item_to_template(ctx: ServiceContext, item_id: int, template: str) -> Path:
    """Write an action item into a template as a task (one day of the owner's, due on
    launch day: the user's copy says so and can be edited); returns the file written.
    Projects made from the template from then on carry the lesson."""
    from mpm_tui.services.template_tasks import add_task_to_template

    with db.atomic():
        ctx.require(Role.EDITOR, "turn action items into template tasks")
        item = _item_row(item_id)
        row = item.retrospective
        if item.section != RetroSection.ACTION.value:
            section = SECTION_TITLES[RetroSection(item.section)].lower()
            raise RuleViolation(
                f"only action items go into templates: this item is under {section!r}"
            )
        origin = "retrospective" if row.kind == RetroKind.FINAL.value else "mid-point retrospective"
        saved, path = add_task_to_template(
            ctx,
            template,
            task_title(item.text),
            description=f"{item.text}\n\nFrom the {origin} of {row.project.name}",
        )
        _record(
            ctx,
            row,
            "item_to_template",
            f"action item {item.id} became a task of template {saved.name}",
            after={"item": item.id, "template": saved.name, "file": str(path)},
        )
    return path
