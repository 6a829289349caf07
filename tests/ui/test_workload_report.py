"""`mpm report workload --format csv` prints the numbers the workload screen shows.

The demo workspace on the frozen Monday 2026-11-23: the CLI's CSV first, then
the screen at a size that shows all eight weeks; every person's every week
must read the same (`assigned/capacity` and the band symbol), and so must
their WIP and the days with no dates.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.cli import session
from mpm_tui.db.database import close_database, open_database
from mpm_tui.logic.workload import BAND_SYMBOLS, Band
from mpm_tui.services import members
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.demo import DEMO_USER
from tests.conftest import frozen_clock
from tests.ui.flow_board import screen_text
from tests.unit.test_cli import run

SIZE = (200, 50)


def screen_rows(app: MPMApp, names: list[str]) -> dict[str, list[str]]:
    """Each named row's cells as shown: WIP, the eight weeks, total, no-date days."""
    rows: dict[str, list[str]] = {}
    for line in screen_text(app).splitlines():
        heatmap = line.split("│")[0].strip()  # the task panel sits beside it
        for name in names:
            if heatmap.startswith(name + " ") or heatmap == name:
                cells = heatmap[len(name) :].split("  ")
                rows[name] = [cell.strip() for cell in cells if cell.strip()]
    return rows


@pytest.mark.usefixtures("frozen_cli_clock")
async def test_the_csv_report_equals_the_screen(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    code, out, err = run(
        capsys, "--db", path, "--user", DEMO_USER, "report", "workload", "--format", "csv"
    )
    assert code == 0, err
    report = list(csv.DictReader(io.StringIO(out)))
    people = list(dict.fromkeys(r["member"] for r in report if r["member"] != "Unassigned"))
    assert len(people) == 8 and len(report) == 9 * 8

    open_database(path)
    try:
        actor = members.resolve_actor(DEMO_USER, os_user="")
        app = MPMApp(
            ServiceContext(actor, frozen_clock),
            workspace="demo",
            mode="workload",
            clock=frozen_clock,
            background_loads=False,
        )
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = screen_rows(app, [*people, "Unassigned"])
    finally:
        close_database()

    symbol = {band.value: BAND_SYMBOLS[band] for band in Band}
    for name in people:
        weeks = [r for r in report if r["member"] == name]
        wip = shown[name][0]
        assert wip.rstrip("●▲") == weeks[0]["wip"], name
        expected = [f"{r['assigned']}/{r['capacity']} {symbol[r['band']]}" for r in weeks]
        assert shown[name][1:9] == expected, name
        no_date = weeks[0]["unscheduled"]
        assert shown[name][10:] == ([no_date] if no_date not in {"", "0"} else []), name
    unassigned = [r for r in report if r["member"] == "Unassigned"]
    assert shown["Unassigned"][:8] == [
        r["assigned"] if r["tasks"] != "0" else "·" for r in unassigned
    ]


def test_mpm_workload_read_only_opens_the_workload_as_a_viewer(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """`ssh -t host mpm workload --read-only`: straight into the workload, every write refused."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    opened: list[tuple[ServiceContext, str]] = []
    monkeypatch.setattr(
        session, "_open_tui", lambda ctx, label, mode, theme: opened.append((ctx, mode)) or 0
    )
    code, _out, err = run(capsys, "--db", path, "--user", DEMO_USER, "workload", "--read-only")
    assert code == 0, err
    [(ctx, mode)] = opened
    assert mode == "workload"
    assert ctx.actor.role.value == "viewer" and ctx.actor.note == "read-only session"
    code, _out, err = run(capsys, "--db", path, "--user", DEMO_USER, "--read-only", "workload")
    assert code == 0, err
    assert opened[-1][1] == "workload" and opened[-1][0].actor.role.value == "viewer"
