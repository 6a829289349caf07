"""A task's checklist, comments, attachments and collaborators, and the card detail.

`get_task_detail` loads everything the detail shows in a constant number of
queries. The writes here do not bump the task's version: they touch rows of
their own, so ticking a checklist item never makes a field edit in flight stale.
"""

from __future__ import annotations

from peewee import JOIN

from mpm_tui.db.database import db
from mpm_tui.db.models import (
    Attachment,
    ChecklistItem,
    Comment,
    Member,
    Project,
    Task,
    TaskCollaborator,
)
from mpm_tui.schemas.enums import CollaboratorRole, Role
from mpm_tui.schemas.views import (
    AttachmentView,
    ChecklistItemView,
    CollaboratorView,
    CommentView,
    TaskChoices,
    TaskDetail,
)
from mpm_tui.services import activity
from mpm_tui.services.boards import load_task_views
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, PermissionDenied
from mpm_tui.services.lookups import member_named, task_by_id
from mpm_tui.services.order import store_order

BREAKDOWN_DAYS = 3.0
"""A task estimated above this many days should be split into smaller cards."""


def breakdown_hint(estimate_days: float | None) -> str:
    """What to say about an estimate too big for one card ("" when it is fine)."""
    if estimate_days is None or estimate_days <= BREAKDOWN_DAYS:
        return ""
    return (
        f"Break it down: {estimate_days:g} days is too big for one card; "
        f"aim for {BREAKDOWN_DAYS:g} or less"
    )


def edit_refusal(ctx: ServiceContext) -> str:
    """Why this session cannot edit cards ("" when it can): shown on a read-only detail."""
    return ctx.refusal(Role.EDITOR, "edit cards")


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
        held = TaskCollaborator.get_or_none(
            (TaskCollaborator.task == task) & (TaskCollaborator.member == person)
        )
        if held is not None and held.role == role_value:
            return
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
            before=None if held is None else {"role": held.role},
            after={"member": person.name, "role": role_value},
        )


def remove_collaborator(ctx: ServiceContext, task_id: int, member: str) -> None:
    """Take a member off the task's collaborators (NotFound if they are not on it)."""
    with db.atomic():
        ctx.require(Role.EDITOR, "change collaborators")
        task = task_by_id(task_id)
        person = member_named(member)
        row = TaskCollaborator.get_or_none(
            (TaskCollaborator.task == task) & (TaskCollaborator.member == person)
        )
        if row is None:
            raise NotFound(f"{person.name} is not a collaborator on {task.title!r}")
        role = row.role
        row.delete_instance()
        activity.record(
            ctx,
            "task",
            task.id,
            "collaborator",
            f"{person.name} no longer {role}",
            before={"member": person.name, "role": role},
        )


# --- the checklist ----------------------------------------------------------------


def _checklist_item(item_id: int) -> ChecklistItem:
    row = ChecklistItem.get_or_none(ChecklistItem.id == item_id)
    if row is None:
        raise NotFound(f"no checklist item with id {item_id}")
    return row


def _checklist_of(task_id: int) -> list[ChecklistItem]:
    return list(
        ChecklistItem.select()
        .where(ChecklistItem.task == task_id)
        .order_by(ChecklistItem.position, ChecklistItem.id)
    )


def edit_checklist_item(ctx: ServiceContext, item_id: int, text: str) -> None:
    text = _text(text, "checklist item", 500)
    with db.atomic():
        ctx.require(Role.EDITOR, "edit checklists")
        row = _checklist_item(item_id)
        if row.text == text:
            return
        before = row.text
        row.text = text
        row.save()
        activity.record(
            ctx,
            "task",
            row.task_id,
            "checklist",
            f"checklist: renamed {before!r} to {text!r}",
            before={"text": before},
            after={"text": text},
        )


def move_checklist_item(ctx: ServiceContext, item_id: int, delta: int) -> int:
    """Move an item `delta` places down (negative: up), clamped to the list.

    Returns its new position. Positions stay 0..n-1 with no gaps.
    """
    with db.atomic():
        ctx.require(Role.EDITOR, "edit checklists")
        row = _checklist_item(item_id)
        items = _checklist_of(row.task_id)
        index = next(i for i, item in enumerate(items) if item.id == row.id)
        target = max(0, min(len(items) - 1, index + delta))
        moving = items.pop(index)
        items.insert(target, moving)
        store_order(ChecklistItem, items)
        if target != index:
            activity.record(
                ctx,
                "task",
                row.task_id,
                "checklist",
                f"checklist: moved {row.text!r} {'up' if target < index else 'down'}",
                before={"position": index},
                after={"position": target},
            )
    return target


def delete_checklist_item(ctx: ServiceContext, item_id: int) -> None:
    with db.atomic():
        ctx.require(Role.EDITOR, "edit checklists")
        row = _checklist_item(item_id)
        task_id, text, done = row.task_id, row.text, row.done
        row.delete_instance()
        store_order(ChecklistItem, _checklist_of(task_id))
        activity.record(
            ctx,
            "task",
            task_id,
            "checklist",
            f"checklist: removed {text!r}",
            before={"text": text, "done": done},
        )


# --- comments and attachments -------------------------------------------------------


def delete_comment(ctx: ServiceContext, comment_id: int) -> None:
    """Remove a comment: its author can, and so can an admin."""
    with db.atomic():
        ctx.require(Role.EDITOR, "delete comments")
        row = Comment.get_or_none(Comment.id == comment_id)
        if row is None:
            raise NotFound(f"no comment with id {comment_id}")
        is_author = row.author_id is not None and row.author_id == ctx.actor.member_id
        if not is_author and ctx.actor.role.rank < Role.ADMIN.rank:
            raise PermissionDenied(
                f"{ctx.actor.name} cannot delete this comment: only its author or an admin can"
            )
        before = {"body": row.body, "author_id": row.author_id}
        task_id = row.task_id
        row.delete_instance()
        activity.record(ctx, "task", task_id, "comment", "deleted a comment", before=before)


def delete_attachment(ctx: ServiceContext, attachment_id: int) -> None:
    with db.atomic():
        ctx.require(Role.EDITOR, "remove attachments")
        row = Attachment.get_or_none(Attachment.id == attachment_id)
        if row is None:
            raise NotFound(f"no attachment with id {attachment_id}")
        task_id, target, label = row.task_id, row.target, row.label
        row.delete_instance()
        activity.record(
            ctx,
            "task",
            task_id,
            "attachment",
            f"removed {target}",
            before={"target": target, "label": label},
        )


# --- reading --------------------------------------------------------------------


def get_task_detail(task_id: int) -> TaskDetail:
    """The task with its checklist, comments, attachments, collaborators and history.

    Nine queries whatever the task holds: three for the task view, one for
    each list (member names are joined in), two for the history.
    """
    views = load_task_views(Task.id == task_id)
    if not views:
        raise NotFound(f"no task with id {task_id}")
    task = views[0]
    checklist = tuple(
        ChecklistItemView(id=r.id, text=r.text, done=r.done, position=r.position)
        for r in ChecklistItem.select()
        .where(ChecklistItem.task == task_id)
        .order_by(ChecklistItem.position, ChecklistItem.id)
    )
    comments = tuple(
        CommentView(
            id=r.id,
            author=r.author_name,
            author_id=r.author_id,
            created_at=r.created_at,
            body=r.body,
        )
        for r in Comment.select(Comment, Member.name.alias("author_name"))
        .join(Member, JOIN.LEFT_OUTER, on=(Comment.author == Member.id))
        .where(Comment.task == task_id)
        .order_by(Comment.created_at, Comment.id)
        .objects()
    )
    attachments = tuple(
        AttachmentView(
            id=r.id,
            target=r.target,
            label=r.label,
            added_by=r.added_by_name,
            created_at=r.created_at,
        )
        for r in Attachment.select(Attachment, Member.name.alias("added_by_name"))
        .join(Member, JOIN.LEFT_OUTER, on=(Attachment.added_by == Member.id))
        .where(Attachment.task == task_id)
        .order_by(Attachment.created_at, Attachment.id)
        .objects()
    )
    collaborators = tuple(
        CollaboratorView(member_id=member_id, member=name, role=CollaboratorRole(role))
        for member_id, name, role in TaskCollaborator.select(
            TaskCollaborator.member, Member.name, TaskCollaborator.role
        )
        .join(Member, on=(TaskCollaborator.member == Member.id))
        .where(TaskCollaborator.task == task_id)
        .order_by(Member.name)
        .tuples()
    )
    return TaskDetail(
        task=task,
        checklist=checklist,
        comments=comments,
        attachments=attachments,
        collaborators=collaborators,
        breakdown_hint=breakdown_hint(task.estimate_days),
        history=activity.task_history(task_id),
    )


def task_choices() -> TaskChoices:
    """Member, project and channel names for the card's pickers: three queries."""
    members = tuple(
        name
        for (name,) in Member.select(Member.name)
        .where(Member.active == True)  # noqa: E712
        .order_by(Member.name)
        .tuples()
    )
    channels: set[str] = set()
    projects: list[str] = []
    for name, planned in (
        Project.select(Project.name, Project.channels).order_by(Project.name).tuples()
    ):
        projects.append(name)
        channels.update(part.strip() for part in planned.split(",") if part.strip())
    channels.update(
        channel
        for (channel,) in Task.select(Task.channel)
        .where(Task.channel.is_null(False))
        .distinct()
        .tuples()
        if channel.strip()
    )
    return TaskChoices(
        members=members,
        projects=tuple(projects),
        channels=tuple(sorted(channels, key=str.casefold)),
    )
