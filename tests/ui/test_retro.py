"""The retrospective editor driven by real keys, checked against the database.

The workspace (tests/ui/plan_retro.py): Spring Launch, active, with a missed
KGI (8 of 10 deals) and no retrospective; Next Quarter takes action items.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from mpm_tui.config import paths
from mpm_tui.db.database import close_database
from mpm_tui.db.models import Project, RetroItem, RetroKpiNote, Retrospective, Task
from mpm_tui.screens.choice_dialog import ChoiceDialog, InputDialog
from mpm_tui.screens.retro import RetroScreen
from mpm_tui.services import templates
from tests.conftest import dump_database
from tests.ui.flow_board import screen_text
from tests.ui.plan_retro import NEXT, PROJECT, SIZE, build_retro_plan, make_app

BUILT_IN_TEMPLATES = ("ad-campaign", "case-study", "landing-page", "newsletter", "webinar")


@pytest.fixture
def retro_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "retro.db"
    build_retro_plan(path)
    yield path
    close_database()


def items() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in RetroItem.select().order_by(RetroItem.section, RetroItem.position):
        found.setdefault(item.section, []).append(item.text)
    return found


def status_of(name: str) -> str:
    return Project.get(Project.name == name).status


async def write_item(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """a, type the text (enter makes a new line), ctrl+s."""
    await pilot.press("a")
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            await pilot.press("enter")
        await pilot.press(*[("space" if c == " " else c) for c in line])
    await pilot.press("ctrl+s")
    await pilot.pause()


async def answer(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("ctrl+a", "ctrl+k", *[("space" if c == " " else c) for c in text], "enter")
    await pilot.pause()


async def test_write_a_retrospective_by_keyboard_complete_it_and_close_the_project(
    retro_db: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RetroScreen)
        assert f"{PROJECT} · no final retrospective yet" in screen_text(app)
        assert not Retrospective.select().exists()  # looking writes nothing

        await write_item(pilot, "The brief was clear\nand everyone read it")
        await pilot.press("right_square_bracket")
        await write_item(pilot, "Creative ran late")
        await pilot.press("right_square_bracket")
        await write_item(pilot, "Book the agency earlier")
        await write_item(pilot, "Review copy on day one")
        await pilot.press("K")  # the second improvement goes first
        await pilot.press("right_square_bracket")
        await write_item(pilot, "Agency kickoff template")
        await pilot.press("right_square_bracket")  # KPIs
        await pilot.pause()
        assert "a miss: n says why" in screen_text(app)
        await pilot.press("n")
        await answer(pilot, "Launched a week late")
        await pilot.press("right_square_bracket")  # Details
        await pilot.press("h")
        await answer(pilot, "2026-11-20")
        await pilot.press("P")
        await answer(pilot, "Ann Lee, Bo Chan")

        assert items() == {
            "action": ["Agency kickoff template"],
            "went_badly": ["Creative ran late"],
            "went_well": ["The brief was clear\nand everyone read it"],
            "improvement": ["Review copy on day one", "Book the agency earlier"],
        }
        retro = Retrospective.get()
        assert (str(retro.held_on), retro.participants) == ("2026-11-20", "Ann Lee, Bo Chan")
        assert RetroKpiNote.get().note == "Launched a week late"

        before = dump_database()
        await pilot.press("X")  # close the project: refused, the retrospective is a draft
        await pilot.pause()
        assert dump_database() == before
        assert status_of(PROJECT) == "active"
        said = app._notifications
        assert any("cannot be closed: its retrospective is not complete" in n.message for n in said)

        await pilot.press("C")
        await pilot.pause()
        assert Retrospective.get().status == "complete"
        assert "✓ complete" in screen_text(app)
        await pilot.press("X")
        await pilot.pause()
        assert status_of(PROJECT) == "done"


async def test_an_action_item_becomes_a_task_in_another_project(retro_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("right_square_bracket")
        await write_item(pilot, "Agency kickoff template")
        await pilot.press("T")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert [target for _label, target in dialog.choices] == [
            ("project", NEXT),
            *(("template", name) for name in BUILT_IN_TEMPLATES),
        ]
        await pilot.press("enter")
        await pilot.pause()
        task = Task.get(Task.title == "Agency kickoff template")
        assert task.project.name == NEXT
        assert RetroItem.get().task_id == task.id
        assert f"→ task #{task.id} in {NEXT}" in screen_text(app)


async def test_an_action_item_goes_into_a_template_as_a_task(retro_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("right_square_bracket")
        await write_item(pilot, "Proofread with a second reader")
        await pilot.press("T")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        newsletter = [target for _label, target in dialog.choices].index(("template", "newsletter"))
        await pilot.press(*["down"] * newsletter, "enter")
        await pilot.pause()
    copy = paths().templates_dir / "newsletter.toml"
    saved = templates.read_template(copy)
    built_in = templates.read_template(
        Path(str(resources.files("mpm_tui") / "data" / "templates" / "newsletter.toml"))
    )
    assert [t.title for t in saved.tasks] == [
        *(t.title for t in built_in.tasks),
        "Proofread with a second reader",
    ]
    added = saved.tasks[-1]
    assert (added.role, added.estimate, added.offset) == ("owner", 1, 0)
    assert f"From the retrospective of {PROJECT}" in added.description
    assert templates.find_template("newsletter")[1].source == "user (overrides built-in)"
    assert RetroItem.get().task_id is None  # no task in any project
    assert not Task.select().where(Task.title == "Proofread with a second reader").exists()


async def test_a_draft_survives_leaving_the_editor_and_the_screen(retro_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Half", "space", *"a", "space", *"thought")
        await pilot.pause()
        assert "● unsaved" in screen_text(app)
        await pilot.press("escape", "1")  # leave the editor, then go to the board
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert "● unsaved" in screen_text(app)
        assert "a new item (draft)" in screen_text(app)
        assert items() == {}  # nothing saved yet
        await pilot.press("enter")  # on the draft: the editor opens with it
        await pilot.pause()
        assert app.screen.query_one("#editor").text == "Half a thought"  # type: ignore[attr-defined]
        await pilot.press(*" done", "ctrl+s")
        await pilot.pause()
        assert items() == {"went_well": ["Half a thought done"]}
        assert "● unsaved" not in screen_text(app)

    # A new session on the same workspace finds no draft left behind.
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "● unsaved" not in screen_text(second)


async def test_a_viewer_reads_and_every_changing_key_is_refused(retro_db: Path) -> None:
    app = make_app("Vic Roe")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        before = dump_database()
        assert "read-only" in screen_text(app).splitlines()[-1]
        await pilot.press("a", "C", "X")
        for _ in range(5):
            await pilot.press("right_square_bracket")
        await pilot.press("h", "P")
        await pilot.pause()
        assert not isinstance(app.screen, InputDialog | ChoiceDialog)
        said = [n.message for n in app._notifications]
        assert said and all("is a viewer" in m for m in said)
        assert dump_database() == before


async def test_the_library_finds_a_learning_and_opens_its_retrospective(tmp_path: Path) -> None:
    from tests.snapshots.snapshot_app import demo_app

    app = demo_app(tmp_path, mode="retro")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"recording")
            await pilot.pause()
            text = screen_text(app)
            assert "Product Webinar · final · ✓ complete" in text
            assert "went well: Brightside turned the recording around in two days." in text
            assert "Aurora Launch" not in text.split("Retrospective library")[1]
            await pilot.press("enter", "enter")  # to the results, open the first
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RetroScreen)
            assert screen.retro is not None and screen.retro.project == "Product Webinar"
            await pilot.press("slash", *"channel:seo")
            await pilot.pause()
            assert "Nothing matches." in screen_text(app)
    finally:
        close_database()


async def test_a_complete_retrospective_does_not_open_the_editor(tmp_path: Path) -> None:
    """Typing into a frozen record would be lost: a and e say C reopens it instead."""
    from tests.snapshots.snapshot_app import demo_app

    app = demo_app(tmp_path, mode="retro")
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RetroScreen)
            screen.show_project("Product Webinar")
            await pilot.pause()
            before = dump_database()
            await pilot.press("a", "e")
            await pilot.pause()
            assert screen.editing is None
            assert not app.screen.query_one("#retro-editor").display
            said = [n.message for n in app._notifications]
            frozen = "The final retrospective of Product Webinar is complete: C reopens it"
            assert said == [f"{frozen} to change it"] * 2
            assert dump_database() == before
    finally:
        close_database()
