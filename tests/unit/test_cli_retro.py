"""`mpm retro export|list|complete`, and `mpm retro` alone opening the editor.

The workspace is written through the services at the frozen Monday 23
November 2026: Spring Webinar (webinar; email, events) with a draft final
retrospective missing its improvements, Autumn Webinar (webinar; email) with a
complete one, Brand Refresh (brand; social) with none. Ann is an editor, Vic a
viewer.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mpm_tui.cli import session
from mpm_tui.cli.parser import build_parser
from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, planning, projects, retros
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock
from tests.unit.test_cli import file_dump, run

SPRING_MD = """\
# Final retrospective: Spring Webinar

- Date: 2026-11-20
- Participants: Ann Lee, Vic Viewer
- Status: draft

## KPIs

| KPI | Target | Actual | Attainment | Root cause |
| --- | ---: | ---: | ---: | --- |
| Registrations | 500 people | 400 people | 80% (missed) | Promotion started late |

## What went well

- Invitations worked

## What did not go well

- The deck was late

## Improvements for next time

Nothing written.

## Action items

- Add a deck-freeze milestone (owner: Ann Lee)
"""


pytestmark = pytest.mark.usefixtures("frozen_cli_clock")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "w.db"
    open_database(path)
    try:
        ctx = ServiceContext(Actor("Set-up", Role.ADMIN), frozen_clock)
        members.create_member(ctx, {"name": "Ann Lee", "handle": "ann", "role": "editor"})
        members.create_member(ctx, {"name": "Vic Viewer", "handle": "vic", "role": "viewer"})
        boards.create_board(ctx, {"name": "Main"})
        projects.create_project(
            ctx,
            {
                "name": "Spring Webinar",
                "kind": "webinar",
                "channels": ("email", "events"),
                "status": "active",
            },
        )
        projects.create_project(
            ctx, {"name": "Autumn Webinar", "kind": "webinar", "channels": ("email",)}
        )
        projects.create_project(
            ctx, {"name": "Brand Refresh", "kind": "brand", "channels": ("social",)}
        )
        kpi = planning.add_kpi(
            ctx,
            "Spring Webinar",
            {"name": "Registrations", "unit": "people", "target": 500, "actual": 400},
        )
        spring = retros.ensure_retrospective(ctx, "Spring Webinar")
        retros.add_item(ctx, spring.id, "went_well", "Invitations worked")
        retros.add_item(ctx, spring.id, "went_badly", "The deck was late")
        retros.add_item(ctx, spring.id, "action", "Add a deck-freeze milestone", owner="ann")
        retros.set_details(ctx, spring.id, held_on=date(2026, 11, 20), participants=("ann", "vic"))
        retros.set_kpi_note(ctx, spring.id, kpi, "Promotion started late")
        autumn = retros.create_retrospective(
            ctx,
            "Autumn Webinar",
            {
                "held_on": date(2026, 10, 1),
                "items": [
                    {"section": "went_well", "text": "Deck freeze worked"},
                    {"section": "went_badly", "text": "Few signups"},
                    {"section": "improvement", "text": "Promote earlier"},
                ],
            },
        )
        retros.complete_retrospective(ctx, autumn)
    finally:
        close_database()
    return path


def mpm(capsys: pytest.CaptureFixture[str], db: Path, *argv: str | Path) -> tuple[int, str, str]:
    return run(capsys, "--db", db, *argv)


# --- export -----------------------------------------------------------------------------------


def test_export_writes_markdown_to_stdout(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert mpm(capsys, workspace, "retro", "export", "spring webinar") == (0, SPRING_MD, "")
    assert mpm(capsys, workspace, "retro", "export", "Spring Webinar", "--format", "md") == (
        0,
        SPRING_MD,
        "",
    )


def test_export_writes_a_file(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "spring.md"
    code, out, err = mpm(capsys, workspace, "retro", "export", "Spring Webinar", "-o", target)
    assert (code, out) == (0, "")
    assert err == f"exported the final retrospective of Spring Webinar to {target}\n"
    assert target.read_text(encoding="utf-8") == SPRING_MD
    assert not target.with_name("spring.md.part").exists()


def test_export_refusals_say_why(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert mpm(capsys, workspace, "retro", "export", "Brand Refresh") == (
        1,
        "",
        "mpm: error: project 'Brand Refresh' has no final retrospective yet "
        "(write one in the retrospective editor: `mpm retro`)\n",
    )
    assert mpm(capsys, workspace, "retro", "export", "Spring Webinar", "--kind", "midpoint")[2] == (
        "mpm: error: project 'Spring Webinar' has no mid-point retrospective yet "
        "(write one in the retrospective editor: `mpm retro`)\n"
    )
    assert mpm(capsys, workspace, "retro", "export", "Sprung Webinar")[2] == (
        "mpm: error: no project called 'Sprung Webinar' (did you mean 'Spring Webinar'?)\n"
    )
    assert mpm(capsys, workspace, "retro", "export", "Spring Webinar", "-o", tmp_path) == (
        1,
        "",
        f"mpm: error: -o: {tmp_path} is a directory\n",
    )
    code, _, err = mpm(capsys, workspace, "retro", "export", "Spring Webinar", "--format", "pdf")
    assert code == 2
    assert "invalid choice: 'pdf'" in err


# --- the library ----------------------------------------------------------------------------


def test_list_shows_the_library_newest_first(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = mpm(capsys, workspace, "retro", "list")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "id  project         type     channels       retro  status    held        items",
        "--  --------------  -------  -------------  -----  --------  ----------  -----",
        "1   Spring Webinar  webinar  email, events  final  draft     2026-11-20  3",
        "2   Autumn Webinar  webinar  email          final  complete  2026-10-01  3",
    ]


def test_list_searches_and_filters(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = mpm(capsys, workspace, "retro", "list", "--search", "DECK")
    assert code == 0
    assert out.splitlines() == [
        "id  project         type     channels       retro  status    held        matches  "
        "first match",
        "--  --------------  -------  -------------  -----  --------  ----------  -------  "
        "------------------",
        "1   Spring Webinar  webinar  email, events  final  draft     2026-11-20  2        "
        "The deck was late",
        "2   Autumn Webinar  webinar  email          final  complete  2026-10-01  1        "
        "Deck freeze worked",
    ]
    _, out, _ = mpm(capsys, workspace, "retro", "list", "--search", "promotion started")
    assert out.splitlines()[2:] == [  # only a KPI's root-cause note matched
        "1   Spring Webinar  webinar  email, events  final  draft   2026-11-20  1        "
        "KPI Registrations: Promotion started late"
    ]
    _, out, _ = mpm(capsys, workspace, "retro", "list", "--channel", "events")
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["1"]
    _, out, _ = mpm(capsys, workspace, "retro", "list", "--kind", "brand")
    assert out == "no retrospectives match\n"


def test_list_as_json(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = mpm(capsys, workspace, "retro", "list", "--search", "deck", "--format", "json")
    assert code == 0
    hits = json.loads(out)
    assert [(h["retro_id"], h["project"], h["kind"], h["status"]) for h in hits] == [
        (1, "Spring Webinar", "final", "draft"),
        (2, "Autumn Webinar", "final", "complete"),
    ]
    assert hits[0]["channels"] == ["email", "events"]
    assert hits[0]["held_on"] == "2026-11-20"
    assert [m["text"] for m in hits[0]["matches"]] == [
        "The deck was late",
        "Add a deck-freeze milestone",
    ]
    assert hits[0]["matches"][1]["owner"] == "Ann Lee"
    assert hits[0]["kpi_matches"] == []
    _, out, _ = mpm(capsys, workspace, "retro", "list", "--search", "PROMOTION", "--format", "json")
    [hit] = json.loads(out)
    assert (hit["matches"], hit["kpi_matches"]) == (
        [],
        [
            {
                "kpi_id": 1,
                "name": "Registrations",
                "unit": "people",
                "target": 500,
                "actual": 400,
                "note": "Promotion started late",
            }
        ],
    )


# --- complete, then close -------------------------------------------------------------------


def test_complete_refuses_an_empty_section_and_changes_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = file_dump(workspace)
    assert mpm(capsys, workspace, "--user", "ann", "retro", "complete", "Spring Webinar") == (
        1,
        "",
        "mpm: error: a retrospective is complete only with something in every section; "
        "missing: improvements for next time\n",
    )
    code, _, err = mpm(capsys, workspace, "--user", "ann", "project", "close", "Spring Webinar")
    assert code == 1
    assert "its retrospective is not complete" in err
    assert file_dump(workspace) == before


def test_complete_then_close(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_database(workspace)
    try:
        ctx = ServiceContext(Actor("Set-up", Role.ADMIN), frozen_clock)
        spring = retros.retrospective_of("Spring Webinar")
        assert spring is not None
        retros.add_item(ctx, spring.id, "improvement", "Freeze the deck earlier")
    finally:
        close_database()
    before = file_dump(workspace)
    code, _, err = mpm(capsys, workspace, "--user", "vic", "retro", "complete", "Spring Webinar")
    assert code == 1
    assert "Vic Viewer is a viewer" in err
    assert file_dump(workspace) == before

    assert mpm(capsys, workspace, "--user", "ann", "retro", "complete", "Spring Webinar") == (
        0,
        "the final retrospective of Spring Webinar is complete: "
        "`mpm project close 'Spring Webinar'` can close the project now\n",
        "",
    )
    assert mpm(capsys, workspace, "--user", "ann", "retro", "complete", "Spring Webinar") == (
        0,
        "the final retrospective of Spring Webinar is already complete\n",
        "",
    )
    assert mpm(capsys, workspace, "--user", "ann", "project", "close", "Spring Webinar") == (
        0,
        "project 'Spring Webinar' closed\n",
        "",
    )
    _, out, _ = mpm(capsys, workspace, "retro", "export", "Spring Webinar")
    assert "- Status: complete (2026-11-23)\n" in out


# --- `mpm retro` alone ----------------------------------------------------------------------


def test_retro_alone_opens_the_retrospective_screen(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_parser().parse_args(["retro"]).action is None
    opened: list[str] = []
    monkeypatch.setattr(
        session, "_open_tui", lambda ctx, label, mode, theme: opened.append(mode) or 0
    )
    assert mpm(capsys, workspace, "retro") == (0, "", "")
    assert opened == ["retro"]
