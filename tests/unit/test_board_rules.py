"""Board rules: `check_move` answers as `move_task` acts, review hand-off and
sign-off, per-person limits set by an admin — on the demo workspace.

The demo's "Marketing" board: To Do, In Progress (WIP 6, five cards), Review
(WIP 4, full) and Done. Cards are found by title, members by name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Activity, Task
from mpm_tui.schemas.views import ColumnView, MoveCheck, TaskView
from mpm_tui.services import board_rules, boards, members, tasks
from mpm_tui.services.board_rules import ReviewerNeeded
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import (
    InvalidInput,
    MpmError,
    NotFound,
    PermissionDenied,
    PersonLimitReached,
    WipLimitReached,
)
from tests.conftest import FROZEN_NOW, dump_database, frozen_clock, refused

BOARD = "Marketing"
REVIEW_FULL = (
    "'Review' on board 'Marketing' is at its WIP limit (4/4): finish or move a card out first"
)
BLOG_POST = "Launch announcement blog post"  # Review; owner Jo Park, reviewer Leo Martins
HEADER = "Issue 13: design header image"  # In Progress; owner Priya Raman, no reviewer


def as_member(name: str) -> ServiceContext:
    """A session acting as the demo member `name`, with that member's role."""
    member = next(m for m in members.list_members() if m.name == name)
    return ServiceContext(Actor(member.name, member.role, member.id), frozen_clock)


def card(title: str) -> TaskView:
    return next(t for t in tasks.list_tasks(board=BOARD) if t.title == title)


def column_id(name: str) -> int:
    view = boards.board_view()
    assert view is not None and view.name == BOARD
    return next(c.id for c in view.columns if c.name == name)


def column(name: str) -> ColumnView:
    view = boards.board_view()
    assert view is not None
    return next(c for c in view.columns if c.name == name)


def last_entry(task_id: int) -> Activity:
    return (
        Activity.select()
        .where((Activity.entity == "task") & (Activity.entity_id == task_id))
        .order_by(Activity.id.desc())
        .first()
    )


def make_review_room(admin: ServiceContext) -> None:
    boards.set_wip_limit(admin, BOARD, "Review", 5)


def limit_in_progress_per_person(admin: ServiceContext) -> None:
    boards.set_person_limit(admin, BOARD, "In Progress", 1)


# --- check_move agrees with move_task -------------------------------------------


@dataclass(frozen=True)
class Case:
    actor: str  # a demo member's name, or "admin" for the test admin (no member)
    title: str
    target: str
    check: MoveCheck
    error: type[MpmError] | None = None  # what move_task raises (None: it moves)
    setup: Callable[[ServiceContext], None] | None = None


CASES = {
    "allowed move": Case("Leo Martins", "Write press release", "In Progress", MoveCheck(True)),
    "full column": Case(
        "Priya Raman", HEADER, "Review", MoveCheck(False, REVIEW_FULL), WipLimitReached
    ),
    "per-person limit": Case(
        "Sam Okafor",
        "Schema markup for articles",
        "In Progress",
        MoveCheck(
            False, "Sam Okafor already holds 1 card in 'In Progress' (the per-person limit is 1)"
        ),
        PersonLimitReached,
        setup=limit_in_progress_per_person,
    ),
    "viewer": Case(
        "Grace Lindqvist",
        "Write press release",
        "In Progress",
        MoveCheck(
            False, "Grace Lindqvist is a viewer and cannot move tasks; that needs the editor role"
        ),
        PermissionDenied,
    ),
    "into review without a reviewer": Case(
        "Priya Raman",
        HEADER,
        "Review",
        MoveCheck(
            True,
            f"{HEADER!r} needs a reviewer before it goes to 'Review': choose who signs it off",
            needs_reviewer=True,
        ),
        ReviewerNeeded,
        setup=make_review_room,
    ),
    "sign-off by an editor who is not the reviewer": Case(
        "Jo Park",
        BLOG_POST,
        "Done",
        MoveCheck(False, f"only Leo Martins (the reviewer) or an admin can sign off {BLOG_POST!r}"),
        PermissionDenied,
    ),
    "sign-off by the reviewer": Case("Leo Martins", BLOG_POST, "Done", MoveCheck(True)),
    "sign-off by an admin member": Case("Maya Chen", BLOG_POST, "Done", MoveCheck(True)),
    "sign-off by an admin who is no member": Case("admin", BLOG_POST, "Done", MoveCheck(True)),
    "reorder in a full column": Case("Jo Park", BLOG_POST, "Review", MoveCheck(True)),
    "out of Done back to work": Case(
        "Leo Martins", "Choose key visual", "In Progress", MoveCheck(True)
    ),
    "into review with a reviewer already": Case(
        "Jo Park",
        BLOG_POST,
        "Review",
        MoveCheck(True),
        setup=lambda admin: (
            boards.set_wip_limit(admin, BOARD, "Review", 5),
            tasks.move_task(admin, card(BLOG_POST).id, column_id("In Progress")),
        ),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_check_move_agrees_with_move_task(demo_db: Path, admin: ServiceContext, case: Case) -> None:
    if case.setup is not None:
        case.setup(admin)
    ctx = admin if case.actor == "admin" else as_member(case.actor)
    task, target = card(case.title), column_id(case.target)

    before = dump_database()
    assert board_rules.check_move(ctx, task.id, target) == case.check
    assert dump_database() == before, "check_move wrote to the database"

    if case.error is None:
        moved = tasks.move_task(ctx, task.id, target, 0)
        assert (moved.column, moved.position) == (case.target, 0)
    else:
        refused(lambda: tasks.move_task(ctx, task.id, target, 0), case.error, case.check.reason)


def test_check_move_on_unknown_task_or_column(demo_db: Path, admin: ServiceContext) -> None:
    task = card(HEADER)
    assert board_rules.check_move(admin, 99999, column_id("Done")) == MoveCheck(
        False, "no task with id 99999"
    )
    assert board_rules.check_move(admin, task.id, 99999) == MoveCheck(
        False, "no column with id 99999"
    )


@pytest.mark.parametrize(
    ("title", "target", "queries"),
    [
        pytest.param("Write press release", "In Progress", 3, id="allowed, WIP counted"),
        pytest.param(HEADER, "Review", 3, id="refused, column full"),
        pytest.param("Write press release", "To Do", 2, id="reorder"),
        pytest.param("Issue 13: write lead article", "In Progress", 3, id="out of Done"),
    ],
)
def test_check_move_costs_a_few_queries(
    demo_db: Path, admin: ServiceContext, title: str, target: str, queries: int
) -> None:
    """Asked on every key press while a card is carried: a constant, small cost."""
    task, target_id = card(title), column_id(target)
    with count_queries() as counted:
        board_rules.check_move(admin, task.id, target_id)
    assert counted.count == queries


# --- review hand-off ---------------------------------------------------------------


def test_move_into_review_sets_the_reviewer_and_logs_it(
    demo_db: Path, admin: ServiceContext
) -> None:
    make_review_room(admin)
    task = card(HEADER)
    priya = as_member("Priya Raman")
    moved = tasks.move_task(priya, task.id, column_id("Review"), reviewer="maya")  # a handle
    assert (moved.column, moved.position, moved.reviewer) == ("Review", 4, "Maya Chen")
    assert moved.version == task.version + 1
    assert Task.get_by_id(task.id).reviewer.name == "Maya Chen"

    entry = last_entry(task.id)
    assert (entry.action, entry.actor_name) == ("move", "Priya Raman")
    assert entry.summary == f"moved In Progress → Review: {HEADER!r} (reviewer: Maya Chen)"
    assert json.loads(entry.before) == {
        "column": "In Progress",
        "position": task.position,
        "reviewer": None,
    }
    assert json.loads(entry.after) == {"column": "Review", "position": 4, "reviewer": "Maya Chen"}


def test_the_owner_may_be_the_reviewer(demo_db: Path, admin: ServiceContext) -> None:
    make_review_room(admin)
    priya = as_member("Priya Raman")
    moved = tasks.move_task(priya, card(HEADER).id, column_id("Review"), reviewer="Priya Raman")
    assert (moved.owner, moved.reviewer) == ("Priya Raman", "Priya Raman")
    # … and then signs it off herself.
    done = tasks.move_task(priya, moved.id, column_id("Done"))
    assert (done.column, done.completed_at) == ("Done", FROZEN_NOW)


def test_a_new_reviewer_replaces_the_old_one(demo_db: Path, admin: ServiceContext) -> None:
    jo = as_member("Jo Park")
    post = card(BLOG_POST)
    tasks.move_task(jo, post.id, column_id("In Progress"))
    moved = tasks.move_task(jo, post.id, column_id("Review"), reviewer="Sam Okafor")
    assert moved.reviewer == "Sam Okafor"
    entry = last_entry(post.id)
    assert json.loads(entry.before)["reviewer"] == "Leo Martins"
    assert json.loads(entry.after)["reviewer"] == "Sam Okafor"
    refused(
        lambda: tasks.move_task(as_member("Leo Martins"), post.id, column_id("Done")),
        PermissionDenied,
        f"only Sam Okafor (the reviewer) or an admin can sign off {BLOG_POST!r}",
    )


def test_moving_back_into_review_keeps_the_reviewer(demo_db: Path, admin: ServiceContext) -> None:
    jo = as_member("Jo Park")
    post = card(BLOG_POST)
    tasks.move_task(jo, post.id, column_id("In Progress"))
    moved = tasks.move_task(jo, post.id, column_id("Review"))
    assert moved.reviewer == "Leo Martins"
    entry = last_entry(post.id)
    assert entry.summary == f"moved In Progress → Review: {BLOG_POST!r}"
    assert json.loads(entry.after) == {"column": "Review", "position": 3}


def test_a_reviewer_does_not_get_past_a_full_review_column(
    demo_db: Path, admin: ServiceContext
) -> None:
    priya = as_member("Priya Raman")
    refused(
        lambda: tasks.move_task(priya, card(HEADER).id, column_id("Review"), reviewer="Maya Chen"),
        WipLimitReached,
        REVIEW_FULL,
    )


@pytest.mark.parametrize(
    ("reviewer", "target", "error", "message"),
    [
        pytest.param(
            "Maya Chn",
            "Review",
            NotFound,
            "no member called 'Maya Chn' (did you mean 'Maya Chen'?)",
            id="unknown member",
        ),
        pytest.param(
            "Maya Chen",
            "Done",
            InvalidInput,
            "reviewer: a reviewer is chosen when a card moves into a review column, "
            "and 'Done' is not one",
            id="not a review column",
        ),
    ],
)
def test_a_bad_reviewer_is_refused(
    demo_db: Path,
    admin: ServiceContext,
    reviewer: str,
    target: str,
    error: type[Exception],
    message: str,
) -> None:
    make_review_room(admin)
    priya = as_member("Priya Raman")
    refused(
        lambda: tasks.move_task(priya, card(HEADER).id, column_id(target), reviewer=reviewer),
        error,
        message,
    )


def test_move_by_column_name_takes_a_reviewer(demo_db: Path, admin: ServiceContext) -> None:
    make_review_room(admin)
    moved = tasks.move_task_to(as_member("Priya Raman"), card(HEADER).id, "review", reviewer="leo")
    assert (moved.column, moved.reviewer) == ("Review", "Leo Martins")


# --- sign-off ------------------------------------------------------------------------


def test_sign_off_is_logged_as_one_sign_off_entry(demo_db: Path, admin: ServiceContext) -> None:
    post = card(BLOG_POST)
    entries_before = Activity.select().count()
    done = tasks.move_task(as_member("Leo Martins"), post.id, column_id("Done"), 0)
    assert (done.column, done.position, done.completed_at) == ("Done", 0, FROZEN_NOW)
    assert Activity.select().count() == entries_before + 1

    entry = last_entry(post.id)
    assert (entry.action, entry.actor_name, entry.at) == ("sign-off", "Leo Martins", FROZEN_NOW)
    assert entry.summary == f"Leo Martins signed off {BLOG_POST!r}"
    assert json.loads(entry.before) == {"column": "Review", "position": post.position}
    assert json.loads(entry.after) == {"column": "Done", "position": 0}


def test_an_admin_sign_off_names_the_admin(demo_db: Path, admin: ServiceContext) -> None:
    post = card(BLOG_POST)
    tasks.move_task(admin, post.id, column_id("Done"))
    entry = last_entry(post.id)
    assert (entry.action, entry.summary) == ("sign-off", f"Test Admin signed off {BLOG_POST!r}")


def test_a_card_without_reviewer_is_signed_off_by_an_admin_only(
    demo_db: Path, admin: ServiceContext, editor: ServiceContext
) -> None:
    """A card put straight into Review (created there) has nobody to sign it off."""
    make_review_room(admin)
    lone = tasks.create_task(admin, {"title": "Lone card", "board": BOARD, "column": "Review"})
    message = "only an admin can sign off 'Lone card': it has no reviewer"
    assert board_rules.check_move(editor, lone.id, column_id("Done")) == MoveCheck(False, message)
    refused(lambda: tasks.move_task(editor, lone.id, column_id("Done")), PermissionDenied, message)
    assert tasks.move_task(admin, lone.id, column_id("Done")).column == "Done"


def test_straight_to_done_is_no_sign_off(demo_db: Path, admin: ServiceContext) -> None:
    """Only Review → Done needs the reviewer; work without review may finish directly."""
    task = card("Build launch landing page")
    done = tasks.move_task(as_member("Tom Becker"), task.id, column_id("Done"))
    assert done.completed_at == FROZEN_NOW
    assert last_entry(task.id).action == "move"


def test_an_editor_may_reopen_a_done_card(demo_db: Path, admin: ServiceContext) -> None:
    task = card("Choose key visual")
    assert task.completed_at is not None
    reopened = tasks.move_task(as_member("Jo Park"), task.id, column_id("In Progress"))
    assert (reopened.column, reopened.completed_at) == ("In Progress", None)
    assert Task.get_by_id(task.id).completed_at is None


# --- per-person limits set by an admin ----------------------------------------------


def test_set_person_limit_returns_the_column_and_logs_it(
    demo_db: Path, admin: ServiceContext
) -> None:
    view = boards.set_person_limit(admin, "marketing", "in progress", 2)
    assert (view.name, view.person_limit, view.wip_limit) == ("In Progress", 2, 6)
    assert column("In Progress").person_limit == 2
    entry = (
        Activity.select()
        .where((Activity.entity == "column") & (Activity.entity_id == view.id))
        .order_by(Activity.id.desc())
        .first()
    )
    assert (entry.action, entry.actor_name) == ("update", "Test Admin")
    assert entry.summary == "per-person limit of 'In Progress' none → 2"
    assert json.loads(entry.before) == {"person_limit": None}
    assert json.loads(entry.after) == {"person_limit": 2}

    boards.set_person_limit(admin, None, "In Progress", None)
    assert column("In Progress").person_limit is None


TOM_FULL = "Tom Becker already holds 1 card in 'In Progress' (the per-person limit is 1)"


def test_person_limit_refuses_move_create_and_reassign(
    demo_db: Path, admin: ServiceContext, editor: ServiceContext
) -> None:
    boards.set_person_limit(admin, BOARD, "In Progress", 1)  # Tom already holds two there
    waiting = tasks.create_task(editor, {"title": "Brief", "board": BOARD, "owner": "Tom Becker"})
    refused(
        lambda: tasks.move_task(editor, waiting.id, column_id("In Progress")),
        PersonLimitReached,
        TOM_FULL,
    )
    refused(
        lambda: tasks.create_task(
            editor,
            {"title": "Another", "board": BOARD, "column": "In Progress", "owner": "tom"},
        ),
        PersonLimitReached,
        TOM_FULL,
    )
    refused(
        lambda: tasks.update_task(editor, card(HEADER).id, {"owner": "Tom Becker"}),
        PersonLimitReached,
        TOM_FULL,
    )
    # Other people's cards still go in.
    other = card("Write press release")
    assert board_rules.check_move(editor, other.id, column_id("In Progress")) == MoveCheck(True)
    boards.set_person_limit(admin, BOARD, "In Progress", None)
    assert tasks.move_task(editor, waiting.id, column_id("In Progress")).column == "In Progress"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda ctx: boards.set_person_limit(ctx, BOARD, "In Progress", 0),
            InvalidInput,
            "per-person limit: must be a whole number from 1 to 999 or none (got 0)",
            id="zero",
        ),
        pytest.param(
            lambda ctx: boards.set_person_limit(ctx, BOARD, "In Progres", 2),
            NotFound,
            "board 'Marketing' has no column 'In Progres' (did you mean 'In Progress'?)",
            id="unknown column",
        ),
        pytest.param(
            lambda ctx: boards.set_wip_limit(ctx, "Marketting", "Review", 2),
            NotFound,
            "no board called 'Marketting' (did you mean 'Marketing'?)",
            id="unknown board",
        ),
    ],
)
def test_bad_limits_are_refused(
    demo_db: Path,
    admin: ServiceContext,
    call: Callable[[ServiceContext], object],
    error: type[Exception],
    message: str,
) -> None:
    refused(lambda: call(admin), error, message)


@pytest.mark.parametrize(
    ("call", "doing"),
    [
        (lambda ctx: boards.set_person_limit(ctx, BOARD, "Review", 2), "change per-person limits"),
        (lambda ctx: boards.set_wip_limit(ctx, BOARD, "Review", 5), "change WIP limits"),
    ],
)
def test_only_admins_change_limits(
    demo_db: Path,
    editor: ServiceContext,
    call: Callable[[ServiceContext], object],
    doing: str,
) -> None:
    refused(
        lambda: call(editor),
        PermissionDenied,
        f"Test Editor is an editor and cannot {doing}; that needs the admin role",
    )


def test_set_wip_limit_finds_board_and_column_in_any_case(
    demo_db: Path, admin: ServiceContext
) -> None:
    view = boards.set_wip_limit(admin, "  MARKETING ", "review", 5)
    assert (view.name, view.wip_limit, view.is_review) == ("Review", 5, True)
    assert column("Review").wip_label == "4/5"
    assert board_rules.check_move(admin, card(HEADER).id, view.id).allowed
