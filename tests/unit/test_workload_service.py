"""The workload service on a real database: what is counted, filters, WIP, queries,
reassigning, time off and the collaborator share setting.

The calendar (2026; "now" is Monday 23 November, 09:30):

            Mon     Tue     Wed     Thu     Fri
    week 0  23 Nov  24      25      26      27
    week 1  30 Nov  1 Dec   2       3       4
    week 2  7 Dec   8       9       10      11
    week 3  14 Dec  15      16      17      18

`load()` reads the four weeks 0–3. The workspace built by `build()`:

    member        capacity  notes
    Ana           5         admin
    Ben           4         editor
    Studio Kite   2.5       external (organisation Kite)
    Carla         0         viewer, a stakeholder who only looks
    Zed           5         no longer active

    task     owner  board/column       project  estimate  dates              days per week
    Brief    Ana    Marketing/To Do    Launch   4         Thu 26 → Tue 1     w0 2, w1 2
    Copy     Ben    Marketing/Doing    Launch   3         Mon 30 → Wed 2     w1 3
    Banner   Kite   Web/To Do          -        2         due Fri 4          w1 2 (Thu 3, Fri 4)
    Survey   -      Marketing/To Do    Launch   1         from Mon 23        w0 1 (unassigned)
    Ideas    Ben    Marketing/To Do    Launch   2         none               unscheduled 2

and four tasks of Ana's that must not count (each 5 days, Mon 7 → Fri 11, which
would put 5 in Ana's week 2): Shipped (in the Done column), Cut (cancelled),
Old work (project Old, cancelled), Closed work (project Closed, done).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Member, Setting, Task
from mpm_tui.logic.workload import Band, Cell, Load
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import ColumnIn
from mpm_tui.schemas.workload import Team, Wip, WorkloadFilter, WorkloadView
from mpm_tui.services import (
    boards,
    members,
    planning,
    projects,
    retros,
    settings,
    tasks,
    team_admin,
    workload,
)
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    PersonLimitReached,
    VersionConflict,
)
from tests.conftest import FROZEN_NOW, frozen_clock, refused

SHARE = "workload.collaborator_share"
FIRST = date(2026, 11, 23)
MON_23, THU_26 = date(2026, 11, 23), date(2026, 11, 26)
MON_30, TUE_1, WED_2 = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)
THU_3, FRI_4, SUN_6 = date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 6)
MON_7, TUE_8, THU_10, FRI_11 = (date(2026, 12, d) for d in (7, 8, 10, 11))

MARKETING_COLUMNS = (
    ColumnIn(name="To Do"),
    ColumnIn(name="Doing", person_limit=2),
    ColumnIn(name="Review", is_review=True),
    ColumnIn(name="Done", is_done=True),
)
FULL_RETRO: dict[str, Any] = {
    "items": (
        {"section": "went_well", "text": "On time"},
        {"section": "went_badly", "text": "Late copy"},
        {"section": "improvement", "text": "Start earlier"},
    )
}


def acting(name: str, role: Role = Role.EDITOR) -> ServiceContext:
    """A session for the member `name` (their id, so "their own" rules apply)."""
    member = Member.get_or_none(Member.name == name)
    return ServiceContext(Actor(name, role, member.id if member else None), frozen_clock)


def member_id(name: str) -> int:
    return Member.get(Member.name == name).id


def add(ctx: ServiceContext, title: str, **fields: Any) -> int:
    values = {"title": title, "board": "Marketing", **fields}
    return tasks.create_task(ctx, values).id


def load(where: WorkloadFilter | None = None, **kwargs: Any) -> WorkloadView:
    return workload.load_workload(FIRST, 4, where, **kwargs)


def names(view: WorkloadView) -> list[str]:
    return [p.name for p in view.people]


def build_members(admin: ServiceContext) -> None:
    members.create_member(admin, {"name": "Ana", "role": "admin"})
    members.create_member(admin, {"name": "Ben", "capacity_days": 4})
    members.create_member(
        admin,
        {
            "name": "Studio Kite",
            "capacity_days": 2.5,
            "is_external": True,
            "organisation": "Kite",
        },
    )
    members.create_member(admin, {"name": "Carla", "role": "viewer", "capacity_days": 0})
    members.create_member(admin, {"name": "Zed", "active": False})
    boards.create_board(admin, {"name": "Marketing", "columns": MARKETING_COLUMNS})
    boards.create_board(admin, {"name": "Web"})
    projects.create_project(admin, {"name": "Launch", "status": "active"})


def build(admin: ServiceContext) -> dict[str, int]:
    """The workspace of the module docstring; returns task ids by title."""
    build_members(admin)
    projects.create_project(admin, {"name": "Old", "status": "active"})
    projects.create_project(admin, {"name": "Closed", "status": "active"})
    ids = {
        "Brief": add(
            admin, "Brief", owner="Ana", project="Launch", estimate_days=4, start=THU_26, due=TUE_1
        ),
        "Copy": add(
            admin,
            "Copy",
            owner="Ben",
            project="Launch",
            column="Doing",
            estimate_days=3,
            start=MON_30,
            due=WED_2,
        ),
        "Banner": add(
            admin, "Banner", board="Web", owner="Studio Kite", estimate_days=2, due=FRI_4
        ),
        "Survey": add(admin, "Survey", project="Launch", estimate_days=1, start=MON_23),
        "Ideas": add(admin, "Ideas", owner="Ben", project="Launch", estimate_days=2),
    }
    five = {"owner": "Ana", "estimate_days": 5, "start": MON_7, "due": FRI_11}
    ids["Shipped"] = add(admin, "Shipped", column="Done", project="Launch", **five)
    ids["Cut"] = add(admin, "Cut", project="Launch", **five)
    Task.update(cancelled_at=datetime(2026, 11, 23, 9, 0)).where(Task.id == ids["Cut"]).execute()
    ids["Old work"] = add(admin, "Old work", project="Old", **five)
    projects.set_status(admin, "Old", "cancelled")
    ids["Closed work"] = add(admin, "Closed work", project="Closed", **five)
    retro = retros.create_retrospective(admin, "Closed", FULL_RETRO)
    retros.complete_retrospective(admin, retro)
    projects.set_status(admin, "Closed", "done")
    return ids


OPEN = {"Brief", "Copy", "Banner", "Survey", "Ideas"}


# --- the numbers --------------------------------------------------------------------


def test_the_reference_calendar_is_right() -> None:
    assert [d.weekday() for d in (MON_23, THU_26, MON_30, TUE_1, WED_2)] == [0, 3, 0, 1, 2]
    assert [d.weekday() for d in (THU_3, FRI_4, SUN_6, MON_7, TUE_8, THU_10, FRI_11)] == [
        3,
        4,
        6,
        0,
        1,
        3,
        4,
    ]
    assert FROZEN_NOW.date() == FIRST


def test_workload_of_the_workspace(db_path: Path, admin: ServiceContext) -> None:
    ids = build(admin)
    ana, ben, kite = member_id("Ana"), member_id("Ben"), member_id("Studio Kite")
    view = load()
    assert view.weeks == (MON_23, MON_30, MON_7, date(2026, 12, 14))
    assert names(view) == ["Ana", "Ben", "Studio Kite"]  # internal first; Carla, Zed hidden
    assert view.share == 0
    assert view.show_unassigned
    assert view.rows() == [ana, ben, kite, None]
    w = view.workload
    # Brief: Thu 26, Fri 27 | Mon 30, Tue 1, one day each.
    assert [w.cell(ana, week) for week in range(4)] == [
        Cell(2.0, 5.0, 1),
        Cell(2.0, 5.0, 1),
        Cell(0.0, 5.0, 0),  # Shipped, Cut, Old work and Closed work are not counted
        Cell(0.0, 5.0, 0),
    ]
    assert w.cell(ben, 1) == Cell(3.0, 4.0, 1)  # Copy, 3 of 4: 75 %, under
    assert w.cell(ben, 1).band is Band.UNDER
    assert w.cell(kite, 1) == Cell(2.0, 2.5, 1)  # Banner laid back from Fri 4: Thu 3, Fri 4
    assert w.cell(None, 0) == Cell(1.0, 0.0, 1)  # Survey, from Mon 23, one day
    assert w.unscheduled == {ben: [Load(ids["Ideas"], 2.0)]}
    assert w.week_total(0) == Cell(3.0, 11.5, 2)  # Ana 2 + unassigned 1 of 5 + 4 + 2.5
    assert w.grand_total() == Cell(10.0, 46.0, 4)  # 3 + 7 + 0 + 0 of 4 × 11.5
    assert set(view.tasks) == {ids[t] for t in OPEN}
    brief = view.tasks[ids["Brief"]]
    assert (brief.title, brief.project, brief.owner, brief.owner_id) == (
        "Brief",
        "Launch",
        "Ana",
        ana,
    )
    assert (brief.board, brief.column, brief.start, brief.due, brief.estimate, brief.version) == (
        "Marketing",
        "To Do",
        THU_26,
        TUE_1,
        4.0,
        1,
    )
    assert view.tasks[ids["Survey"]].owner is None


def test_a_task_moved_to_done_leaves_the_workload(db_path: Path, admin: ServiceContext) -> None:
    ids = build(admin)
    done = boards.board_view(None)
    assert done is not None
    done_id = next(c.id for c in done.columns if c.name == "Done")
    tasks.move_task(admin, ids["Survey"], done_id)
    view = load()
    assert ids["Survey"] not in view.tasks
    assert view.workload.cell(None, 0) == Cell(0.0, 0.0, 0)


def test_completed_and_done_column_are_each_enough_to_leave_a_task_out(
    db_path: Path, admin: ServiceContext
) -> None:
    """Normally a card in Done has a completion time and no other card has one;
    each rule must hold alone (say, for data imported from elsewhere)."""
    ids = build(admin)
    Task.update(completed_at=None).where(Task.id == ids["Shipped"]).execute()
    Task.update(completed_at=datetime(2026, 11, 20, 17, 0)).where(
        Task.id == ids["Survey"]
    ).execute()
    view = load()
    assert ids["Shipped"] not in view.tasks  # in the Done column, no completion time
    assert ids["Survey"] not in view.tasks  # completed, still in To Do
    assert view.workload.cell(member_id("Ana"), 2) == Cell(0.0, 5.0, 0)
    assert view.workload.cell(None, 0) == Cell(0.0, 0.0, 0)


def test_tasks_of_a_project_on_hold_still_count(db_path: Path, admin: ServiceContext) -> None:
    """Only done and cancelled projects are left out; on hold is still work."""
    ids = build(admin)
    projects.set_status(admin, "Launch", "on_hold")
    assert ids["Brief"] in load().tasks


# --- filters ------------------------------------------------------------------------


def test_filter_by_project(db_path: Path, admin: ServiceContext) -> None:
    ids = build(admin)
    view = load(WorkloadFilter(project="launch"))
    assert view.filter == WorkloadFilter(project="Launch")  # the stored name
    assert set(view.tasks) == {ids[t] for t in ("Brief", "Copy", "Survey", "Ideas")}
    kite = member_id("Studio Kite")
    assert names(view) == ["Ana", "Ben", "Studio Kite"]  # still listed, with nothing
    assert view.workload.cell(kite, 1) == Cell(0.0, 2.5, 0)
    assert view.workload.cell(member_id("Ana"), 0).assigned == 2


def test_filter_by_board(db_path: Path, admin: ServiceContext) -> None:
    ids = build(admin)
    view = load(WorkloadFilter(board="web"))
    assert view.filter == WorkloadFilter(board="Web")
    assert set(view.tasks) == {ids["Banner"]}
    assert view.workload.cell(member_id("Ana"), 0) == Cell(0.0, 5.0, 0)
    assert view.workload.cell(member_id("Studio Kite"), 1) == Cell(2.0, 2.5, 1)
    assert view.workload.cell(None, 0) == Cell(0.0, 0.0, 0)


def test_unknown_project_or_board_is_not_found(db_path: Path, admin: ServiceContext) -> None:
    build(admin)
    with pytest.raises(NotFound, match="no project called 'Lunch'"):
        load(WorkloadFilter(project="Lunch"))
    with pytest.raises(NotFound, match="no board called 'Wob'"):
        load(WorkloadFilter(board="Wob"))


def test_internal_team_hides_agencies_and_the_unassigned_row(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    view = load(WorkloadFilter(team=Team.INTERNAL))
    assert names(view) == ["Ana", "Ben"]
    assert not view.show_unassigned
    assert view.rows() == [member_id("Ana"), member_id("Ben")]


def test_external_team_hides_internal_people_and_the_unassigned_row(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    view = load(WorkloadFilter(team=Team.EXTERNAL))
    kite = member_id("Studio Kite")
    assert names(view) == ["Studio Kite"]
    assert [(p.external, p.organisation) for p in view.people] == [(True, "Kite")]
    assert not view.show_unassigned
    assert view.rows() == [kite]
    assert view.workload.cell(kite, 1) == Cell(2.0, 2.5, 1)


def test_team_totals_add_only_the_rows_shown(db_path: Path, admin: ServiceContext) -> None:
    """External team: only Studio Kite is shown (nothing in week 0, 2 days in
    week 1), so the totals are 0/2.5 and 2/2.5 and one task in all; the
    unassigned Survey (1 day in week 0) is in no row and so in no total.
    Internal team: Ana 2 in week 0 of 5 + 4 = 9, again without Survey."""
    build(admin)
    w = load(WorkloadFilter(team=Team.EXTERNAL)).workload
    assert w.week_total(0) == Cell(0.0, 2.5, 0)
    assert w.week_total(1) == Cell(2.0, 2.5, 1)
    assert w.grand_total() == Cell(2.0, 10.0, 1)
    assert w.cell(None, 0) == Cell(0.0, 0.0, 0)
    internal = load(WorkloadFilter(team=Team.INTERNAL)).workload
    assert internal.week_total(0) == Cell(2.0, 9.0, 1)
    assert internal.unscheduled_days(None) == 0


def test_unassigned_unscheduled_work_is_dropped_with_a_team_filter(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    add(admin, "Someday", estimate_days=3)
    assert load().workload.unscheduled_days(None) == 3
    assert None not in load(WorkloadFilter(team=Team.INTERNAL)).workload.unscheduled


def test_filter_describes_itself() -> None:
    assert WorkloadFilter().describe() == "all work"
    assert not WorkloadFilter().active
    both = WorkloadFilter(project="Launch", board="Web", team=Team.EXTERNAL)
    assert both.describe() == "project Launch · board Web · external members"
    assert both.active
    assert WorkloadFilter(team=Team.INTERNAL).active


# --- who is shown -------------------------------------------------------------------


def held_by_zed(admin: ServiceContext, title: str, **fields: Any) -> int:
    """Work Zed took on before he left (a deactivated member is given no new work)."""
    team_admin.set_member_active(admin, "Zed", True)
    task_id = add(admin, title, owner="Zed", **fields)
    team_admin.set_member_active(admin, "Zed", False)
    return task_id


def test_an_inactive_member_is_shown_only_while_holding_work(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    assert "Zed" not in names(load())
    held_by_zed(admin, "Handover", estimate_days=1, start=TUE_1)
    view = load()
    assert names(view) == ["Ana", "Ben", "Zed", "Studio Kite"]
    assert view.workload.cell(member_id("Zed"), 1) == Cell(1.0, 5.0, 1)


def test_an_inactive_member_with_unscheduled_work_is_shown(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    held_by_zed(admin, "Someday", estimate_days=1)
    assert "Zed" in names(load())


def test_a_member_without_capacity_is_shown_only_while_holding_work(
    db_path: Path, admin: ServiceContext
) -> None:
    build(admin)
    assert "Carla" not in names(load())
    add(admin, "Sign off", owner="Carla", estimate_days=0.5, start=WED_2)
    view = load()
    assert names(view) == ["Ana", "Ben", "Carla", "Studio Kite"]
    carla = view.workload.cell(member_id("Carla"), 1)
    assert carla == Cell(0.5, 0.0, 1)
    assert carla.band is Band.OVER


def test_time_off_lowers_capacity(db_path: Path, admin: ServiceContext) -> None:
    """Ana away Tue 1 – Wed 2: week 1 capacity 5 × 3/5 = 3, Brief's 2 days on it."""
    build(admin)
    members.add_time_off(admin, {"member": "Ana", "start": TUE_1, "end": WED_2})
    w = load().workload
    ana = member_id("Ana")
    assert w.cell(ana, 1) == Cell(2.0, 3.0, 1)
    assert [w.capacities[(ana, week)] for week in range(4)] == [5, 3, 5, 5]


def test_a_holiday_lowers_capacity_and_moves_the_spread(
    db_path: Path, admin: ServiceContext
) -> None:
    """Thu 26 a holiday: week 0 has 4 days; Ana 4, Ben 4 × 4/5 = 3.2. Brief (4 days,
    Thu 26 → Tue 1) is now over Fri 27 | Mon 30, Tue 1: 4/3 in week 0, 8/3 in week 1."""
    build(admin)
    planning.add_holiday(admin, THU_26, "Thanksgiving")
    w = load().workload
    ana, ben = member_id("Ana"), member_id("Ben")
    assert w.cell(ana, 0).capacity == 4
    assert w.cell(ben, 0).capacity == pytest.approx(3.2)
    assert w.cell(ana, 0).assigned == pytest.approx(4 / 3)
    assert w.cell(ana, 1).assigned == pytest.approx(8 / 3)


# --- the collaborator share ---------------------------------------------------------


def test_the_collaborator_share_setting_changes_the_spread(
    db_path: Path, admin: ServiceContext
) -> None:
    """Pair: Ana's, Ben collaborating, 4 days Mon 7 → Thu 10 (week 2). Share 0: Ana 4.
    Share 50 %: Ana 2, Ben 2 (one task each)."""
    build(admin)
    pair = add(
        admin,
        "Pair",
        owner="Ana",
        estimate_days=4,
        start=MON_7,
        due=THU_10,
        collaborators=({"member": "Ben", "role": "writer"},),
    )
    ana, ben = member_id("Ana"), member_id("Ben")
    before = load()
    assert before.share == 0
    assert (before.workload.cell(ana, 2), before.workload.cell(ben, 2)) == (
        Cell(4.0, 5.0, 1),
        Cell(0.0, 4.0, 0),
    )
    assert settings.set_setting(admin, SHARE, "50%") == 0.5
    after = load()
    assert after.share == 0.5
    assert (after.workload.cell(ana, 2), after.workload.cell(ben, 2)) == (
        Cell(2.0, 5.0, 1),
        Cell(2.0, 4.0, 1),
    )
    assert after.workload.tasks_in(ben, 2) == [Load(pair, 2.0)]
    # An explicit share wins over the setting.
    assert load(share=0.0).workload.cell(ana, 2) == Cell(4.0, 5.0, 1)


def test_collaborators_of_filtered_out_tasks_are_not_read(
    db_path: Path, admin: ServiceContext
) -> None:
    """Ben collaborates on a task of the Web board; filtered to Marketing he carries none of it."""
    build(admin)
    settings.set_setting(admin, SHARE, "0.5")
    add(
        admin,
        "Site",
        board="Web",
        owner="Ana",
        estimate_days=2,
        start=MON_7,
        due=TUE_8,
        collaborators=({"member": "Ben", "role": "web"},),
    )
    ben = member_id("Ben")
    assert load().workload.cell(ben, 2) == Cell(1.0, 4.0, 1)
    assert load(WorkloadFilter(board="Marketing")).workload.cell(ben, 2) == Cell(0.0, 4.0, 0)


# --- work in progress ---------------------------------------------------------------


def build_wip(admin: ServiceContext) -> None:
    """Ben: Copy and Edit in Doing (limit 2 each), a To Do card and a Done card
    (neither counts), one card in Web's In Progress. Ana: Proof in Review."""
    build(admin)
    add(admin, "Edit", owner="Ben", column="Doing")
    add(admin, "Later", owner="Ben")
    add(admin, "Finished", owner="Ben", column="Done")
    add(admin, "Page", owner="Ben", board="Web", column="In Progress")
    add(admin, "Proof", owner="Ana", column="Review", reviewer="Ben")


def test_wip_counts_cards_between_the_first_and_done_columns(
    db_path: Path, admin: ServiceContext
) -> None:
    build_wip(admin)
    wip = load().wip
    ben, ana = member_id("Ben"), member_id("Ana")
    assert set(wip) == {ben, ana}  # Kite's only card is in Web's first column
    assert wip[ben] == Wip(3, (), (("Doing", 2, 2),))  # Copy, Edit, Page
    assert wip[ben].flag == "●"
    assert wip[ben].describe() == "3 in progress, 2/2 in Doing (at the limit)"
    assert wip[ana] == Wip(1)
    assert wip[ana].flag == ""


def test_wip_over_the_person_limit(db_path: Path, admin: ServiceContext) -> None:
    """The limit lowered to 1 after Ben took two cards: he is over it."""
    build_wip(admin)
    boards.set_person_limit(admin, "Marketing", "Doing", 1)
    wip = load().wip[member_id("Ben")]
    assert wip == Wip(3, (("Doing", 2, 1),), ())
    assert wip.flag == "▲"
    assert wip.describe() == "3 in progress, 2/1 in Doing (over the limit)"


def test_wip_of_one_board(db_path: Path, admin: ServiceContext) -> None:
    build_wip(admin)
    wip = load(WorkloadFilter(board="Web")).wip
    assert wip == {member_id("Ben"): Wip(1)}


def test_a_cancelled_card_is_not_in_progress(db_path: Path, admin: ServiceContext) -> None:
    build_wip(admin)
    edit = Task.get(Task.title == "Edit")
    Task.update(cancelled_at=datetime(2026, 11, 23, 9, 0)).where(Task.id == edit.id).execute()
    assert load().wip[member_id("Ben")] == Wip(2)


# --- queries ------------------------------------------------------------------------


def many_tasks(admin: ServiceContext, count: int, start: int = 0) -> None:
    """Tasks of every kind: owners, collaborators, dated or not, on both boards."""
    owners = ("Ana", "Ben", "Studio Kite", None)
    for n in range(start, start + count):
        fields: dict[str, Any] = {"owner": owners[n % 4], "estimate_days": 1 + n % 3}
        if n % 3 == 0:
            fields["start"] = MON_30
        if n % 2 == 0:
            fields["due"] = FRI_11
        if n % 5 == 0:
            fields["collaborators"] = ({"member": "Carla", "role": "reviewer"},)
        add(admin, f"Task {n}", board="Web" if n % 2 else "Marketing", **fields)


def counted(**kwargs: Any) -> int:
    with count_queries() as queries:
        load(**kwargs)
    return queries.count


def test_a_constant_number_of_queries(db_path: Path, admin: ServiceContext) -> None:
    """Seven with the share on (setting, tasks, collaborators, members, time off,
    holidays, WIP), one fewer with it off (no collaborators to read), however
    many tasks there are."""
    build_members(admin)
    planning.add_holiday(admin, THU_26)
    members.add_time_off(admin, {"member": "Ana", "start": TUE_1, "end": WED_2})
    many_tasks(admin, 5)
    small = counted()
    settings.set_setting(admin, SHARE, "0.3")
    small_shared = counted()
    many_tasks(admin, 55, start=5)
    members.add_time_off(admin, {"member": "Ben", "start": MON_7, "end": TUE_8})
    assert len(load().tasks) == 60
    large_shared = counted()
    settings.set_setting(admin, SHARE, "0")
    large = counted()
    assert small == large == 6
    assert small_shared == large_shared == 7


# --- reassigning --------------------------------------------------------------------


def test_reassign_moves_the_work(db_path: Path, admin: ServiceContext) -> None:
    ids = build(admin)
    ana, ben = member_id("Ana"), member_id("Ben")
    view = load()
    moved = workload.reassign(admin, view.tasks[ids["Brief"]], "Ben")
    assert (moved.owner, moved.version) == ("Ben", 2)
    fresh = load().workload
    assert fresh.cell(ana, 0) == Cell(0.0, 5.0, 0)
    assert fresh.cell(ben, 0) == Cell(2.0, 4.0, 1)
    assert fresh.cell(ben, 1) == Cell(5.0, 4.0, 2)  # Brief 2 + Copy 3: over
    assert fresh.cell(ben, 1).band is Band.OVER


def test_reassign_refused_when_the_task_changed_since_it_was_read(
    db_path: Path, admin: ServiceContext
) -> None:
    ids = build(admin)
    stale = load().tasks[ids["Brief"]]
    tasks.update_task(acting("Maya"), ids["Brief"], {"title": "Brief v2"})
    refused(
        lambda: workload.reassign(admin, stale, "Ben"),
        VersionConflict,
        "this task was changed by Maya at 09:30 — reloaded, try again",
    )
    assert Task.get_by_id(ids["Brief"]).owner_id == member_id("Ana")


def test_reassign_refused_by_the_per_person_limit(db_path: Path, admin: ServiceContext) -> None:
    """Ben holds Copy and Edit in Doing (limit 2): Ana's Layout there cannot go to him."""
    build(admin)
    add(admin, "Edit", owner="Ben", column="Doing")
    layout = add(admin, "Layout", owner="Ana", column="Doing")
    task = load().tasks[layout]
    refused(
        lambda: workload.reassign(admin, task, "Ben"),
        PersonLimitReached,
        "Ben already holds 2 cards in 'Doing' (the per-person limit is 2)",
    )


def test_reassign_refused_for_a_viewer(
    db_path: Path, admin: ServiceContext, viewer: ServiceContext
) -> None:
    ids = build(admin)
    task = load().tasks[ids["Brief"]]
    refused(
        lambda: workload.reassign(viewer, task, "Ben"),
        PermissionDenied,
        "Test Viewer is a viewer and cannot edit tasks; that needs the editor role",
    )


# --- time off -----------------------------------------------------------------------


def test_an_editor_cannot_record_time_off_for_someone_else(
    db_path: Path, admin: ServiceContext
) -> None:
    build_members(admin)
    refused(
        lambda: members.add_time_off(
            acting("Ben"), {"member": "Ana", "start": TUE_1, "end": WED_2}
        ),
        PermissionDenied,
        "Ben is an editor and cannot record time off for Ana; that needs the admin role",
    )


def test_an_editor_records_their_own_time_off(db_path: Path, admin: ServiceContext) -> None:
    build_members(admin)
    number = members.add_time_off(
        acting("Ben"), {"member": "Ben", "start": TUE_1, "end": WED_2, "note": " dentist "}
    )
    [view] = members.list_time_off()
    assert (view.id, view.member, view.start, view.end, view.note) == (
        number,
        "Ben",
        TUE_1,
        WED_2,
        "dentist",
    )


def test_a_viewer_cannot_record_even_their_own_time_off(
    db_path: Path, admin: ServiceContext
) -> None:
    build_members(admin)
    refused(
        lambda: members.add_time_off(
            acting("Carla", Role.VIEWER), {"member": "Carla", "start": TUE_1, "end": TUE_1}
        ),
        PermissionDenied,
        "Carla is a viewer and cannot record time off; that needs the editor role",
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(WED_2, FRI_4, id="overlapping the end"),
        pytest.param(MON_30, TUE_1, id="overlapping the start"),
        pytest.param(MON_30, SUN_6, id="containing it"),
        pytest.param(WED_2, WED_2, id="one day inside"),
    ],
)
def test_overlapping_time_off_is_refused(
    db_path: Path, admin: ServiceContext, start: date, end: date
) -> None:
    build_members(admin)
    first = members.add_time_off(admin, {"member": "Ana", "start": TUE_1, "end": WED_2})
    refused(
        lambda: members.add_time_off(admin, {"member": "Ana", "start": start, "end": end}),
        InvalidInput,
        f"time off: Ana is already away 2026-12-01 – 2026-12-02 (#{first}); "
        "remove it first or pick other dates",
    )


def test_adjacent_time_off_and_someone_else_on_the_same_days_are_fine(
    db_path: Path, admin: ServiceContext
) -> None:
    build_members(admin)
    members.add_time_off(admin, {"member": "Ana", "start": TUE_1, "end": WED_2})
    members.add_time_off(admin, {"member": "Ana", "start": THU_3, "end": FRI_4})
    members.add_time_off(admin, {"member": "Ana", "start": MON_30, "end": MON_30})
    members.add_time_off(admin, {"member": "Ben", "start": TUE_1, "end": WED_2})
    assert len(members.list_time_off(member="Ana")) == 3


def test_time_off_ending_before_it_starts_is_refused(db_path: Path, admin: ServiceContext) -> None:
    build_members(admin)
    refused(
        lambda: members.add_time_off(admin, {"member": "Ana", "start": WED_2, "end": TUE_1}),
        InvalidInput,
        "time off: end 2026-12-01 is before start 2026-12-02",
    )


def test_time_off_for_an_unknown_member_is_not_found(db_path: Path, admin: ServiceContext) -> None:
    build_members(admin)
    with pytest.raises(NotFound, match="no member called 'Anna'"):
        members.add_time_off(admin, {"member": "Anna", "start": TUE_1, "end": WED_2})


def test_time_off_is_listed_by_start_then_name(db_path: Path, admin: ServiceContext) -> None:
    build_members(admin)
    members.add_time_off(admin, {"member": "Ben", "start": MON_7, "end": TUE_8})
    members.add_time_off(admin, {"member": "Studio Kite", "start": TUE_1, "end": TUE_1})
    members.add_time_off(admin, {"member": "Ana", "start": TUE_1, "end": WED_2})
    members.add_time_off(admin, {"member": "Ana", "start": MON_30, "end": MON_30})
    assert [(t.member, t.start) for t in members.list_time_off()] == [
        ("Ana", MON_30),
        ("Ana", TUE_1),
        ("Studio Kite", TUE_1),
        ("Ben", MON_7),
    ]
    assert [(t.member, t.start) for t in members.list_time_off(member="ana")] == [
        ("Ana", MON_30),
        ("Ana", TUE_1),
    ]


def test_remove_time_off_by_id(db_path: Path, admin: ServiceContext) -> None:
    build_members(admin)
    keep = members.add_time_off(admin, {"member": "Ana", "start": MON_30, "end": MON_30})
    gone = members.add_time_off(admin, {"member": "Ana", "start": TUE_1, "end": WED_2})
    members.remove_time_off(admin, gone)
    assert [t.id for t in members.list_time_off()] == [keep]
    refused(
        lambda: members.remove_time_off(admin, gone),
        NotFound,
        f"no time off #{gone} (see `mpm timeoff list`)",
    )


def test_removed_time_off_gives_the_capacity_back(db_path: Path, admin: ServiceContext) -> None:
    build_members(admin)
    away = members.add_time_off(admin, {"member": "Ana", "start": MON_30, "end": FRI_4})
    ana = member_id("Ana")
    assert load().workload.cell(ana, 1).capacity == 0
    members.remove_time_off(admin, away)
    assert load().workload.cell(ana, 1).capacity == 5


def test_an_editor_cannot_remove_someone_elses_time_off(
    db_path: Path, admin: ServiceContext
) -> None:
    build_members(admin)
    away = members.add_time_off(admin, {"member": "Ana", "start": TUE_1, "end": WED_2})
    refused(
        lambda: members.remove_time_off(acting("Ben"), away),
        PermissionDenied,
        "Ben is an editor and cannot remove time off of Ana; that needs the admin role",
    )
    own = members.add_time_off(admin, {"member": "Ben", "start": TUE_1, "end": WED_2})
    members.remove_time_off(acting("Ben"), own)
    assert [t.member for t in members.list_time_off()] == ["Ana"]


# --- settings -----------------------------------------------------------------------


def test_the_share_defaults_to_zero(db_path: Path) -> None:
    assert settings.get_setting(SHARE) == 0.0
    [(key, value, help_text)] = settings.list_settings()
    assert (key, value) == (SHARE, "0")
    assert "collaborators carry" in help_text


@pytest.mark.parametrize(
    ("text", "value", "stored"),
    [("50%", 0.5, "0.5"), ("0.25", 0.25, "0.25"), (" 1 ", 1.0, "1"), ("0%", 0.0, "0")],
)
def test_setting_round_trip(
    db_path: Path, admin: ServiceContext, text: str, value: float, stored: str
) -> None:
    assert settings.set_setting(admin, SHARE, text) == value
    assert settings.get_setting(SHARE) == value
    assert settings.list_settings()[0][:2] == (SHARE, stored)
    assert Setting.get_by_id(SHARE).value == stored


def test_setting_twice_keeps_one_row(db_path: Path, admin: ServiceContext) -> None:
    settings.set_setting(admin, SHARE, "0.2")
    settings.set_setting(admin, SHARE, "40%")
    assert [(s.key, s.value) for s in Setting.select()] == [(SHARE, "0.4")]
    assert settings.get_setting(SHARE) == 0.4


def test_unknown_setting_is_not_found(db_path: Path, admin: ServiceContext) -> None:
    message = "no setting 'workload.share' (settings: workload.collaborator_share)"
    refused(lambda: settings.set_setting(admin, "workload.share", "0.5"), NotFound, message)
    with pytest.raises(NotFound, match="no setting 'nope'"):
        settings.get_setting("nope")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("lots", "'lots' is not a number (give 0.25 or 25%)"),
        ("150%", "'150%' is outside 0–1 (0 %–100 %)"),
        ("1.5", "'1.5' is outside 0–1 (0 %–100 %)"),
        ("-0.1", "'-0.1' is outside 0–1 (0 %–100 %)"),
        ("", "'' is not a number (give 0.25 or 25%)"),
    ],
)
def test_bad_setting_values_are_refused(
    db_path: Path, admin: ServiceContext, text: str, problem: str
) -> None:
    refused(
        lambda: settings.set_setting(admin, SHARE, text),
        InvalidInput,
        f"setting {SHARE}: {problem}",
    )


def test_only_an_admin_changes_settings(db_path: Path, editor: ServiceContext) -> None:
    refused(
        lambda: settings.set_setting(editor, SHARE, "0.5"),
        PermissionDenied,
        "Test Editor is an editor and cannot change workspace settings; that needs the admin role",
    )
    assert settings.get_setting(SHARE) == 0.0


def test_an_unreadable_stored_value_falls_back_to_the_default(db_path: Path) -> None:
    Setting.create(key=SHARE, value="half")
    assert settings.get_setting(SHARE) == 0.0
    assert workload.load_workload(FIRST, 1).share == 0.0
