"""The card detail's services: loading it all at once, checklist, people, comments, files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Activity, ChecklistItem, Comment, Member, Task, TaskCollaborator
from mpm_tui.schemas.enums import CollaboratorRole, Priority, Role
from mpm_tui.services import task_details, tasks
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, PermissionDenied, VersionConflict
from tests.conftest import FROZEN_NOW, dump_database, frozen_clock

LANDING = "Build launch landing page"
"""A demo card with everything: 5 checklist items (2 ticked), 2 people, 2 comments, 2 files."""


def task_id(title: str = LANDING) -> int:
    return Task.get(Task.title == title).id


def as_member(name: str) -> ServiceContext:
    row = Member.get(Member.name == name)
    return ServiceContext(Actor(row.name, Role(row.role), row.id), frozen_clock)


def checklist_texts(tid: int) -> list[str]:
    return [
        row.text
        for row in ChecklistItem.select()
        .where(ChecklistItem.task == tid)
        .order_by(ChecklistItem.position)
    ]


def positions(tid: int) -> list[int]:
    return sorted(row.position for row in ChecklistItem.select().where(ChecklistItem.task == tid))


def last_entry(tid: int) -> Activity:
    return (
        Activity.select()
        .where((Activity.entity == "task") & (Activity.entity_id == tid))
        .order_by(Activity.id.desc())
        .get()
    )


def refused(action: Callable[[], object], error: type[Exception], message: str) -> None:
    """`action` raises `error` saying exactly `message`, and the database is unchanged."""
    before = dump_database()
    with pytest.raises(error) as info:
        action()
    assert str(info.value) == message
    assert dump_database() == before


# --- reading ----------------------------------------------------------------------


def test_detail_holds_the_task_and_everything_hanging_off_it(demo_db: Path) -> None:
    detail = task_details.get_task_detail(task_id())
    assert detail.task.title == LANDING
    assert detail.task.estimate_days == 5
    assert [(i.text, i.done) for i in detail.checklist] == [
        ("Hero section", True),
        ("Feature grid", True),
        ("Pricing table", False),
        ("Signup form", False),
        ("Analytics and consent tags", False),
    ]
    assert [i.position for i in detail.checklist] == [0, 1, 2, 3, 4]
    assert [(c.member, c.role) for c in detail.collaborators] == [
        ("Leo Martins", CollaboratorRole.WRITER),
        ("Priya Raman", CollaboratorRole.DESIGNER),
    ]
    assert [c.author for c in detail.comments] == ["Maya Chen", "Sam Okafor"]
    assert detail.comments[0].created_at < detail.comments[1].created_at
    assert [(a.label, a.is_url) for a in detail.attachments] == [
        ("Figma: landing page", True),
        ("Copy deck", False),
    ]
    assert detail.breakdown_hint.startswith("Break it down: 5 days")


def test_detail_costs_the_same_queries_whatever_the_card_holds(demo_db: Path) -> None:
    empty = tasks.create_task(as_member("Maya Chen"), {"title": "Bare card"})
    landing = task_id()
    with count_queries() as full:
        task_details.get_task_detail(landing)
    with count_queries() as bare:
        task_details.get_task_detail(empty.id)
    assert full.count == bare.count == 9


def test_detail_of_a_missing_task_is_not_found(demo_db: Path) -> None:
    with pytest.raises(NotFound, match="no task with id 99999"):
        task_details.get_task_detail(99999)


@pytest.mark.parametrize(
    ("days", "hint"),
    [(None, False), (0.5, False), (3, False), (3.5, True), (5, True)],
)
def test_breakdown_hint_above_three_days(days: float | None, hint: bool) -> None:
    assert bool(task_details.breakdown_hint(days)) is hint


def test_choices_list_active_members_projects_and_channels(demo_db: Path) -> None:
    choices = task_details.task_choices()
    assert "Maya Chen" in choices.members
    assert list(choices.members) == sorted(choices.members)
    assert "Aurora Launch" in choices.projects
    assert {"email", "web", "social"} <= set(choices.channels)


def test_edit_refusal_explains_a_viewer(demo_db: Path, viewer: ServiceContext) -> None:
    assert task_details.edit_refusal(as_member("Leo Martins")) == ""
    assert task_details.edit_refusal(viewer) == (
        "Test Viewer is a viewer and cannot edit cards; that needs the editor role"
    )


# --- the checklist ------------------------------------------------------------------


def test_move_checklist_item_keeps_positions_contiguous_and_logs(demo_db: Path) -> None:
    leo, tid = as_member("Leo Martins"), task_id()
    pricing = ChecklistItem.get(
        (ChecklistItem.task == tid) & (ChecklistItem.text == "Pricing table")
    )
    assert task_details.move_checklist_item(leo, pricing.id, -1) == 1
    assert checklist_texts(tid)[:3] == ["Hero section", "Pricing table", "Feature grid"]
    assert task_details.move_checklist_item(leo, pricing.id, 10) == 4  # clamped to the end
    assert checklist_texts(tid)[-1] == "Pricing table"
    assert positions(tid) == [0, 1, 2, 3, 4]
    entry = last_entry(tid)
    assert (entry.action, entry.actor_name) == ("checklist", "Leo Martins")
    assert entry.summary == "checklist: moved 'Pricing table' down"
    assert json.loads(entry.after) == {"position": 4}


def test_moving_past_the_top_changes_and_logs_nothing(demo_db: Path) -> None:
    tid = task_id()
    first = ChecklistItem.get((ChecklistItem.task == tid) & (ChecklistItem.position == 0))
    before = dump_database()
    assert task_details.move_checklist_item(as_member("Leo Martins"), first.id, -1) == 0
    assert dump_database() == before


def test_delete_checklist_item_closes_the_gap(demo_db: Path) -> None:
    tid = task_id()
    feature = ChecklistItem.get(
        (ChecklistItem.task == tid) & (ChecklistItem.text == "Feature grid")
    )
    task_details.delete_checklist_item(as_member("Leo Martins"), feature.id)
    assert checklist_texts(tid) == [
        "Hero section",
        "Pricing table",
        "Signup form",
        "Analytics and consent tags",
    ]
    assert positions(tid) == [0, 1, 2, 3]
    assert last_entry(tid).summary == "checklist: removed 'Feature grid'"
    # a new item goes to the end, after the closed gap
    task_details.add_checklist_item(as_member("Leo Martins"), tid, "QA on staging")
    assert positions(tid) == [0, 1, 2, 3, 4]
    assert checklist_texts(tid)[-1] == "QA on staging"


def test_edit_checklist_item(demo_db: Path) -> None:
    tid = task_id()
    item = ChecklistItem.get((ChecklistItem.task == tid) & (ChecklistItem.position == 0))
    task_details.edit_checklist_item(as_member("Leo Martins"), item.id, "  Hero section v2  ")
    assert ChecklistItem.get_by_id(item.id).text == "Hero section v2"
    assert last_entry(tid).summary == "checklist: renamed 'Hero section' to 'Hero section v2'"


def test_an_empty_checklist_text_is_refused_and_changes_nothing(demo_db: Path) -> None:
    tid = task_id()
    item = ChecklistItem.get((ChecklistItem.task == tid) & (ChecklistItem.position == 0))
    leo = as_member("Leo Martins")
    refused(
        lambda: task_details.edit_checklist_item(leo, item.id, "   "),
        InvalidInput,
        "checklist item: must not be empty",
    )
    refused(
        lambda: task_details.add_checklist_item(leo, tid, "x" * 501),
        InvalidInput,
        "checklist item: is longer than 500 characters",
    )


def test_checklist_items_that_are_gone_are_not_found(demo_db: Path) -> None:
    leo = as_member("Leo Martins")
    for action in (
        lambda: task_details.move_checklist_item(leo, 99999, 1),
        lambda: task_details.delete_checklist_item(leo, 99999),
        lambda: task_details.edit_checklist_item(leo, 99999, "text"),
    ):
        refused(action, NotFound, "no checklist item with id 99999")


# --- people, comments, files ----------------------------------------------------------


def test_remove_collaborator(demo_db: Path) -> None:
    tid, leo = task_id(), as_member("Leo Martins")
    task_details.remove_collaborator(leo, tid, "priya")  # by handle, like everywhere
    names = [c.member for c in task_details.get_task_detail(tid).collaborators]
    assert names == ["Leo Martins"]
    assert last_entry(tid).summary == "Priya Raman no longer designer"
    refused(
        lambda: task_details.remove_collaborator(leo, tid, "Priya Raman"),
        NotFound,
        f"Priya Raman is not a collaborator on {LANDING!r}",
    )


def test_add_collaborator_with_a_bad_role_changes_nothing(demo_db: Path) -> None:
    refused(
        lambda: task_details.add_collaborator(
            as_member("Leo Martins"), task_id(), "Jo Park", "boss"
        ),
        InvalidInput,
        "collaborator: role: must be one of owner, writer, reviewer, editor, designer, web, "
        "social, other (got 'boss')",
    )


def test_a_comment_is_deleted_by_its_author_or_an_admin_only(demo_db: Path) -> None:
    tid = task_id()
    maya_comment, sam_comment = (c.id for c in task_details.get_task_detail(tid).comments)
    refused(
        lambda: task_details.delete_comment(as_member("Leo Martins"), sam_comment),
        PermissionDenied,
        "Leo Martins cannot delete this comment: only its author or an admin can",
    )
    task_details.delete_comment(as_member("Sam Okafor"), sam_comment)
    task_details.delete_comment(as_member("Maya Chen"), maya_comment)  # an admin
    assert Comment.select().where(Comment.task == tid).count() == 0
    assert last_entry(tid).summary == "deleted a comment"


def test_delete_attachment(demo_db: Path) -> None:
    tid = task_id()
    first = task_details.get_task_detail(tid).attachments[0]
    task_details.delete_attachment(as_member("Leo Martins"), first.id)
    assert [a.label for a in task_details.get_task_detail(tid).attachments] == ["Copy deck"]
    assert last_entry(tid).summary == f"removed {first.target}"
    refused(
        lambda: task_details.delete_attachment(as_member("Leo Martins"), first.id),
        NotFound,
        f"no attachment with id {first.id}",
    )


def test_a_viewer_changes_nothing(demo_db: Path, viewer: ServiceContext) -> None:
    tid = task_id()
    detail = task_details.get_task_detail(tid)
    item, comment, attachment = detail.checklist[0], detail.comments[0], detail.attachments[0]
    for action, doing in (
        (lambda: task_details.move_checklist_item(viewer, item.id, 1), "edit checklists"),
        (lambda: task_details.edit_checklist_item(viewer, item.id, "x"), "edit checklists"),
        (lambda: task_details.delete_checklist_item(viewer, item.id), "edit checklists"),
        (
            lambda: task_details.remove_collaborator(viewer, tid, "Leo Martins"),
            "change collaborators",
        ),
        (lambda: task_details.delete_comment(viewer, comment.id), "delete comments"),
        (lambda: task_details.delete_attachment(viewer, attachment.id), "remove attachments"),
    ):
        refused(
            action,
            PermissionDenied,
            f"Test Viewer is a viewer and cannot {doing}; that needs the editor role",
        )


def test_detail_writes_leave_the_task_version_alone(demo_db: Path) -> None:
    """Ticking an item while the fields are being edited must not make that edit stale."""
    tid, leo = task_id(), as_member("Leo Martins")
    version = Task.get_by_id(tid).version
    item = task_details.get_task_detail(tid).checklist[2]
    task_details.set_checklist_done(leo, item.id, True)
    task_details.move_checklist_item(leo, item.id, 1)
    task_details.add_comment(leo, tid, "Pricing table done.")
    assert Task.get_by_id(tid).version == version
    tasks.update_task(leo, tid, {"priority": "urgent"}, expected_version=version)
    assert tasks.get_task(tid).priority == Priority.URGENT


# --- editing the fields, as the detail does it ---------------------------------------


def test_a_stale_field_edit_is_refused_and_changes_nothing(demo_db: Path) -> None:
    tid = task_id()
    version = Task.get_by_id(tid).version
    tasks.update_task(as_member("Sam Okafor"), tid, {"title": "Landing page v1"})
    refused(
        lambda: tasks.update_task(
            as_member("Leo Martins"), tid, {"title": "Landing page"}, expected_version=version
        ),
        VersionConflict,
        f"this task was changed by Sam Okafor at {FROZEN_NOW:%H:%M} — reloaded, try again",
    )


def test_a_bad_field_edit_is_refused_and_changes_nothing(demo_db: Path) -> None:
    tid = task_id()
    version = Task.get_by_id(tid).version
    refused(
        lambda: tasks.update_task(
            as_member("Leo Martins"),
            tid,
            {"title": "Landing page", "estimate_days": 400},
            expected_version=version,
        ),
        InvalidInput,
        "task: estimate_days: input should be less than or equal to 365 (got 400)",
    )
    assert not TaskCollaborator.select().where(TaskCollaborator.task == 0).exists()
