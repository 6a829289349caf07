"""Moving through the weeks of the workload with `[` and `]`, on the demo workspace.

The screen reads a window of weeks around the ones it shows: a shift inside it
reads nothing and shows exactly what a fresh read of those weeks gives; nearing
its edge reads the next window (in place here: the Pilot tests run with
`background_loads=False`); a change made elsewhere still shows on coming back.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from playhouse.test_utils import count_queries

from mpm_tui.app import MPMApp
from mpm_tui.screens.workload import READ_AHEAD, WorkloadScreen
from mpm_tui.services import members, tasks, workload
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.demo import DEMO_USER
from mpm_tui.widgets.workload_grid import WorkloadGrid
from tests.conftest import FROZEN_NOW, frozen_clock
from tests.ui.flow_board import screen_text

SIZE = (160, 45)
MONDAY = FROZEN_NOW.date() - timedelta(days=FROZEN_NOW.date().weekday())


def demo_app() -> MPMApp:
    actor = members.resolve_actor(DEMO_USER, os_user="")
    return MPMApp(
        ServiceContext(actor, frozen_clock),
        workspace="demo",
        mode="workload",
        clock=frozen_clock,
        background_loads=False,
    )


def screen_of(app: MPMApp) -> WorkloadScreen:
    screen = app.screen
    assert isinstance(screen, WorkloadScreen)
    return screen


def header(app: MPMApp) -> list[str]:
    """The week labels of the heatmap's header line, as drawn."""
    line = next(line for line in screen_text(app).splitlines() if line.startswith(" Member"))
    return [part.strip() for part in line.split("  ") if part.strip()][2:10]


def label(day: date) -> str:
    return f"{day:%b} {day.day}"


def assert_fresh(app: MPMApp, monday: date) -> None:
    """The screen shows the weeks from `monday`, as a fresh read of them gives."""
    screen = screen_of(app)
    assert screen.first == monday
    shown = screen.query_one(WorkloadGrid).view
    assert shown == workload.load_workload(monday, 8, screen.filter)
    assert header(app) == [label(monday + timedelta(weeks=n)) for n in range(8)]


async def test_shifting_inside_the_window_reads_nothing_and_matches_a_fresh_read(
    demo_db: Path,
) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_fresh(app, MONDAY)
        first_window = screen_of(app).window
        offset = 0
        for key, by, times in (("right_square_bracket", 1, 6), ("left_square_bracket", -1, 9)):
            for _ in range(times):
                with count_queries() as queries:
                    await pilot.press(key)
                    await pilot.pause()
                assert queries.count == 0
                offset += by
                assert_fresh(app, MONDAY + timedelta(weeks=offset))
        assert screen_of(app).window is first_window
        await pilot.press("t")
        await pilot.pause()
        assert_fresh(app, MONDAY)
        assert screen_of(app).grid.week == 0


async def test_nearing_the_edge_of_the_window_reads_the_next_one(demo_db: Path) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        reads = 0
        for offset in range(1, 3 * workload.MARGIN):
            window = screen.window
            assert window is not None
            room = window.room(MONDAY + timedelta(weeks=offset), 8)
            with count_queries() as queries:
                await pilot.press("right_square_bracket")
                await pilot.pause()
            if room < READ_AHEAD:  # read again, centred on the weeks shown
                assert queries.count > 0
                assert screen.window is not window
                assert screen.window.room(screen.first, 8) == workload.MARGIN  # type: ignore[union-attr]
                reads += 1
            else:
                assert queries.count == 0
            assert_fresh(app, MONDAY + timedelta(weeks=offset))
        assert reads == 3
        await pilot.press("t")  # far outside the window now: read at once
        await pilot.pause()
        assert_fresh(app, MONDAY)


async def test_a_change_elsewhere_shows_in_the_weeks_moved_to(demo_db: Path) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        later = MONDAY + timedelta(weeks=2)
        assert_fresh(app, later)
        owner = members.resolve_actor(DEMO_USER, os_user="")
        before = screen_of(app).query_one(WorkloadGrid).view
        assert before is not None and owner.member_id is not None
        await pilot.press("1")  # the board; the change is made meanwhile
        await pilot.pause()
        task = tasks.create_task(
            app.ctx,  # type: ignore[attr-defined]
            {
                "title": "Prepare the [Q1] plan",
                "board": "Marketing",
                "owner": DEMO_USER,
                "estimate_days": 3,
                "start": later + timedelta(days=1),
                "due": later + timedelta(days=3),
            },
        )
        await pilot.press("3")
        await pilot.pause()
        assert_fresh(app, later)  # the same weeks, read again
        after = screen_of(app).query_one(WorkloadGrid).view
        assert after is not None
        gained = after.workload.cell(owner.member_id, 0).assigned
        assert gained == before.workload.cell(owner.member_id, 0).assigned + 3
        assert task.id in {load.task for load in after.workload.tasks_in(owner.member_id, 0)}
