"""Scope changes: requests, acceptance with each trade-off, rejection, every refusal.

The workspace: project Launch (owner Olga, an editor) runs Mon 2 Nov → Fri 4 Dec
2026 with milestones Kick-off (Nov 20), End (Dec 4) and Final review (Wed Dec 9);
Tuesday 8 December is a holiday. So five working days after Fri Dec 4 are Mon 7,
Wed 9, Thu 10, Fri 11 and Mon 14: the weekend and the holiday are skipped.
Today is Monday 23 November 2026.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Activity, BudgetLine, Milestone, Project, ScopeChange, Task
from mpm_tui.schemas.enums import ScopeStatus, Tradeoff
from mpm_tui.schemas.scope import TradeoffIn
from mpm_tui.services import (
    boards,
    goals,
    members,
    planning,
    projects,
    scope,
    scope_history,
    tasks,
    timeline,
    workload,
)
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from tests.conftest import FROZEN_NOW, dump_database, refused

LAUNCH = "Launch"
END = date(2026, 12, 4)
HOLIDAY = date(2026, 12, 8)


@pytest.fixture
def ws(db_path: Path, admin: ServiceContext) -> dict[str, int]:
    """Members, a board, Launch with tasks A, B (To Do), C (In Progress), D (Done),
    project Other with task E; ids by title."""
    members.create_member(admin, {"name": "Ann Admin", "role": "admin"})
    members.create_member(admin, {"name": "Olga Owner", "handle": "olga"})
    members.create_member(admin, {"name": "Ed Editor"})
    members.create_member(admin, {"name": "Vic Viewer", "role": "viewer"})
    members.create_member(admin, {"name": "Old Admin", "role": "admin", "active": False})
    boards.create_board(admin, {"name": "Marketing"})
    planning.add_holiday(admin, HOLIDAY, "Founders' Day")
    projects.create_project(
        admin,
        {
            "name": LAUNCH,
            "owner": "Olga Owner",
            "start": date(2026, 11, 2),
            "end": END,
            "status": "active",
            "channels": ["paid", "email"],
        },
    )
    projects.create_project(admin, {"name": "Other", "status": "active"})
    for name, day in (("Kick-off", 20), ("End", 0), ("Final review", 0)):
        on = date(2026, 11, day) if day else (END if name == "End" else date(2026, 12, 9))
        planning.add_milestone(admin, LAUNCH, {"name": name, "date": on})
    planning.set_budget_line(admin, LAUNCH, {"channel": "Paid", "planned": 3000, "spent": 500})
    ids: dict[str, int] = {}
    for title, column, project in (
        ("A", "To Do", LAUNCH),
        ("E", "To Do", "Other"),
        ("B", "To Do", LAUNCH),
        ("F", "To Do", LAUNCH),
        ("C", "In Progress", LAUNCH),
        ("D", "Done", LAUNCH),
    ):
        ids[title] = tasks.create_task(
            admin,
            {
                "title": title,
                "project": project,
                "column": column,
                "estimate_days": 1,
                "start": date(2026, 11, 24),
                "due": date(2026, 11, 24),
            },
        ).id
    return ids


def request(ctx: ServiceContext, what: str = "Add a German landing page") -> int:
    return scope.request_change(ctx, LAUNCH, what, "Sales (Dana)", date(2026, 11, 20))


def milestone_dates() -> dict[str, date]:
    return {m.name: m.date for m in Milestone.select()}


def change(change_id: int) -> ScopeChange:
    return ScopeChange.get_by_id(change_id)


# --- requests ---------------------------------------------------------------------------


def test_a_request_is_proposed_and_logged(ws: dict[str, int], editor: ServiceContext) -> None:
    change_id = request(editor)
    row = change(change_id)
    assert (row.status, row.requested_by, row.requested_on) == (
        "proposed",
        "Sales (Dana)",
        date(2026, 11, 20),
    )
    assert row.created_at == FROZEN_NOW and row.approved_by_id is None
    log = Activity.get((Activity.entity == "scope_change") & (Activity.entity_id == change_id))
    assert (log.action, log.actor_name) == ("create", "Test Editor")
    assert "requested by Sales (Dana)" in log.summary


def test_a_request_defaults_to_the_session_and_today(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    row = change(scope.request_change(editor, LAUNCH, "  One more banner  "))
    assert (row.description, row.requested_by, row.requested_on) == (
        "One more banner",
        "Test Editor",
        FROZEN_NOW.date(),
    )


def test_bad_requests_are_refused(ws: dict[str, int], editor: ServiceContext) -> None:
    refused(
        lambda: scope.request_change(editor, LAUNCH, "   "),
        InvalidInput,
        "scope change: description: must not be empty",
    )
    refused(
        lambda: scope.request_change(editor, LAUNCH, "x", "Ann", date(2026, 11, 24)),
        InvalidInput,
        "scope change: requested on: 2026-11-24 is in the future (record a request once it "
        "is made)",
    )
    refused(
        lambda: scope.request_change(editor, "Lunch", "x"),
        NotFound,
        "no project called 'Lunch' (did you mean 'Launch'?)",
    )


def test_a_viewer_cannot_request(ws: dict[str, int], viewer: ServiceContext) -> None:
    refused(
        lambda: request(viewer),
        PermissionDenied,
        "Test Viewer is a viewer and cannot record scope changes; that needs the editor role",
    )


def test_a_finished_project_takes_no_request(ws: dict[str, int], admin: ServiceContext) -> None:
    projects.set_status(admin, LAUNCH, "cancelled")
    refused(
        lambda: request(admin),
        RuleViolation,
        "project 'Launch' is cancelled: it cannot take scope changes (reopen it first)",
    )


# --- accepting: each trade-off --------------------------------------------------------


def test_extending_moves_the_end_and_the_milestones_at_or_after_it(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    change_id = request(editor)
    version = Project.get(Project.name == LAUNCH).version
    entry = scope.accept_change(editor, change_id, TradeoffIn.extend(5), "olga")
    project = Project.get(Project.name == LAUNCH)
    assert project.end == date(2026, 12, 14)  # Sat, Sun and the Tuesday holiday skipped
    assert project.version == version + 1
    assert milestone_dates() == {
        "Kick-off": date(2026, 11, 20),  # before the old end: stays
        "End": date(2026, 12, 14),
        "Final review": date(2026, 12, 16),  # Wed 9 + 5 working days
    }
    row = change(change_id)
    assert (row.status, row.tradeoff, row.extend_days, row.decided_at) == (
        "accepted",
        "extend_date",
        5,
        FROZEN_NOW,
    )
    assert row.approved_by.name == "Olga Owner"
    assert entry.tradeoff_text == "end date +5 working days (Dec 4 → Dec 14)"
    assert (entry.status, entry.approver) == (ScopeStatus.ACCEPTED, "Olga Owner")
    decision = Activity.get((Activity.entity == "scope_change") & (Activity.action == "accept"))
    assert json.loads(decision.after)["new_end"] == "2026-12-14"
    assert json.loads(decision.before) == {"status": "proposed"}
    assert Activity.select().where(Activity.entity == "milestone").count() == 3 + 2


def test_a_reached_milestone_after_the_end_stays(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    Milestone.update(reached_at=FROZEN_NOW).where(Milestone.name == "Final review").execute()
    scope.accept_change(editor, request(editor), TradeoffIn.extend(1), "Olga Owner")
    assert milestone_dates()["Final review"] == date(2026, 12, 9)
    assert milestone_dates()["End"] == date(2026, 12, 7)


def test_cutting_cancels_the_tasks_and_they_leave_every_view(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    before = goals.project_detail(LAUNCH)
    planning.add_milestone(
        editor, LAUNCH, {"name": "Go", "date": date(2026, 11, 30)}, after_tasks=(ws["A"], ws["B"])
    )
    change_id = request(editor)
    entry = scope.accept_change(
        editor, change_id, TradeoffIn.cut(f"#{ws['A']}", " c ", str(ws["A"])), "Ann Admin"
    )
    cut = {t.title: t for t in Task.select().where(Task.cancelled_at.is_null(False))}
    assert set(cut) == {"A", "C"}
    assert all(t.cancelled_at == FROZEN_NOW and t.version == 2 for t in cut.values())
    assert change(change_id).cut_task_ids == f"{ws['A']},{ws['C']}"
    assert entry.tradeoff_text == "cut 2 tasks: A, C"
    assert entry.cut_task_ids == (ws["A"], ws["C"])

    board = boards.board_view()
    assert board is not None
    columns = {c.name: [(card.title, card.position) for card in c.cards] for c in board.columns}
    assert columns["To Do"] == [("E", 0), ("B", 1), ("F", 2)]  # the gap closed
    assert columns["In Progress"] == []
    plan = timeline.load_timeline(project=LAUNCH)
    shown = {t.id for t in plan.tasks}
    assert ws["A"] not in shown and ws["C"] not in shown and ws["B"] in shown
    go = next(m for m in plan.milestones if m.name == "Go")
    assert go.after == (ws["B"],)  # it no longer waits for the cut task
    load = workload.load_workload(date(2026, 11, 23), weeks=1)
    assert ws["A"] not in load.tasks and ws["B"] in load.tasks
    after = goals.project_detail(LAUNCH)
    assert (after.tasks_open, after.tasks_done) == (before.tasks_open - 2, before.tasks_done)
    logged = Activity.select().where((Activity.entity == "task") & (Activity.action == "cancel"))
    assert {a.entity_id for a in logged} == {ws["A"], ws["C"]}


def test_a_cut_task_neither_moves_nor_changes(ws: dict[str, int], editor: ServiceContext) -> None:
    scope.accept_change(editor, request(editor), TradeoffIn.cut(f"#{ws['A']}"), "Ann Admin")
    in_progress = next(c for c in boards.board_view().columns if c.name == "In Progress")
    message = (
        f"task #{ws['A']} 'A' was cut by a scope change on 2026-11-23: "
        "it is kept for history and cannot change"
    )
    refused(lambda: tasks.move_task(editor, ws["A"], in_progress.id), RuleViolation, message)
    refused(
        lambda: tasks.update_task(editor, ws["A"], {"title": "A again"}), RuleViolation, message
    )


def test_adding_budget_raises_a_line_found_in_any_case(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    entry = scope.accept_change(editor, request(editor), TradeoffIn.budget("PAID", 1500), "olga")
    line = BudgetLine.get(BudgetLine.channel == "Paid")
    assert (line.planned, line.spent) == (4500, 500)
    assert BudgetLine.select().count() == 1
    assert entry.tradeoff_text == "budget +1,500 on Paid"
    assert (entry.budget_channel, entry.budget_amount) == ("Paid", 1500)


def test_adding_budget_creates_the_line_when_there_is_none(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    scope.accept_change(editor, request(editor), TradeoffIn.budget(" ads ", 250.5), "olga")
    line = BudgetLine.get(BudgetLine.channel == "ads")
    assert (line.planned, line.spent) == (250.5, 0)
    assert scope_history.history(LAUNCH)[0].tradeoff_text == "budget +250.5 on ads"


# --- refusals: nothing changes --------------------------------------------------------


def test_accepting_without_a_trade_off_is_refused(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    change_id = request(editor)
    refused(
        lambda: scope.accept_change(editor, change_id, None, "olga"),
        RuleViolation,
        f"trade-off: scope change #{change_id} cannot be accepted without one: extend the end "
        "date, cut tasks or add budget",
    )
    assert change(change_id).status == "proposed"


NO_APPROVER = "approver: name who approves the change (the project owner or an admin)"
NOT_OLGA = "approver: no member called 'Olgaa Owner' (did you mean 'Olga Owner'?)"
NOT_AN_APPROVER = (
    "approver: Ed Editor cannot approve scope changes of 'Launch': only its owner (Olga Owner) "
    "or an admin can"
)


@pytest.mark.parametrize(
    ("approver", "error", "message"),
    [
        (None, InvalidInput, NO_APPROVER),
        ("  ", InvalidInput, NO_APPROVER),
        ("Olgaa Owner", NotFound, NOT_OLGA),
        ("Ed Editor", RuleViolation, NOT_AN_APPROVER),
        ("Old Admin", RuleViolation, "approver: Old Admin is no longer an active member"),
    ],
)
def test_the_approver_must_be_the_owner_or_an_admin(
    ws: dict[str, int],
    editor: ServiceContext,
    approver: str | None,
    error: type[Exception],
    message: str,
) -> None:
    change_id = request(editor)
    refused(
        lambda: scope.accept_change(editor, change_id, TradeoffIn.extend(2), approver),
        error,
        message,
    )
    refused(lambda: scope.reject_change(editor, change_id, approver), error, message)


DAYS = "trade-off: days: extend by 1 to 260 working days"
AMOUNT = "trade-off: amount: must be more than 0"
KINDS = "'extend_date', 'cut_tasks' or 'add_budget'"


@pytest.mark.parametrize(
    ("tradeoff", "error", "message"),
    [
        ({"kind": "extend_date", "days": 0}, InvalidInput, f"{DAYS} (got 0)"),
        ({"kind": "extend_date", "days": -3}, InvalidInput, f"{DAYS} (got -3)"),
        (
            {"kind": "extend_date"},
            InvalidInput,
            "trade-off: days: give how many working days the end date moves",
        ),
        (
            {"kind": "extend_date", "days": 2, "amount": 5},
            InvalidInput,
            "trade-off: amount: does not go with extending the end date",
        ),
        (
            {"kind": "cut_tasks"},
            InvalidInput,
            "trade-off: tasks: name at least one open task to cut",
        ),
        (
            {"kind": "cut_tasks", "tasks": ["Nope"]},
            NotFound,
            "tasks: 'Launch' has no task called 'Nope'",
        ),
        ({"kind": "cut_tasks", "tasks": ["a", "#999"]}, NotFound, "tasks: no task with id 999"),
        ({"kind": "add_budget", "channel": "paid", "amount": 0}, InvalidInput, f"{AMOUNT} (got 0)"),
        (
            {"kind": "add_budget", "channel": "paid", "amount": -10},
            InvalidInput,
            f"{AMOUNT} (got -10)",
        ),
        (
            {"kind": "add_budget", "channel": " ", "amount": 10},
            InvalidInput,
            "trade-off: channel: name the budget line (channel) that gets the money",
        ),
        (
            {"kind": "shrink"},
            InvalidInput,
            f"trade-off: kind: input should be {KINDS} (got 'shrink')",
        ),
    ],
)
def test_a_bad_trade_off_is_refused(
    ws: dict[str, int],
    editor: ServiceContext,
    tradeoff: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    change_id = request(editor)
    refused(lambda: scope.accept_change(editor, change_id, tradeoff, "olga"), error, message)
    refused(lambda: scope.preview(change_id, tradeoff), error, message)


def test_tasks_that_cannot_be_cut(ws: dict[str, int], editor: ServiceContext) -> None:
    change_id = request(editor)

    def cut(*refs: str | int) -> None:
        scope.accept_change(editor, change_id, TradeoffIn.cut(*refs), "olga")

    refused(
        lambda: cut("B", ws["D"]),
        RuleViolation,
        f"tasks: #{ws['D']} 'D' is done: done work cannot be cut",
    )
    refused(
        lambda: cut(ws["E"]),
        RuleViolation,
        f"tasks: #{ws['E']} is not a task of 'Launch' (it belongs to project 'Other')",
    )
    refused(lambda: cut("Bee"), NotFound, "tasks: 'Launch' has no task called 'Bee'")
    scope.accept_change(editor, request(editor, "Other thing"), TradeoffIn.cut("B"), "olga")
    refused(lambda: cut(ws["B"]), RuleViolation, f"tasks: #{ws['B']} 'B' was already cut")


def test_an_ambiguous_title_asks_for_the_id(ws: dict[str, int], admin: ServiceContext) -> None:
    twin = tasks.create_task(admin, {"title": "b", "project": LAUNCH}).id
    change_id = request(admin)
    refused(
        lambda: scope.accept_change(admin, change_id, TradeoffIn.cut("B"), "olga"),
        InvalidInput,
        f"tasks: 'B' names 2 tasks (#{ws['B']}, #{twin}): give the id",
    )


def test_a_project_without_an_end_cannot_be_extended(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    change_id = scope.request_change(editor, "Other", "More")
    refused(
        lambda: scope.accept_change(editor, change_id, TradeoffIn.extend(3), "Ann Admin"),
        RuleViolation,
        "project 'Other' has no end date to extend: set one first, or choose another trade-off",
    )


def test_a_decision_is_final(ws: dict[str, int], editor: ServiceContext) -> None:
    change_id = request(editor)
    scope.accept_change(editor, change_id, TradeoffIn.extend(1), "olga")
    message = (
        f"scope change #{change_id} was already accepted on 2026-11-23 by Olga Owner: a "
        "decision is final (record a new request instead)"
    )
    refused(
        lambda: scope.accept_change(editor, change_id, TradeoffIn.extend(1), "olga"),
        RuleViolation,
        message,
    )
    refused(lambda: scope.reject_change(editor, change_id, "olga"), RuleViolation, message)
    refused(
        lambda: scope.accept_change(editor, 404, None, "olga"),
        NotFound,
        "no scope change with id 404",
    )


def test_a_viewer_cannot_decide(
    ws: dict[str, int], editor: ServiceContext, viewer: ServiceContext
) -> None:
    change_id = request(editor)
    message = "Test Viewer is a viewer and cannot decide scope changes; that needs the editor role"
    refused(
        lambda: scope.accept_change(viewer, change_id, TradeoffIn.extend(1), "olga"),
        PermissionDenied,
        message,
    )
    refused(lambda: scope.reject_change(viewer, change_id, "olga"), PermissionDenied, message)
    assert scope.refusal(viewer).startswith("Test Viewer is a viewer and cannot record or decide")
    assert scope.refusal(editor) == ""


def test_a_failing_write_leaves_nothing_half_done(
    ws: dict[str, int], editor: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trade-off and the decision go in one transaction: a late failure undoes both."""
    change_id = request(editor)
    before = dump_database()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuleViolation("budget refused")

    monkeypatch.setattr(planning, "set_budget_line", broken)
    with pytest.raises(RuleViolation):
        scope.accept_change(editor, change_id, TradeoffIn.budget("paid", 10), "olga")
    assert dump_database() == before


# --- rejecting, history, preview, the log --------------------------------------------


def test_rejecting_keeps_the_reason(ws: dict[str, int], editor: ServiceContext) -> None:
    change_id = request(editor)
    entry = scope.reject_change(editor, change_id, "Ann Admin", "  no budget left  ")
    row = change(change_id)
    assert (row.status, row.approved_by.name, row.decided_at, row.tradeoff) == (
        "rejected",
        "Ann Admin",
        FROZEN_NOW,
        None,
    )
    assert (entry.status, entry.reason, entry.tradeoff_text) == (
        ScopeStatus.REJECTED,
        "no budget left",
        "",
    )
    assert Project.get(Project.name == LAUNCH).end == END


def test_history_lists_every_change_in_request_order(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    late = scope.request_change(editor, LAUNCH, "Late one", "Ann", date(2026, 11, 22))
    early = scope.request_change(editor, LAUNCH, "Early one", "Bo", date(2026, 11, 2))
    scope.request_change(editor, "Other", "Elsewhere")
    scope.accept_change(editor, late, TradeoffIn.extend(5), "olga")
    scope.accept_change(editor, early, TradeoffIn.cut("A", "B"), "olga")
    found = scope_history.history(LAUNCH)
    assert [(e.description, e.status, e.tradeoff, e.tradeoff_text) for e in found] == [
        ("Early one", ScopeStatus.ACCEPTED, Tradeoff.CUT_TASKS, "cut 2 tasks: A, B"),
        (
            "Late one",
            ScopeStatus.ACCEPTED,
            Tradeoff.EXTEND_DATE,
            "end date +5 working days (Dec 4 → Dec 14)",
        ),
    ]
    assert scope_history.get_change(late).approver == "Olga Owner"


def test_preview_says_what_would_change_and_writes_nothing(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    change_id = request(editor)
    before = dump_database()
    assert scope.preview(change_id, TradeoffIn.extend(5)) == (
        "end moves Dec 4 → Dec 14 (+5 working days)",
        "with it: End Dec 4 → Dec 14, Final review Dec 9 → Dec 16",
    )
    assert scope.preview(change_id, TradeoffIn.cut("B")) == (
        f"cuts 1 task: #{ws['B']} B (To Do)",
        "cut tasks leave the board, the timeline and the workload (kept for history)",
    )
    assert scope.preview(change_id, TradeoffIn.budget("paid", 500)) == (
        "Paid planned 3,000 → 3,500",
    )
    assert scope.preview(change_id, TradeoffIn.budget("events", 500)) == (
        "new budget line events: 500 planned",
    )
    assert scope.preview(change_id, None) == ()
    assert dump_database() == before


def test_the_scope_log_offers_open_tasks_channels_and_approvers(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    scope.accept_change(editor, request(editor), TradeoffIn.cut("F"), "olga")
    log = scope_history.scope_log(LAUNCH)
    assert (log.project, log.end) == (LAUNCH, END)
    assert [(t.title, t.column) for t in log.open_tasks] == [
        ("A", "To Do"),
        ("B", "To Do"),
        ("C", "In Progress"),
    ]
    assert log.channels == ("Paid", "email")  # the line, then planned channels without one
    assert log.approvers == ("Olga Owner", "Ann Admin")  # the owner first; not the inactive admin
    assert [e.tradeoff_text for e in log.entries] == ["cut 1 task: F"]  # fmt: skip


def test_the_scope_log_reads_in_a_constant_number_of_queries(
    ws: dict[str, int], editor: ServiceContext
) -> None:
    def counted() -> int:
        with count_queries() as queries:
            scope_history.scope_log(LAUNCH)
        return queries.count

    scope.accept_change(editor, request(editor), TradeoffIn.cut("A"), "olga")
    few = counted()
    for index in range(6):
        change_id = request(editor, f"More {index}")
        if index % 2:
            scope.accept_change(editor, change_id, TradeoffIn.budget("paid", 10), "olga")
        else:
            scope.reject_change(editor, change_id, "olga", "no")
    assert counted() == few == 7
