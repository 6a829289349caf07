"""The card detail's lists: what each shows, and what deleting an item of one means
(the words the confirm dialog uses and the service call that does it). Split from
card_detail.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from textual.content import Content

from mpm_tui.schemas.views import TaskDetail
from mpm_tui.services import task_details
from mpm_tui.services.context import ServiceContext
from mpm_tui.widgets.detail_lists import (
    ChecklistPane,
    CommentsPane,
    DetailPane,
    FilesPane,
    PeoplePane,
    attachment_prompt,
    checklist_prompt,
    collaborator_prompt,
    comment_prompt,
)

Items = list[tuple[int, Content]]


def list_items(detail: TaskDetail, today: date) -> list[tuple[type[DetailPane], Items]]:
    """Each list pane of the card detail with the items it shows (id, prompt)."""
    return [
        (ChecklistPane, [(item.id, checklist_prompt(item)) for item in detail.checklist]),
        (PeoplePane, [(p.member_id, collaborator_prompt(p)) for p in detail.collaborators]),
        (CommentsPane, [(c.id, comment_prompt(c, today)) for c in detail.comments]),
        (FilesPane, [(a.id, attachment_prompt(a)) for a in detail.attachments]),
    ]


def deletion(
    detail: TaskDetail, ctx: ServiceContext, list_id: str, item_id: int
) -> tuple[str, str, Callable[[], object]]:
    """The verb, the thing and the service call that deletes item `item_id` of the
    list `list_id` (checklist, people, comments, files) of the card `detail`."""
    if list_id == "checklist-list":
        item = next(i for i in detail.checklist if i.id == item_id)
        return (
            "Delete",
            f"“{item.text}”",
            partial(task_details.delete_checklist_item, ctx, item_id),
        )
    if list_id == "people-list":
        person = next(c for c in detail.collaborators if c.member_id == item_id)
        return (
            "Remove",
            f"{person.member} ({person.role.value}) from this card",
            partial(task_details.remove_collaborator, ctx, detail.task.id, person.member),
        )
    if list_id == "comments-list":
        comment = next(c for c in detail.comments if c.id == item_id)
        return (
            "Delete",
            f"the comment by {comment.author or 'a former member'}",
            partial(task_details.delete_comment, ctx, item_id),
        )
    attachment = next(a for a in detail.attachments if a.id == item_id)
    return (
        "Remove",
        f"“{attachment.label or attachment.target}”",
        partial(task_details.delete_attachment, ctx, item_id),
    )
