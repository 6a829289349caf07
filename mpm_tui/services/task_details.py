"""A task's checklist, comments, attachments and collaborators."""

from __future__ import annotations

from mpm_tui.db.database import db
from mpm_tui.db.models import Attachment, ChecklistItem, Comment, TaskCollaborator
from mpm_tui.schemas.enums import CollaboratorRole, Role
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound
from mpm_tui.services.lookups import member_named, task_by_id


def _text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"{field}: must not be empty")
    if len(value) > limit:
        raise InvalidInput(f"{field}: is longer than {limit} characters")
    return value


def add_checklist_item(ctx: ServiceContext, task_id: int, text: str, done: bool = False) -> int:
    text = _text(text, "checklist item", 500)
    with db.atomic():
        ctx.require(Role.EDITOR, "edit checklists")
        task = task_by_id(task_id)
        position = ChecklistItem.select().where(ChecklistItem.task == task).count()
        row = ChecklistItem.create(task=task, text=text, done=done, position=position)
        activity.record(
            ctx,
            "task",
            task.id,
            "checklist",
            f"checklist: added {text!r}",
            after={"text": text, "done": done},
        )
    return row.id


def set_checklist_done(ctx: ServiceContext, item_id: int, done: bool) -> None:
    with db.atomic():
        ctx.require(Role.EDITOR, "edit checklists")
        row = ChecklistItem.get_or_none(ChecklistItem.id == item_id)
        if row is None:
            raise NotFound(f"no checklist item with id {item_id}")
        if row.done == done:
            return
        row.done = done
        row.save()
        activity.record(
            ctx,
            "task",
            row.task_id,
            "checklist",
            f"checklist: {'ticked' if done else 'unticked'} {row.text!r}",
            before={"done": not done},
            after={"done": done},
        )


def add_comment(ctx: ServiceContext, task_id: int, body: str) -> int:
    body = _text(body, "comment", 20_000)
    with db.atomic():
        ctx.require(Role.EDITOR, "comment")
        task = task_by_id(task_id)
        row = Comment.create(task=task, author=ctx.actor.member_id, body=body, created_at=ctx.now())
        activity.record(
            ctx, "task", task.id, "comment", f"comment by {ctx.actor.name}", after={"body": body}
        )
    return row.id


def add_attachment(ctx: ServiceContext, task_id: int, target: str, label: str = "") -> int:
    target = _text(target, "attachment", 2000)
    with db.atomic():
        ctx.require(Role.EDITOR, "attach files")
        task = task_by_id(task_id)
        row = Attachment.create(
            task=task,
            target=target,
            label=label.strip(),
            added_by=ctx.actor.member_id,
            created_at=ctx.now(),
        )
        activity.record(
            ctx,
            "task",
            task.id,
            "attachment",
            f"attached {target}",
            after={"target": target, "label": label},
        )
    return row.id


def add_collaborator(ctx: ServiceContext, task_id: int, member: str, role: str) -> None:
    try:
        role_value = CollaboratorRole(role).value
    except ValueError:
        allowed = ", ".join(r.value for r in CollaboratorRole)
        raise InvalidInput(f"collaborator: role: must be one of {allowed} (got {role!r})") from None
    with db.atomic():
        ctx.require(Role.EDITOR, "change collaborators")
        task = task_by_id(task_id)
        person = member_named(member)
        TaskCollaborator.insert(task=task, member=person, role=role_value).on_conflict(
            conflict_target=[TaskCollaborator.task, TaskCollaborator.member],
            update={TaskCollaborator.role: role_value},
        ).execute()
        activity.record(
            ctx,
            "task",
            task.id,
            "collaborator",
            f"{person.name} as {role_value}",
            after={"member": person.name, "role": role_value},
        )
