"""Every write of `mpm_tui.services`, with how to call it on the demo workspace with
valid arguments and the least role it needs (`WRITES`), and every other service
function that takes the session, with why it needs no role (`READ_ONLY`).

test_roles.py finds the functions by inspection and checks that each is listed
here, then that each write refuses a viewer (and an editor, when it is an admin's)
and changes nothing, and that the least role may make it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from mpm_tui.db.models import (
    Attachment,
    BoardColumn,
    ChecklistItem,
    Comment,
    Dependency,
    Kpi,
    RetroItem,
    Retrospective,
    Risk,
    ScopeChange,
    TaskCollaborator,
    TimeOff,
)
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.timeline import TimelineTask
from mpm_tui.schemas.views import TaskView
from mpm_tui.schemas.workload import WorkTask
from mpm_tui.schemas.workspace import WorkspaceDocument
from mpm_tui.services import (
    boards,
    columns,
    goals,
    kpi_import,
    members,
    planning,
    priority,
    projects,
    retros,
    risks,
    scope,
    settings,
    task_details,
    tasks,
    team_admin,
    template_tasks,
    templates,
    timeline,
    workload,
    workspace_export,
    workspace_import,
)
from mpm_tui.services.context import ServiceContext

Call = Callable[[ServiceContext], object]

# --- the demo's records each write is aimed at ---------------------------------------

OPEN_PROJECT = "Aurora Launch"  # active; its mid-point retrospective is a draft
DONE_PROJECT = "Product Webinar"  # done; its final retrospective is complete


def _todo_task() -> TaskView:
    return tasks.list_tasks(project=OPEN_PROJECT, board="Marketing", column="To Do")[0]


def _draft_retro() -> Retrospective:
    return Retrospective.get(Retrospective.completed_at.is_null())


def _draft_item() -> RetroItem:
    return RetroItem.select().where(RetroItem.retrospective == _draft_retro()).first()


def _open_kpi(*, root: bool) -> Kpi:
    project = projects.get_project(OPEN_PROJECT)
    where = Kpi.project == project.id
    where &= Kpi.parent.is_null() if root else Kpi.parent.is_null(False)
    return Kpi.select().where(where).order_by(Kpi.id).first()


def _proposed_change() -> int:
    return ScopeChange.get(ScopeChange.status == "proposed").id


def _dependency() -> Dependency:
    return Dependency.select().order_by(Dependency.id).first()


def _collaborator() -> tuple[int, str]:
    row = TaskCollaborator.select().first()
    return row.task_id, row.member.name


def _first(model: type) -> int:
    return model.select(model.id).order_by(model.id).first().id


def _kpi_csv() -> str:
    kpi = _open_kpi(root=True)
    return f"date,kpi,value\n2026-11-20,{kpi.name},3\n"


def _timeline_task() -> TimelineTask:
    return timeline.load_timeline(project=OPEN_PROJECT).tasks[0]


def _work_task() -> WorkTask:
    task = _todo_task()
    return WorkTask(
        task.id,
        task.title,
        task.project,
        task.owner,
        None,
        task.column,
        "Marketing",
        task.start,
        task.due,
        task.estimate_days,
        task.version,
    )


def _demo_document() -> WorkspaceDocument:
    """The demo's own export: valid, but the workspace is not empty (see the test of
    the least role); the role is checked before anything else."""
    return workspace_import.parse_document(workspace_export.export_toml())


def _fill_draft(ctx: ServiceContext) -> None:
    """Give the draft retrospective a second good point, an improvement and an action:
    then it can be completed, its first item moved, its action turned into a task."""
    retro = _draft_retro().id
    retros.add_item(ctx, retro, "went_well", "the speakers")
    retros.add_item(ctx, retro, "improvement", "book the room earlier")
    retros.add_item(ctx, retro, "action", "Draft the run-of-show")


def _action_item() -> int:
    return RetroItem.get(
        (RetroItem.retrospective == _draft_retro()) & (RetroItem.section == "action")
    ).id


def _toggled_checklist_item(ctx: ServiceContext) -> None:
    item = ChecklistItem.get_by_id(_first(ChecklistItem))
    task_details.set_checklist_done(ctx, item.id, not item.done)


def _comment_author() -> str:
    return Comment.get_by_id(_first(Comment)).author.name


@dataclass(frozen=True)
class Write:
    role: Role  # the least role that may make this change
    call: Call
    prepare: Call | None = None  # run as an admin first (both for the refusal and the success)
    actor: Callable[[], str] | None = None  # the member who succeeds (default: "Test Editor")
    files: bool = False  # writes a template file, not the workspace


E, A = Role.EDITOR, Role.ADMIN

WRITES: dict[str, Write] = {
    # boards and columns: admins
    "boards.create_board": Write(A, lambda c: boards.create_board(c, {"name": "Events"})),
    "boards.set_wip_limit": Write(
        A, lambda c: boards.set_wip_limit(c, "Marketing", "In Progress", 9)
    ),
    "boards.set_person_limit": Write(
        A, lambda c: boards.set_person_limit(c, "Marketing", "In Progress", 2)
    ),
    "columns.rename_board": Write(
        A, lambda c: columns.rename_board(c, "Agency Requests", "Agency")
    ),
    "columns.remove_board": Write(
        A,
        lambda c: columns.remove_board(c, "Spare"),
        prepare=lambda c: boards.create_board(c, {"name": "Spare"}),
    ),
    "columns.add_column": Write(A, lambda c: columns.add_column(c, "Marketing", "Blocked")),
    "columns.rename_column": Write(
        A, lambda c: columns.rename_column(c, "Marketing", "Review", "Check")
    ),
    "columns.move_column": Write(
        A, lambda c: columns.move_column(c, "Marketing", "Review", "left")
    ),
    "columns.remove_column": Write(
        A,
        lambda c: columns.remove_column(c, "Marketing", "Spare"),
        prepare=lambda c: columns.add_column(c, "Marketing", "Spare"),
    ),
    # members, time off, settings, holidays: admins (time off of someone else)
    "members.create_member": Write(A, lambda c: members.create_member(c, {"name": "Zoe New"})),
    "members.add_time_off": Write(
        A,
        lambda c: members.add_time_off(
            c, {"member": "Leo Martins", "start": date(2027, 3, 1), "end": date(2027, 3, 2)}
        ),
    ),
    "members.remove_time_off": Write(A, lambda c: members.remove_time_off(c, _first(TimeOff))),
    "settings.set_setting": Write(
        A, lambda c: settings.set_setting(c, "workload.collaborator_share", "30%")
    ),
    "planning.add_holiday": Write(A, lambda c: planning.add_holiday(c, date(2027, 2, 3), "Off")),
    "planning.remove_holiday": Write(
        A, lambda c: planning.remove_holiday(c, planning.list_holidays()[0][0])
    ),
    "workspace_import.import_document": Write(
        A, lambda c: workspace_import.import_document(c, _demo_document())
    ),
    "team_admin.update_member": Write(
        A, lambda c: team_admin.update_member(c, "Leo Martins", {"capacity_days": 3})
    ),
    "team_admin.set_member_active": Write(
        A, lambda c: team_admin.set_member_active(c, "Leo Martins", False)
    ),
    # tasks
    "tasks.create_task": Write(
        E, lambda c: tasks.create_task(c, {"title": "New", "project": OPEN_PROJECT})
    ),
    "tasks.update_task": Write(E, lambda c: tasks.update_task(c, _todo_task().id, {"title": "T"})),
    "tasks.move_task": Write(
        E,
        lambda c: tasks.move_task(
            c, _todo_task().id, BoardColumn.get(BoardColumn.name == "In Progress").id
        ),
    ),
    "tasks.move_task_to": Write(E, lambda c: tasks.move_task_to(c, _todo_task().id, "In Progress")),
    "tasks.delete_task": Write(E, lambda c: tasks.delete_task(c, _todo_task().id)),
    "tasks.add_dependency": Write(
        E,
        lambda c: tasks.add_dependency(c, _dependency().predecessor_id, _todo_task().id),
    ),
    "tasks.remove_dependency": Write(
        E,
        lambda c: tasks.remove_dependency(
            c, _dependency().predecessor_id, _dependency().successor_id
        ),
    ),
    "timeline.set_dates": Write(
        E, lambda c: timeline.set_dates(c, _timeline_task(), date(2026, 12, 1), None)
    ),
    "workload.reassign": Write(E, lambda c: workload.reassign(c, _work_task(), "Sam Okafor")),
    # a card's details
    "task_details.add_checklist_item": Write(
        E, lambda c: task_details.add_checklist_item(c, _todo_task().id, "check")
    ),
    "task_details.set_checklist_done": Write(E, _toggled_checklist_item),
    "task_details.edit_checklist_item": Write(
        E, lambda c: task_details.edit_checklist_item(c, _first(ChecklistItem), "changed")
    ),
    "task_details.move_checklist_item": Write(
        E, lambda c: task_details.move_checklist_item(c, _first(ChecklistItem), 1)
    ),
    "task_details.delete_checklist_item": Write(
        E, lambda c: task_details.delete_checklist_item(c, _first(ChecklistItem))
    ),
    "task_details.add_comment": Write(
        E, lambda c: task_details.add_comment(c, _todo_task().id, "looks good")
    ),
    "task_details.delete_comment": Write(  # its author's (or an admin's)
        E, lambda c: task_details.delete_comment(c, _first(Comment)), actor=_comment_author
    ),
    "task_details.add_attachment": Write(
        E, lambda c: task_details.add_attachment(c, _todo_task().id, "https://example.com/x")
    ),
    "task_details.delete_attachment": Write(
        E, lambda c: task_details.delete_attachment(c, _first(Attachment))
    ),
    "task_details.add_collaborator": Write(
        E, lambda c: task_details.add_collaborator(c, _todo_task().id, "Jo Park", "writer")
    ),
    "task_details.remove_collaborator": Write(
        E, lambda c: task_details.remove_collaborator(c, *_collaborator())
    ),
    # projects and their plans
    "projects.create_project": Write(E, lambda c: projects.create_project(c, {"name": "Gala"})),
    "projects.update_project": Write(
        E, lambda c: projects.update_project(c, OPEN_PROJECT, {"objective": "more"})
    ),
    "projects.set_status": Write(E, lambda c: projects.set_status(c, OPEN_PROJECT, "on_hold")),
    "priority.set_priority": Write(
        E, lambda c: priority.set_priority(c, projects.get_project(OPEN_PROJECT).id, impact=1)
    ),
    "templates.create_from_template": Write(
        E,
        lambda c: templates.create_from_template(c, "Newsletter", "Winter news", date(2027, 1, 6)),
    ),
    "planning.add_milestone": Write(
        E,
        lambda c: planning.add_milestone(
            c, OPEN_PROJECT, {"name": "Extra review", "date": date(2026, 12, 10)}
        ),
    ),
    "planning.add_kpi": Write(E, lambda c: planning.add_kpi(c, OPEN_PROJECT, {"name": "Shares"})),
    "planning.set_budget_line": Write(
        E, lambda c: planning.set_budget_line(c, OPEN_PROJECT, {"channel": "print", "planned": 9})
    ),
    "planning.add_risk": Write(
        E, lambda c: planning.add_risk(c, OPEN_PROJECT, {"description": "Rain"})
    ),
    # goals and budgets
    "goals.set_kpi_target": Write(
        E, lambda c: goals.set_kpi_target(c, _open_kpi(root=True).id, 40)
    ),
    "goals.set_kpi_rate": Write(E, lambda c: goals.set_kpi_rate(c, _open_kpi(root=False).id, 0.5)),
    "goals.set_kpi_actual": Write(E, lambda c: goals.set_kpi_actual(c, _open_kpi(root=True).id, 7)),
    "goals.add_kpi_entry": Write(
        E, lambda c: goals.add_kpi_entry(c, _open_kpi(root=True).id, date(2026, 11, 20), 2)
    ),
    "goals.set_budget_spent": Write(
        E,
        lambda c: goals.set_budget_spent(
            c, OPEN_PROJECT, goals.list_budget(OPEN_PROJECT)[0].channel, 10
        ),
    ),
    "kpi_import.import_kpi_actuals": Write(
        E, lambda c: kpi_import.import_kpi_actuals(c, OPEN_PROJECT, _kpi_csv())
    ),
    # risks
    "risks.add_risk": Write(E, lambda c: risks.add_risk(c, OPEN_PROJECT, {"description": "Snow"})),
    "risks.update_risk": Write(
        E, lambda c: risks.update_risk(c, _first(Risk), {"response": "watch"})
    ),
    "risks.adjust_risk": Write(E, lambda c: risks.adjust_risk(c, _first(Risk), probability=-1)),
    "risks.delete_risk": Write(E, lambda c: risks.delete_risk(c, _first(Risk))),
    # scope changes
    "scope.request_change": Write(
        E, lambda c: scope.request_change(c, OPEN_PROJECT, "one more banner", "Maya Chen")
    ),
    "scope.accept_change": Write(
        E,
        lambda c: scope.accept_change(
            c, _proposed_change(), {"kind": "extend_date", "days": 2}, "Maya Chen"
        ),
    ),
    "scope.reject_change": Write(
        E, lambda c: scope.reject_change(c, _proposed_change(), "Maya Chen", "no room")
    ),
    # retrospectives
    "retros.ensure_retrospective": Write(
        E, lambda c: retros.ensure_retrospective(c, "Monthly Newsletter")
    ),
    "retros.create_retrospective": Write(
        E, lambda c: retros.create_retrospective(c, "Monthly Newsletter", {})
    ),
    "retros.add_item": Write(
        E, lambda c: retros.add_item(c, _draft_retro().id, "went_well", "the venue")
    ),
    "retros.edit_item": Write(E, lambda c: retros.edit_item(c, _draft_item().id, "edited")),
    "retros.move_item": Write(
        E, lambda c: retros.move_item(c, _draft_item().id, 1), prepare=_fill_draft
    ),
    "retros.delete_item": Write(E, lambda c: retros.delete_item(c, _draft_item().id)),
    "retros.set_details": Write(
        E, lambda c: retros.set_details(c, _draft_retro().id, participants=["Jo Park"])
    ),
    "retros.set_kpi_note": Write(
        E,
        lambda c: retros.set_kpi_note(c, _draft_retro().id, _open_kpi(root=True).id, "on track"),
    ),
    "retros.complete_retrospective": Write(
        E, lambda c: retros.complete_retrospective(c, _draft_retro().id), prepare=_fill_draft
    ),
    "retros.reopen_retrospective": Write(
        E,
        lambda c: retros.reopen_retrospective(
            c, Retrospective.get(Retrospective.completed_at.is_null(False)).id
        ),
        prepare=lambda c: projects.set_status(c, DONE_PROJECT, "active"),
    ),
    "retros.item_to_task": Write(
        E,
        lambda c: retros.item_to_task(c, _action_item(), "Monthly Newsletter"),
        prepare=_fill_draft,
    ),
    "retros.item_to_template": Write(
        E,
        lambda c: retros.item_to_template(c, _action_item(), "Webinar"),
        prepare=_fill_draft,
        files=True,
    ),
    "template_tasks.add_task_to_template": Write(
        E,
        lambda c: template_tasks.add_task_to_template(c, "Webinar", "Book a photographer"),
        files=True,
    ),
}

READ_ONLY: dict[str, str] = {
    "activity.record": "appends the log entry of a write, inside that write's checked transaction",
    "backup.backup_workspace": "copies the workspace to a file: viewers may back up (BACKUP_ROLE)",
    "boards.limit_refusal": "asks whether the session may change limits; changes nothing",
    "team_admin.admin_refusal": "asks whether the session may manage members; changes nothing",
    "columns.structure_refusal": "asks whether the session may change boards; changes nothing",
    "scope.refusal": "asks whether the session may record scope changes; changes nothing",
    "task_details.edit_refusal": "asks whether the session may edit a card; changes nothing",
    "board_rules.move_refusal": "asks whether the session may move cards; changes nothing",
    "board_rules.check_move": "previews a move for the board; writes nothing",
    "board_rules.move_rules": "raises the refusal for a move inside move_task's transaction "
    "(the role checked there); writes nothing",
    "demo.build_demo": "fills an empty workspace; `mpm demo` calls it as the set-up admin",
    "templates.save_as_template": "writes a file in the user's own templates folder, like "
    "`mpm export -o FILE`; the workspace is not touched",
}
