"""Members of the workspace: people and agencies, with a role and a capacity."""

from __future__ import annotations

from typing import Any

from peewee import fn

from mpm_tui.db.database import db
from mpm_tui.db.models import Member
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import MemberIn, parse
from mpm_tui.schemas.views import MemberView
from mpm_tui.services import activity
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import InvalidInput


def to_view(row: Member) -> MemberView:
    return MemberView(
        id=row.id,
        name=row.name,
        handle=row.handle,
        role=Role(row.role),
        capacity_days=row.capacity_days,
        is_external=row.is_external,
        organisation=row.organisation,
        active=row.active,
    )


def list_members(*, include_inactive: bool = False) -> list[MemberView]:
    query = Member.select().order_by(Member.is_external, Member.name)
    if not include_inactive:
        query = query.where(Member.active == True)  # noqa: E712
    return [to_view(row) for row in query]


def create_member(ctx: ServiceContext, data: MemberIn | dict[str, Any]) -> MemberView:
    """Add a member. Admins only, except the very first member of a new workspace."""
    spec = parse(MemberIn, data, where="member")
    with db.atomic():
        if Member.select().exists():
            ctx.require(Role.ADMIN, "add members")
        if Member.select().where(fn.LOWER(Member.name) == spec.name.casefold()).exists():
            raise InvalidInput(f"member: name: {spec.name!r} is already a member")
        if spec.handle and Member.select().where(Member.handle == spec.handle).exists():
            raise InvalidInput(f"member: handle: {spec.handle!r} is already taken")
        values = spec.model_dump()
        values["role"] = spec.role.value
        row = Member.create(**values, created_at=ctx.now())
        activity.record(ctx, "member", row.id, "create", f"added member {row.name}", after=values)
    return to_view(row)


def resolve_actor(user: str | None, *, os_user: str, read_only: bool = False) -> Actor:
    """Map `--user` (or the OS login) to the member a session acts as.

    - An empty workspace (no members yet) lets anyone set it up, as admin.
    - A known member acts with their role (viewer if `read_only`).
    - An unknown OS user gets guest read-only access and is told why;
      an unknown `--user` name is an error (NotFound).
    """
    from mpm_tui.services.lookups import member_named

    if not Member.select().exists():
        who = user or os_user or "you"
        role = Role.VIEWER if read_only else Role.ADMIN
        return Actor(who, role, None, "setting up a new workspace")
    if user:
        row = member_named(user)
    else:
        row = Member.get_or_none(Member.handle == os_user) if os_user else None
        if row is None:
            return Actor(
                os_user or "guest",
                Role.VIEWER,
                None,
                "not a member of this workspace: use --user NAME",
            )
    role = Role(row.role)
    note = ""
    if read_only and role != Role.VIEWER:
        role, note = Role.VIEWER, "read-only session"
    return Actor(row.name, role, row.id, note)
