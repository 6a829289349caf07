"""The workload's window: weeks read once around the ones shown, cut into views.

A view cut out of a window must be what a fresh read of those weeks gives,
number for number: the same people (someone who left shows only in the weeks
they hold work), cells, totals, tasks and WIP, and the same column widths on
screen. Checked here on the demo workspace (plus an inactive member and a
stakeholder with no capacity who each hold work in one week only, and work
with no dates), with every kind of filter and the collaborator share on,
moving week by week forwards and back through the whole window; and on pure
inputs for `Workload.sliced` and the row totals worked out in one pass.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.logic.workload import (
    Cell,
    Person,
    Who,
    Work,
    Workload,
    cell_text,
    compute_workload,
    horizon,
)
from mpm_tui.schemas.workload import Team, WorkloadFilter, WorkloadView
from mpm_tui.services import members, projects, settings, tasks, team_admin, workload
from mpm_tui.services.context import ServiceContext
from mpm_tui.widgets.workload_layout import measure
from tests.conftest import FROZEN_NOW

TODAY = FROZEN_NOW.date()
WEEKS = 8
SHARE = "workload.collaborator_share"


def week(offset: int) -> date:
    return TODAY + timedelta(weeks=offset)


def add_people_with_work_in_one_week(admin: ServiceContext) -> None:
    """Zed (left) holds work in week +3 only, Carla (no capacity) in week -2 only,
    and Maya holds an undated task."""
    members.create_member(admin, {"name": "Zed"})  # deactivated below, once he holds the work
    members.create_member(admin, {"name": "Carla", "role": "viewer", "capacity_days": 0})
    monday = week(3) - timedelta(days=TODAY.weekday())
    for title, owner, start in (
        ("Handover notes", "Zed", monday + timedelta(days=1)),
        ("Sign off the brief", "Carla", monday - timedelta(weeks=5)),
    ):
        tasks.create_task(
            admin,
            {"title": title, "board": "Marketing", "owner": owner, "estimate_days": 1.5},
        )
        found = [t for t in workload.load_workload(TODAY, 1).tasks.values() if t.title == title]
        tasks.update_task(admin, found[0].id, {"start": start, "due": start})
    team_admin.set_member_active(admin, "Zed", False)
    tasks.create_task(
        admin,
        {"title": "Someday: refresh the style guide", "board": "Marketing", "owner": "Maya Chen"},
    )


def fresh(first: date, where: WorkloadFilter) -> Workload:
    """What `load_workload` computed before windows: `compute_workload` over exactly
    these weeks, then the people narrowed by the weeks' own work."""
    window = workload.load_window(first, WEEKS, where, margin=0)
    everyone = window.workload
    assert everyone.weeks == horizon(first, WEEKS)
    carrying = {who for who, _week in everyone.loads} | set(everyone.unscheduled)
    shown = [
        p
        for p in everyone.people
        if (p.id not in window.inactive and p.capacity > 0) or p.id in carrying
    ]
    return everyone.narrowed(shown, unassigned=where.team is Team.ALL)


def numbers(view: Workload, rows: list[Who]) -> list[object]:
    """Everything the heatmap and the report print of a workload."""
    count = len(view.weeks)
    return [
        [[view.cell(who, w) for w in range(count)] for who in rows],
        [view.person_total(who) for who in rows],
        [view.unscheduled_days(who) for who in rows],
        [view.week_total(w) for w in range(count)],
        view.grand_total(),
        [[view.tasks_in(who, w) for w in range(count)] for who in rows],
    ]


def filters() -> list[WorkloadFilter]:
    active = next(p.name for p in projects.list_projects() if not p.status.finished)
    return [
        WorkloadFilter(),
        WorkloadFilter(team=Team.INTERNAL),
        WorkloadFilter(team=Team.EXTERNAL),
        WorkloadFilter(project=active),
        WorkloadFilter(board="Agency Requests"),
        WorkloadFilter(project=active, board="Marketing", team=Team.INTERNAL),
    ]


@pytest.mark.parametrize("share", ["0", "0.3"], ids=["owners only", "collaborators carry 30%"])
def test_every_view_of_the_window_is_a_fresh_read_of_its_weeks(
    demo_db: Path, admin: ServiceContext, share: str
) -> None:
    add_people_with_work_in_one_week(admin)
    settings.set_setting(admin, SHARE, share)
    there_and_back = [*range(0, 14), *range(12, -14, -1), *range(-12, 1)]
    names_seen: set[tuple[str, ...]] = set()
    for where in filters():
        window = workload.load_window(TODAY, WEEKS, where)
        assert window.weeks == WEEKS + 2 * workload.MARGIN
        for offset in there_and_back:
            first = week(offset)
            with count_queries() as queries:
                view = window.view(first, WEEKS)
            assert queries.count == 0  # moving through the window reads nothing
            expected = fresh(first, where)
            assert view.workload == expected, (where, offset)
            rows = view.rows()
            assert [p.id for p in view.people] == [p.id for p in expected.people]
            assert numbers(view.workload, rows) == numbers(expected, rows), (where, offset)
            for w in range(WEEKS):
                cells = [cell_text(expected.cell(p.id, w)) for p in expected.people]
                assert view.workload.widest(w) == max(map(len, cells), default=0)
            loaded = workload.load_workload(first, WEEKS, where)
            assert view == loaded  # tasks, WIP, share, filter and unassigned work too
            reference = WorkloadView(
                expected,
                loaded.tasks,
                loaded.wip,
                loaded.share,
                loaded.filter,
                view.show_unassigned,
            )
            assert measure(view) == measure(reference)  # the same columns on screen
            names_seen.add(tuple(p.name for p in view.people))
    # The narrowing did change from week to week: Zed and Carla come and go.
    assert any("Zed" in names for names in names_seen)
    assert any("Carla" in names for names in names_seen)
    assert any("Zed" not in names and "Carla" not in names for names in names_seen)


def test_a_window_reads_in_as_many_queries_as_the_weeks_alone(
    demo_db: Path, admin: ServiceContext
) -> None:
    for share in ("0", "0.3"):
        settings.set_setting(admin, SHARE, share)
        with count_queries() as alone:
            workload.load_workload(TODAY, WEEKS)
        with count_queries() as wide:
            workload.load_window(TODAY, WEEKS)
        assert wide.count == alone.count == (7 if share == "0.3" else 6)


def test_the_window_says_which_weeks_it_covers(demo_db: Path) -> None:
    window = workload.load_window(TODAY, WEEKS, margin=3)
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert window.start == monday - timedelta(weeks=3)
    assert window.room(TODAY, WEEKS) == 3
    assert window.room(week(2), WEEKS) == 1
    assert window.room(week(-3) + timedelta(days=4), WEEKS) == 0  # any day of that week
    assert window.covers(week(3), WEEKS)
    assert not window.covers(week(4), WEEKS)
    assert not window.covers(week(-4), WEEKS)
    with pytest.raises(ValueError, match="not all in the window read"):
        window.view(week(4), WEEKS)
    kept = window.view(week(1), WEEKS)
    assert window.view(week(1), WEEKS) is kept  # cut once, kept while recent
    wide = workload.load_window(TODAY, 2, margin=workload.KEPT_VIEWS)
    first = wide.view(TODAY, 2)
    for offset in range(-workload.KEPT_VIEWS, workload.KEPT_VIEWS + 1):
        wide.view(week(offset), 2)
    again = wide.view(TODAY, 2)
    assert again is not first and again == first  # cut again once others took its place


# --- pure inputs ---------------------------------------------------------------------

ANA = Person(1, "Ana", 5.0, time_off=((date(2026, 12, 8), date(2026, 12, 10)),))
BEN = Person(2, "Ben", 4.0)
KIT = Person(3, "Kit", 2.5, external=True, organisation="Kite")
WORK = [
    Work(10, 1, 4.0, date(2026, 11, 26), date(2026, 12, 1)),
    Work(11, 2, 3.0, date(2026, 11, 30), date(2026, 12, 16), (1, 3)),
    Work(12, 3, 2.0, None, date(2026, 12, 4)),
    Work(13, None, 1.0, date(2026, 11, 23), None),
    Work(14, 2, 2.0, None, None, (1,)),
    Work(15, 1, None, date(2026, 12, 14), date(2026, 12, 15)),
    Work(16, 1, 0.7, date(2026, 12, 21), date(2027, 1, 8), (2,)),
    Work(17, 9, 1.0, date(2026, 12, 1), date(2026, 12, 2)),  # owned by someone not listed
]
HOLIDAYS = [date(2026, 11, 26), date(2026, 12, 24), date(2026, 12, 25)]


@pytest.mark.parametrize("share", [0.0, 0.3])
def test_a_slice_is_the_computation_over_its_weeks_alone(share: float) -> None:
    people = [ANA, BEN, KIT]
    weeks = horizon(date(2026, 11, 2), 14)
    whole = compute_workload(people, WORK, weeks, holidays=HOLIDAYS, share=share)
    for start in range(0, 10):
        for count in (1, 4):
            alone = compute_workload(
                people, WORK, weeks[start : start + count], holidays=HOLIDAYS, share=share
            )
            cut = whole.sliced(start, count)
            assert cut == alone
            rows: list[Who] = [1, 2, 3, 9, None]
            assert numbers(cut, rows) == numbers(alone, rows)
            for shown, unassigned in (([ANA, KIT], True), ([BEN], False)):
                narrowed = whole.sliced(start, count, shown, unassigned=unassigned)
                assert narrowed == alone.narrowed(shown, unassigned=unassigned)
                assert numbers(narrowed, rows) == numbers(
                    alone.narrowed(shown, unassigned=unassigned), rows
                )


def test_row_totals_add_up_as_each_row_alone_would() -> None:
    """Days added in the order of the weeks, then of the loads: the same floats."""
    weeks = horizon(date(2026, 11, 23), 8)
    load = compute_workload([ANA, BEN, KIT], WORK, weeks, holidays=HOLIDAYS, share=0.3)
    for who in (1, 2, 3, 9, None, 42):
        loads = [item for w in range(len(weeks)) for item in load.loads.get((who, w), ())]
        capacity = sum(load.capacities.get((who, w), 0.0) for w in range(len(weeks)))  # type: ignore[arg-type]
        expected = Cell(
            sum(item.days for item in loads),
            capacity if who is not None else 0.0,
            len({item.task for item in loads}),
        )
        assert load.person_total(who) == expected
