"""`mpm kpi list|set|import` and `mpm budget list|set`: the funnel and the money, printed.

The workspace is built through the services: Aurora Launch with the issue's
funnel (30 deals ← SQLs 30 % ← MQLs 40 % ← leads 25 % ← visits 2 %) and an
Email budget of 5,000. Ann is an admin, Vic a viewer. Every refusal exits 1
with one line and leaves the database file byte-for-byte as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import goals, members, planning, projects
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock
from tests.unit.test_cli import file_dump, run

AURORA = "Aurora Launch"


pytestmark = pytest.mark.usefixtures("frozen_cli_clock")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "w.db"
    open_database(path)
    try:
        ctx = ServiceContext(Actor("Set-up", Role.ADMIN), frozen_clock)
        members.create_member(ctx, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
        members.create_member(ctx, {"name": "Vic Viewer", "handle": "vic", "role": "viewer"})
        projects.create_project(ctx, {"name": AURORA})
        planning.add_kpi(ctx, AURORA, {"name": "Deals", "is_kgi": True, "unit": "deals"})
        for name, parent, rate in (
            ("SQLs", "Deals", 0.3),
            ("MQLs", "SQLs", 0.4),
            ("Leads", "MQLs", 0.25),
            ("Visits", "Leads", 0.02),
        ):
            planning.add_kpi(ctx, AURORA, {"name": name, "parent": parent, "conversion_rate": rate})
        goals.set_kpi_target(ctx, goals.kpi_named(AURORA, "Deals").id, 30)
        planning.set_budget_line(ctx, AURORA, {"channel": "Email", "planned": 5000})
    finally:
        close_database()
    return path


def mpm(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--db", db, "--user", "ann", *argv)


def refused_cli(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> str:
    """Run a command that must be refused: exit 1, nothing printed, nothing changed."""
    before = file_dump(db)
    code, out, err = mpm(capsys, db, *argv)
    assert (code, out) == (1, ""), err
    assert file_dump(db) == before
    assert err.startswith("mpm: error: ")
    return err.removeprefix("mpm: error: ").rstrip("\n")


# --- kpi --------------------------------------------------------------------------------


def test_kpi_list(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(capsys, workspace, "kpi", "list", "aurora launch")
    assert (code, err) == (0, "")
    assert out == (
        "kpi          converts into  rate  target  actual  attainment  unit\n"
        "-----------  -------------  ----  ------  ------  ----------  -----\n"
        "Deals (KGI)  —              —     30      —       —           deals\n"
        "SQLs         Deals          30%   100     —       —           —\n"
        "MQLs         SQLs           40%   250     —       —           —\n"
        "Leads        MQLs           25%   1,000   —       —           —\n"
        "Visits       Leads          2%    50,000  —       —           —\n"
    )


def test_kpi_list_json(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    mpm(capsys, workspace, "kpi", "set", AURORA, "sqls", "--actual", "80")
    code, out, _ = mpm(capsys, workspace, "kpi", "list", AURORA, "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["project"] == AURORA
    assert [(k["name"], k["depth"], k["target"]) for k in document["kpis"]] == [
        ("Deals", 0, 30),
        ("SQLs", 1, 100),
        ("MQLs", 2, 250),
        ("Leads", 3, 1000),
        ("Visits", 4, 50000),
    ]
    sqls = document["kpis"][1]
    assert (sqls["converts_into"], sqls["rate"], sqls["actual"], sqls["attainment"]) == (
        "Deals",
        0.3,
        80,
        0.8,
    )


def test_kpi_set_the_kgi_target(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(capsys, workspace, "kpi", "set", AURORA, "deals", "--target", "45")
    assert (code, err) == (0, "")
    assert out == ("Deals: target 45\nrecomputed: SQLs 150, MQLs 375, Leads 1,500, Visits 75,000\n")


@pytest.mark.parametrize("rate", ["50%", "0.5", "50.0%"])
def test_kpi_set_a_rate(capsys: pytest.CaptureFixture[str], workspace: Path, rate: str) -> None:
    code, out, err = mpm(capsys, workspace, "kpi", "set", AURORA, "MQLs", "--rate", rate)
    assert (code, err) == (0, "")
    assert out == "MQLs: rate 50%, target 200\nrecomputed: Leads 800, Visits 40,000\n"


def test_kpi_set_an_actual(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, _ = mpm(capsys, workspace, "kpi", "set", AURORA, "Leads", "--actual", "1,234")
    assert (code, out) == (0, "Leads: target 1,000, actual 1,234, attainment 123%\n")
    code, out, _ = mpm(capsys, workspace, "kpi", "set", AURORA, "Leads", "--actual", "none")
    assert (code, out) == (0, "Leads: target 1,000, actual —\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("MQLs", "--rate", "0"),
            "conversion rate of 'MQLs' must be above 0 and at most 100% (got 0)",
        ),
        (
            ("MQLs", "--rate", "0%"),
            "conversion rate of 'MQLs' must be above 0 and at most 100% (got 0)",
        ),
        (
            ("MQLs", "--rate", "40"),
            "conversion rate of 'MQLs' must be above 0 and at most 100% (got 40; for 40% give 0.4)",
        ),
        (("MQLs", "--rate", "forty"), "--rate: 'forty' is not a rate (give 0.3 or 30%)"),
        (
            ("MQLs", "--target", "300"),
            "the target of KPI 'MQLs' comes from the funnel (it converts into 'SQLs' at 40%): "
            "change the target of 'Deals' or a conversion rate instead",
        ),
        (
            ("MQLs", "--target", "300", "--rate", "0.5"),
            "kpi set: give --target (the KGI, or a KPI outside a funnel) or --rate (a stage), "
            "not both",
        ),
        (("Deals",), "kpi set: give --target, --rate or --actual"),
        (
            ("Deals", "--target", "lots"),
            "--target: 'lots' is not a number (give e.g. 1500 or none)",
        ),
        (
            ("Leedz", "--actual", "3"),
            "no KPI 'Leedz' in project 'Aurora Launch' "
            "(did you mean 'Leads'? KPIs: Deals, SQLs, MQLs, Leads, Visits)",
        ),
        (("Leads", "--rate", "0.5", "--actual", "-5"), "--actual: must be 0 or more (got -5)"),
        (
            ("Leads", "--rate", "0", "--actual", "5"),
            "conversion rate of 'Leads' must be above 0 and at most 100% (got 0)",
        ),
    ],
)
def test_kpi_set_refusals(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: tuple[str, ...], message: str
) -> None:
    assert refused_cli(capsys, workspace, "kpi", "set", AURORA, *argv) == message


def test_kpi_import(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    (workspace.parent / "leads.csv").write_text(
        'date,kpi,value\n2026-11-02,leads,40\n2026-11-03,Leads,25\n2026-11-03,MQLs,"1,2"\n',
        encoding="utf-8",
    )
    message = refused_cli(capsys, workspace, "kpi", "import", AURORA, "leads.csv")
    assert message == "leads.csv: line 4: value '1,2' is not a number"
    (workspace.parent / "leads.csv").write_text(
        "date,kpi,value\n2026-11-02,leads,40\n2026-11-03,Leads,25\n2026-11-03,MQLs,12\n",
        encoding="utf-8",
    )
    code, out, err = mpm(capsys, workspace, "kpi", "import", AURORA, "leads.csv")
    assert (code, err) == (0, "")
    assert out == "imported 3 actuals into Aurora Launch (MQLs, Leads)\n"
    _, out, _ = mpm(capsys, workspace, "kpi", "list", AURORA)
    assert out.splitlines()[5] == "Leads        MQLs           25%   1,000   65      7%          —"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "date,kpi,value\n2026-11-01,Leads,1\n2026-11-02,Leads,2\n2026-13-01,Leads,3\n",
            "leads.csv: line 4: date '2026-13-01' is not a date (YYYY-MM-DD)",
        ),
        (
            "date,kpi,value\n2026-11-01,Leads,1\n2026-11-02,Leads,2\n"
            "2026-11-03,Leads,3\n2026-11-04,Leedz,4\n",
            "leads.csv: line 5: no KPI 'Leedz' in project 'Aurora Launch' "
            "(did you mean 'Leads'? KPIs: Deals, SQLs, MQLs, Leads, Visits)",
        ),
        (
            "date,kpi,value\n2026-11-01,Leads,abc\n",
            "leads.csv: line 2: value 'abc' is not a number",
        ),
        ("", "leads.csv: the file is empty (expected a header row: date,kpi,value)"),
    ],
)
def test_kpi_import_refusals(
    capsys: pytest.CaptureFixture[str], workspace: Path, text: str, message: str
) -> None:
    (workspace.parent / "leads.csv").write_text(text, encoding="utf-8")
    assert refused_cli(capsys, workspace, "kpi", "import", AURORA, "leads.csv") == message


def test_kpi_import_of_a_missing_file(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    assert (
        refused_cli(capsys, workspace, "kpi", "import", AURORA, "data/none.csv")
        == "data/none.csv: no such file"
    )


# --- budget -------------------------------------------------------------------------------


def test_budget_set_and_list(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, _ = mpm(capsys, workspace, "budget", "set", AURORA, "email", "--spent", "1,200")
    assert (code, out) == (
        0,
        "budget Email for Aurora Launch: spent 1,200 of 5,000 (24%), 3,800 left\n",
    )
    code, out, _ = mpm(
        capsys, workspace, "budget", "set", AURORA, "Ads", "--planned", "1000", "--spent", "1250"
    )
    assert (code, out) == (
        0,
        "budget Ads for Aurora Launch: spent 1,250 of 1,000 (125% over), overspent by 250\n",
    )
    code, out, _ = mpm(
        capsys, workspace, "budget", "set", AURORA, "Events", "--planned", "0", "--note", "booth"
    )
    assert (code, out) == (0, "budget Events for Aurora Launch: spent 0 of 0, 0 left\n")
    mpm(capsys, workspace, "budget", "set", AURORA, "events", "--spent", "300")
    # Changing the plan keeps what was spent and the note.
    code, out, _ = mpm(capsys, workspace, "budget", "set", AURORA, "EMAIL", "--planned", "6000")
    assert (code, out) == (
        0,
        "budget Email for Aurora Launch: spent 1,200 of 6,000 (20%), 4,800 left\n",
    )
    code, out, _ = mpm(capsys, workspace, "budget", "list", AURORA)
    assert out == (
        "channel  planned  spent  remainder  burn       note\n"
        "-------  -------  -----  ---------  ---------  -----\n"
        "Ads      1,000    1,250  -250       125% over  —\n"
        "Email    6,000    1,200  4,800      20%        —\n"
        "Events   0        300    -300       unplanned  booth\n"
        "Total    7,000    2,750  4,250      39%        —\n"
    )
    code, out, _ = mpm(capsys, workspace, "budget", "list", AURORA, "--format", "json")
    document = json.loads(out)
    assert [(b["channel"], b["remainder"], b["burn"]) for b in document["lines"]] == [
        ("Ads", -250, 1.25),
        ("Email", 4800, 0.2),
        ("Events", -300, None),
    ]
    assert (document["planned"], document["spent"], document["remainder"]) == (7000, 2750, 4250)


def test_budget_list_of_a_project_without_lines(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    mpm(capsys, workspace, "project", "add", "Quiet")
    code, out, _ = mpm(capsys, workspace, "budget", "list", "Quiet")
    assert (code, out.splitlines()[-1]) == (0, "(none)")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("emial", "--spent", "5"),
            "project 'Aurora Launch' has no budget line 'emial' "
            "(did you mean 'Email'? budget lines: Email): plan it first",
        ),
        (
            ("Social", "--note", "later"),
            "project 'Aurora Launch' has no budget line 'Social' (budget lines: Email): "
            "plan it first",
        ),
        (("Email",), "budget set: give --planned, --spent or --note"),
        (("Email", "--spent", "-5"), "--spent: must be 0 or more (got -5)"),
        (("Email", "--planned", "5k"), "--planned: '5k' is not a number (give e.g. 1500)"),
    ],
)
def test_budget_set_refusals(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: tuple[str, ...], message: str
) -> None:
    assert refused_cli(capsys, workspace, "budget", "set", AURORA, *argv) == message


# --- a viewer --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "doing"),
    [
        (("kpi", "set", AURORA, "Deals", "--target", "45"), "change KPI targets"),
        (("kpi", "set", AURORA, "MQLs", "--rate", "50%"), "change conversion rates"),
        (("kpi", "set", AURORA, "MQLs", "--actual", "5"), "enter KPI actuals"),
        (("kpi", "import", AURORA, "leads.csv"), "import KPI actuals"),
        (("budget", "set", AURORA, "Email", "--spent", "5"), "change budgets"),
        (("budget", "set", AURORA, "Email", "--planned", "5"), "change budgets"),
    ],
)
def test_a_viewer_is_refused(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: tuple[str, ...], doing: str
) -> None:
    (workspace.parent / "leads.csv").write_text(
        "date,kpi,value\n2026-11-01,Leads,3\n", encoding="utf-8"
    )
    before = file_dump(workspace)
    code, out, err = run(capsys, "--db", workspace, "--user", "vic", *argv)
    assert (code, out) == (1, "")
    assert err == (
        f"mpm: error: Vic Viewer is a viewer and cannot {doing}; that needs the editor role\n"
    )
    assert file_dump(workspace) == before


def test_kpi_and_budget_need_an_action(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    for command in ("kpi", "budget"):
        code, _, err = mpm(capsys, workspace, command)
        assert code == 2
        assert "the following arguments are required: ACTION" in err
