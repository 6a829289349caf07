"""The timeline driven by real keys, checked against the database and the screen.

The plan (tests/ui/plan_timeline.py), today Monday 2026-11-23:

    Brief Nov 23–24 → Copy Nov 25–27 → Publish Nov 30 → ◆ Live Dec 1
                    → Design Nov 25  ↗
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual import events

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.screens.card_detail import CardDetailScreen
from mpm_tui.widgets.timeline_canvas import TimelineCanvas
from mpm_tui.widgets.timeline_layout import ProjectRow, TaskRow, Zoom
from tests.conftest import dump_database
from tests.ui.flow_board import screen_text
from tests.ui.plan_timeline import SIZE, build_plan, dates_of, make_app

TODAY = date(2026, 11, 23)


@pytest.fixture
def plan_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "plan.db"
    build_plan(path)
    yield path
    close_database()


def canvas(app: MPMApp) -> TimelineCanvas:
    return app.screen.query_one(TimelineCanvas)


def row_line(app: MPMApp, title: str) -> str:
    """The screen line of the row whose label shows `title`."""
    return next(line for line in screen_text(app).splitlines() if f" {title}" in line)


def label(line: str) -> str:
    return line.split("│")[0]


async def focus(pilot, app: MPMApp, title: str) -> None:  # type: ignore[no-untyped-def]
    """Press j until the focused row is the task `title`."""
    for _ in range(20):
        row = canvas(app).current
        if isinstance(row, TaskRow) and row.task.title == title:
            return
        await pilot.press("j")
    raise AssertionError(f"no row {title!r}")


async def test_opens_with_the_critical_path_marked_and_today_shown(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for title in ("Brief", "Copy", "Publish"):
            assert "● " + title in label(row_line(app, title))
        assert "● Design" not in label(row_line(app, "Design"))
        assert "◆ Live" in row_line(app, "Live")
        text = screen_text(app)
        assert "Week view" in text
        days = text.splitlines()[3]  # the header's day numbers
        chart = row_line(app, "Live")  # the diamond on Dec 1 and the today line
        today_x = chart.index("│", chart.index("│") + 1)
        assert days[today_x : today_x + 2] == "23"  # Monday 23 November
        axis = canvas(app).axis
        assert axis.first_day <= TODAY <= axis.last_day


async def test_zoom_cycles_and_plus_minus_step(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("z")
        assert canvas(app).axis.zoom is Zoom.MONTH
        assert "Month view" in screen_text(app)
        await pilot.press("z")
        assert canvas(app).axis.zoom is Zoom.DAY
        await pilot.pause()
        text = screen_text(app)
        assert "Day view" in text
        assert "23 24 25 26 27 28 29 30" in text  # a number per day
        await pilot.press("minus")
        assert canvas(app).axis.zoom is Zoom.WEEK
        await pilot.press("minus", "minus")
        assert canvas(app).axis.zoom is Zoom.MONTH  # no further out than months
        await pilot.press("plus", "plus", "plus")
        assert canvas(app).axis.zoom is Zoom.DAY
        axis = canvas(app).axis
        assert axis.first_day <= TODAY <= axis.last_day  # zooming kept the view on today


async def test_scroll_by_unit_page_and_back_to_today(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = canvas(app).axis.origin
        await pilot.press("l")
        assert canvas(app).axis.origin == start + timedelta(days=7)  # week zoom: a week
        await pilot.press("h", "h")
        assert canvas(app).axis.origin == start - timedelta(days=7)
        shown = canvas(app).axis.days_shown
        await pilot.press("L")
        paged = canvas(app).axis.origin - (start - timedelta(days=7))
        assert shown // 2 < paged.days < shown  # most of a screen, some overlap
        await pilot.press("L", "L", "L")
        assert canvas(app).axis.first_day > TODAY
        await pilot.pause()
        assert "◀" in row_line(app, "Brief")  # the bar is to the left: an arrow at the edge
        await pilot.press("t")
        axis = canvas(app).axis
        assert axis.first_day < TODAY < axis.last_day
        await pilot.press("G")
        assert canvas(app).axis.last_day >= date(2026, 12, 4)  # the project's end date
        await pilot.press("g")
        assert canvas(app).axis.first_day <= date(2026, 11, 23)


async def test_making_design_longer_puts_it_on_the_critical_path_and_undo_restores(
    plan_db: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, "Design")
        await pilot.press("full_stop")
        await pilot.pause()
        assert dates_of("Design") == (date(2026, 11, 25), date(2026, 11, 26))
        assert "● Design" not in label(row_line(app, "Design"))  # one day of slack left
        assert "slack 1" in screen_text(app)
        await pilot.press("full_stop")
        await pilot.pause()
        assert dates_of("Design") == (date(2026, 11, 25), date(2026, 11, 27))
        assert "● Design" in label(row_line(app, "Design"))
        assert "● critical" in screen_text(app).splitlines()[-2]  # the detail line
        await pilot.press("u")
        await pilot.pause()
        assert dates_of("Design") == (date(2026, 11, 25), date(2026, 11, 26))
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert dates_of("Design") == (date(2026, 11, 25), date(2026, 11, 27))


async def test_moving_a_task_skips_the_weekend_and_flags_its_successor(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, "Copy")
        await pilot.press("greater_than_sign")
        await pilot.pause()
        # Wed–Fri moved one working day: Thu–Mon, over the weekend.
        assert dates_of("Copy") == (date(2026, 11, 26), date(2026, 11, 30))
        line = label(row_line(app, "Copy"))
        assert "⚠" in line  # due on the day Publish starts
        assert "⚠" in label(row_line(app, "Publish"))  # which now slips past its due date
        assert "waits for it" in screen_text(app)
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert dates_of("Copy") == (date(2026, 11, 25), date(2026, 11, 27))
        assert "⚠" not in label(row_line(app, "Copy"))


async def test_the_focused_tasks_links_are_marked(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, "Copy")
        await pilot.pause()
        assert label(row_line(app, "Brief")).startswith(" ←")
        assert label(row_line(app, "Publish")).startswith(" →")
        assert label(row_line(app, "Design")).startswith("  ")


async def test_a_viewer_cannot_shift_dates(plan_db: Path) -> None:
    before = dump_database()
    app = make_app("Vic Roe")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await focus(pilot, app, "Copy")
        await pilot.press("greater_than_sign", "full_stop", "comma", "less_than_sign")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert len(messages) == 4
        assert all("Vic Roe is a viewer" in m and "change task dates" in m for m in messages)
    assert dump_database() == before


async def test_space_folds_a_project_and_enter_opens_the_card(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = canvas(app).rows
        assert isinstance(rows[0], ProjectRow) and rows[0].name == "Launch"
        await pilot.press("space")
        await pilot.pause()
        assert "▸ Launch" in screen_text(app)
        assert not any(isinstance(r, TaskRow) and r.task.title == "Copy" for r in canvas(app).rows)
        await pilot.press("enter")  # on a project: unfold
        await pilot.pause()
        assert "▾ Launch" in screen_text(app)
        await focus(pilot, app, "Copy")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)


async def test_undated_tasks_are_placed_by_their_estimate(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, "Outline")
        await pilot.pause()
        assert "░░" in row_line(app, "Outline")
        assert "no dates: 2 working days from the estimate" in screen_text(app)
        await pilot.press("greater_than_sign")  # gives it dates, one day later
        await pilot.pause()
        assert dates_of("Outline") == (date(2026, 11, 24), date(2026, 11, 25))


async def test_clicking_a_row_focuses_it(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        y = next(i for i, line in enumerate(screen_text(app).splitlines()) if " Publish" in line)
        top = canvas(app).region.y
        await pilot.click(TimelineCanvas, offset=(5, y - top))
        await pilot.pause()
        row = canvas(app).current
        assert isinstance(row, TaskRow) and row.task.title == "Publish"


async def test_changes_made_on_the_board_show_when_coming_back(plan_db: Path) -> None:
    """A date shifted on the timeline is the card's due date on the board; Brief
    started on the board is In Progress on the timeline."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, "Copy")
        await pilot.press("greater_than_sign")  # Copy: due Nov 27 → Nov 30
        await pilot.press("1")
        await pilot.pause()
        assert app.current_mode == "board"
        board_text = screen_text(app)
        assert "Nov 30" in board_text and "Nov 27" not in board_text
        await pilot.press("shift+right")  # Brief, the first card: To Do → In Progress
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "timeline"
        row = canvas(app).current
        assert isinstance(row, TaskRow) and row.task.title == "Copy"  # focus kept
        await pilot.press("k", "k")
        await pilot.pause()
        assert "#1 Brief" in screen_text(app)
        assert screen_text(app).splitlines()[-2].rstrip().endswith("· In Progress")


async def test_the_mouse_wheel_scrolls_rows_and_with_shift_time(plan_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 8)) as pilot:  # three rows of chart: room to scroll
        await pilot.pause()
        chart = canvas(app)

        def wheel(kind: type[events.MouseEvent], shift: bool = False) -> None:
            chart.post_message(kind(chart, 40, 3, 0, 1, 0, shift, False, False))

        origin = chart.axis.origin
        wheel(events.MouseScrollDown)
        await pilot.pause()
        assert chart.top == 3 and chart.cursor == 3  # the focus stays on screen
        wheel(events.MouseScrollUp)
        await pilot.pause()
        assert chart.top == 0
        wheel(events.MouseScrollDown, shift=True)
        await pilot.pause()
        assert chart.axis.origin == origin + timedelta(days=7)
        wheel(events.MouseScrollLeft)
        await pilot.pause()
        assert chart.axis.origin == origin
