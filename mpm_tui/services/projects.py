"""Projects (campaigns, initiatives): create, edit, change status, close."""

from __future__ import annotations

from typing import Any

from peewee import JOIN, fn

from mpm_tui.db.database import db
from mpm_tui.db.models import Member, Project, Retrospective
from mpm_tui.schemas.enums import ProjectStatus, RetroStatus, Role
from mpm_tui.schemas.inputs import ProjectIn, ProjectPatch, parse
from mpm_tui.schemas.views import ProjectView
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, RuleViolation
from mpm_tui.services.lookups import assignable_member, project_named

SNAPSHOT_FIELDS = (
    "name",
    "description",
    "objective",
    "target_market",
    "channels",
    "kind",
    "owner_id",
    "start",
    "end",
    "status",
    "impact",
    "effort",
)


def split_channels(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def to_view(row: Project, owner_name: str | None = None) -> ProjectView:
    return ProjectView(
        id=row.id,
        name=row.name,
        status=ProjectStatus(row.status),
        owner=owner_name if owner_name is not None else (row.owner.name if row.owner else None),
        start=row.start,
        end=row.end,
        channels=split_channels(row.channels),
        kind=row.kind,
        impact=row.impact,
        effort=row.effort,
        description=row.description,
        objective=row.objective,
        target_market=row.target_market,
        version=row.version,
    )


def _snapshot(row: Project) -> dict[str, Any]:
    return {name: getattr(row, name) for name in SNAPSHOT_FIELDS}


def list_projects(*, status: ProjectStatus | None = None) -> list[ProjectView]:
    query = (
        Project.select(Project, Member.name.alias("owner_name"))
        .join(Member, on=(Project.owner == Member.id), join_type=JOIN.LEFT_OUTER)
        .order_by(Project.start.is_null(), Project.start, Project.name)
        .objects()
    )
    if status is not None:
        query = query.where(Project.status == status.value)
    return [to_view(row, row.owner_name or "") for row in query]


def get_project(name: str) -> ProjectView:
    return to_view(project_named(name))


def create_project(ctx: ServiceContext, data: ProjectIn | dict[str, Any]) -> ProjectView:
    spec = parse(ProjectIn, data, where="project")
    if spec.status == ProjectStatus.DONE:
        raise RuleViolation("a new project cannot start as done: close it after its retrospective")
    with db.atomic():
        ctx.require(Role.EDITOR, "create projects")
        if Project.select().where(fn.LOWER(Project.name) == spec.name.casefold()).exists():
            raise InvalidInput(f"project: name: a project called {spec.name!r} already exists")
        row = Project.create(
            name=spec.name,
            description=spec.description,
            objective=spec.objective,
            target_market=spec.target_market,
            channels=",".join(spec.channels),
            kind=spec.kind,
            owner=assignable_member(spec.owner),
            start=spec.start,
            end=spec.end,
            status=spec.status.value,
            impact=spec.impact,
            effort=spec.effort,
            created_at=ctx.now(),
        )
        activity.record(
            ctx, "project", row.id, "create", f"created project {row.name}", after=_snapshot(row)
        )
    return to_view(row)


def update_project(
    ctx: ServiceContext,
    name: str,
    data: ProjectPatch | dict[str, Any],
    *,
    expected_version: int | None = None,
) -> ProjectView:
    patch = parse(ProjectPatch, data, where="project")
    with db.atomic():
        ctx.require(Role.EDITOR, "edit projects")
        row = project_named(name)
        activity.check_version("project", row, expected_version)
        if "name" in patch.model_fields_set and patch.name is not None:
            clash = Project.get_or_none(
                (fn.LOWER(Project.name) == patch.name.casefold()) & (Project.id != row.id)
            )
            if clash is not None:
                raise InvalidInput(f"project: name: a project called {patch.name!r} already exists")
        before = _snapshot(row)
        for field in patch.model_fields_set:
            value = getattr(patch, field)
            if field == "owner":
                value = assignable_member(value, keep=row.owner_id)
            elif field == "channels":
                value = ",".join(value or ())
            elif value is None and field in {"name", "impact", "effort"}:
                raise InvalidInput(f"project: {field}: cannot be cleared")
            elif value is None and field not in {"start", "end"}:
                value = ""
            setattr(row, field, value)
        if row.start and row.end and row.end < row.start:
            raise InvalidInput(f"project: end {row.end} is before start {row.start}")
        old, new = activity.changed_fields(before, _snapshot(row))
        if new:
            row.version += 1
            row.save()
            activity.record(
                ctx,
                "project",
                row.id,
                "update",
                f"edited project {row.name}: " + ", ".join(sorted(new)),
                before=old,
                after=new,
            )
    return to_view(row)


def check_can_close(project: Project) -> None:
    """A project is done only once its final retrospective is complete."""
    complete = (
        Retrospective.select()
        .where(
            (Retrospective.project == project)
            & (Retrospective.kind == "final")
            & (Retrospective.status == RetroStatus.COMPLETE.value)
        )
        .exists()
    )
    if not complete:
        raise RuleViolation(
            f"project {project.name!r} cannot be closed: its retrospective is not complete "
            "(write it and mark it complete first)"
        )


def set_status(ctx: ServiceContext, name: str, status: ProjectStatus | str) -> ProjectView:
    """Change a project's status; `done` requires a completed retrospective."""
    try:
        new_status = ProjectStatus(status)
    except ValueError:
        allowed = ", ".join(s.value for s in ProjectStatus)
        raise InvalidInput(f"project: status: must be one of {allowed} (got {status!r})") from None
    with db.atomic():
        ctx.require(Role.EDITOR, "change project status")
        row = project_named(name)
        if new_status == ProjectStatus.DONE:
            check_can_close(row)
        before = row.status
        if before == new_status.value:
            return to_view(row)
        row.status = new_status.value
        row.version += 1
        row.save()
        activity.record(
            ctx,
            "project",
            row.id,
            "status",
            f"project {row.name}: {before} → {new_status.value}",
            before={"status": before},
            after={"status": new_status.value},
        )
    return to_view(row)
