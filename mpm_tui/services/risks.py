"""The risk register: each project's risks, scored probability × impact, and their changes.

Read in the register's order (`logic.risk.register_key`): open risks first,
highest score first (ties: the likelier, then the oldest), then occurred,
mitigated and closed ones, each by score the same way. Editors add, change and
delete risks; viewers are refused. Every write is one transaction and lands in
the activity log with the fields before and after; bad input (a probability of
0 or 6, an empty description, an unknown owner) is refused naming the field,
and nothing changes.
"""

from __future__ import annotations

from typing import Any

from peewee import JOIN, Expression

from mpm_tui.db.database import db
from mpm_tui.db.models import Member, Project, Risk
from mpm_tui.logic.risk import SCALE, register_order
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.goals import RiskView
from mpm_tui.schemas.inputs import RiskIn, parse
from mpm_tui.schemas.risks import RiskPatch
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound
from mpm_tui.services.lookups import optional_member, project_named

SNAPSHOT_FIELDS = ("description", "probability", "impact", "response", "owner", "status")
"""What the activity log keeps of a risk, before and after a change."""


# --- reading ------------------------------------------------------------------------


def _views(where: Expression, *, open_only: bool = False) -> list[RiskView]:
    """Risks matching `where`, with owner and project names, in the register's order
    (one query)."""
    if open_only:
        where = where & (Risk.status == "open")
    query = (
        Risk.select(
            Risk.id,
            Risk.description,
            Risk.probability,
            Risk.impact,
            Risk.response,
            Member.name,
            Risk.status,
            Risk.created_at,
            Project.name,
        )
        .join(Member, JOIN.LEFT_OUTER, on=(Risk.owner == Member.id))
        .switch(Risk)
        .join(Project, on=(Risk.project == Project.id))
        .where(where)
        .tuples()
    )
    return register_order(RiskView(*values) for values in query)


def project_register(project_id: int) -> tuple[RiskView, ...]:
    """The risks of one project (by id), in the register's order: what the project
    detail shows."""
    return tuple(_views(Risk.project == project_id))


def list_risks(project: str | None = None, *, open_only: bool = False) -> list[RiskView]:
    """The risks of `project` (a name, or an id as text), or of every project when None,
    in the register's order; `open_only` keeps the open ones."""
    where = Risk.id.is_null(False)
    if project is not None:
        where = Risk.project == project_named(project).id
    return _views(where, open_only=open_only)


def get_risk(risk_id: int) -> RiskView:
    found = _views(Risk.id == risk_id)
    if not found:
        raise NotFound(f"no risk with id {risk_id}")
    return found[0]


# --- writing ------------------------------------------------------------------------


def _risk_row(risk_id: int) -> Risk:
    row = Risk.get_or_none(Risk.id == risk_id)
    if row is None:
        raise NotFound(f"no risk with id {risk_id}")
    return row


def _owner(name: str | None) -> Member | None:
    """The member named `name` (None or blank: nobody); an unknown name is refused as the
    owner field's problem."""
    try:
        return optional_member(name)
    except NotFound as exc:
        raise NotFound(f"risk: owner: {exc}") from None


def _snapshot(row: Risk, owner: Member | None) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in SNAPSHOT_FIELDS if name != "owner"}
    values["owner"] = owner.name if owner is not None else None
    return values


def _project_name(row: Risk) -> str:
    return str(Project.get_by_id(row.project_id).name)


def add_risk(ctx: ServiceContext, project: str, data: RiskIn | dict[str, Any]) -> RiskView:
    """A new risk of `project` (open unless `status` says otherwise)."""
    spec = parse(RiskIn, data, where="risk")
    with db.atomic():
        ctx.require(Role.EDITOR, "add risks")
        project_row = project_named(project)
        owner = _owner(spec.owner)
        values = spec.model_dump(exclude={"owner"})
        values["status"] = spec.status.value
        row = Risk.create(project=project_row, owner=owner, created_at=ctx.now(), **values)
        activity.record(
            ctx,
            "risk",
            row.id,
            "create",
            f"risk for {project_row.name}: {spec.description[:60]}",
            after=_snapshot(row, owner),
        )
    return get_risk(row.id)


def update_risk(ctx: ServiceContext, risk_id: int, data: RiskPatch | dict[str, Any]) -> RiskView:
    """Change the fields given (description, probability, impact, response, owner,
    status); a change that changes nothing is not logged."""
    patch = parse(RiskPatch, data, where="risk")
    with db.atomic():
        ctx.require(Role.EDITOR, "change risks")
        row = _risk_row(risk_id)
        owner = row.owner
        before = _snapshot(row, owner)
        for name in patch.model_fields_set:
            value = getattr(patch, name)
            if name == "owner":
                owner = _owner(value)
                row.owner = owner
                continue
            if value is None and name != "response":
                raise InvalidInput(f"risk: {name}: cannot be cleared")
            if name == "status":
                value = value.value
            setattr(row, name, value if value is not None else "")
        old, new = activity.changed_fields(before, _snapshot(row, owner))
        if new:
            row.save()
            activity.record(
                ctx,
                "risk",
                row.id,
                "update",
                f"risk #{row.id} of {_project_name(row)}: " + ", ".join(sorted(new)),
                before=old,
                after=new,
            )
    return get_risk(risk_id)


def adjust_risk(
    ctx: ServiceContext, risk_id: int, *, probability: int = 0, impact: int = 0
) -> RiskView:
    """Raise or lower probability and/or impact by a step from their current values (the
    weekly review's quick change); past 1 or 5 is refused with the field named."""
    with db.atomic():
        ctx.require(Role.EDITOR, "change risks")
        row = _risk_row(risk_id)
        patch: dict[str, int] = {}
        for name, step in (("probability", probability), ("impact", impact)):
            if not step:
                continue
            value = getattr(row, name) + step
            if value not in SCALE:
                edge = "highest" if step > 0 else "lowest"
                raise InvalidInput(f"risk: {name}: already {getattr(row, name)}, the {edge} (1–5)")
            patch[name] = value
        return update_risk(ctx, risk_id, patch)


def delete_risk(ctx: ServiceContext, risk_id: int) -> None:
    with db.atomic():
        ctx.require(Role.EDITOR, "delete risks")
        row = _risk_row(risk_id)
        before = _snapshot(row, row.owner)
        project = _project_name(row)
        row.delete_instance()
        activity.record(
            ctx,
            "risk",
            risk_id,
            "delete",
            f"deleted risk #{risk_id} of {project}: {before['description'][:60]}",
            before=before,
        )
