"""Goals: the KPI funnel worked backwards and stored, actuals, the CSV import, budgets,
and the project detail read in a constant number of queries.

The funnel is the issue's example, built through `planning.add_kpi`: a KGI of
30 deals, SQL→deal 30 %, MQL→SQL 40 %, lead→MQL 25 %, visit→lead 2 %, which
gives 100 SQLs, 250 MQLs, 1,000 leads and 50,000 visits.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Activity, Kpi, KpiEntry, ScopeChange, Task
from mpm_tui.schemas.enums import RetroStatus
from mpm_tui.schemas.goals import BudgetView, KpiView
from mpm_tui.services import boards, goals, kpi_import, members, planning, projects, retros, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from tests.conftest import FROZEN_NOW, dump_database, refused

AURORA = "Aurora Launch"
FUNNEL = (("SQLs", "Deals", 0.30), ("MQLs", "SQLs", 0.40), ("Leads", "MQLs", 0.25))
KPI_LIST = "KPIs: Deals, SQLs, MQLs, Leads, Visits"


def build_funnel(ctx: ServiceContext, project: str = AURORA) -> None:
    projects.create_project(ctx, {"name": project})
    planning.add_kpi(ctx, project, {"name": "Deals", "is_kgi": True, "stage": "deal"})
    for name, parent, rate in FUNNEL:
        planning.add_kpi(ctx, project, {"name": name, "parent": parent, "conversion_rate": rate})
    planning.add_kpi(ctx, project, {"name": "Visits", "parent": "Leads", "conversion_rate": 0.02})


def kpi_id(name: str, project: str = AURORA) -> int:
    return goals.kpi_named(project, name).id


def targets(kpis: tuple[KpiView, ...] | None = None) -> dict[str, float | None]:
    return {k.name: k.target for k in kpis or goals.list_kpis(AURORA)}


@pytest.fixture
def funnel(db_path: Path, editor: ServiceContext) -> None:
    """The example funnel with the KGI set to 30 deals."""
    build_funnel(editor)
    goals.set_kpi_target(editor, kpi_id("Deals"), 30)


# --- the funnel -------------------------------------------------------------------


def test_the_example_funnel_is_worked_back_from_the_kgi(funnel: None) -> None:
    kpis = goals.list_kpis(AURORA)
    assert [(k.name, k.depth, k.parent, k.target) for k in kpis] == [
        ("Deals", 0, None, 30),
        ("SQLs", 1, "Deals", 100),
        ("MQLs", 2, "SQLs", 250),
        ("Leads", 3, "MQLs", 1000),
        ("Visits", 4, "Leads", 50000),
    ]


def test_changing_the_kgi_recomputes_and_stores_every_stage(
    funnel: None, editor: ServiceContext
) -> None:
    returned = goals.set_kpi_target(editor, kpi_id("Deals"), 45)
    expected = {"Deals": 45, "SQLs": 150, "MQLs": 375, "Leads": 1500, "Visits": 75000}
    assert targets(returned) == expected
    assert targets() == expected  # stored, not only returned
    last = Activity.select().order_by(Activity.id.desc()).first()
    assert (last.entity, last.action, last.actor_name) == ("kpi", "update", "Test Editor")
    assert last.summary == (
        "KPI Deals of Aurora Launch: target 30 → 45; "
        "recomputed SQLs 150, MQLs 375, Leads 1,500, Visits 75,000"
    )
    assert json.loads(last.before) == {
        "target": 30,
        "recomputed": {"SQLs": 100, "MQLs": 250, "Leads": 1000, "Visits": 50000},
    }


def test_changing_one_rate_changes_only_that_stage_and_those_above(
    funnel: None, editor: ServiceContext
) -> None:
    goals.set_kpi_rate(editor, kpi_id("MQLs"), 0.5)
    assert targets() == {"Deals": 30, "SQLs": 100, "MQLs": 200, "Leads": 800, "Visits": 40000}
    goals.set_kpi_rate(editor, kpi_id("Visits"), 0.04)
    assert targets() == {"Deals": 30, "SQLs": 100, "MQLs": 200, "Leads": 800, "Visits": 20000}
    assert {k.name: k.rate for k in goals.list_kpis(AURORA)}["Visits"] == 0.04


def test_targets_round_up_to_whole_units(db_path: Path, editor: ServiceContext) -> None:
    projects.create_project(editor, {"name": "Small"})
    planning.add_kpi(editor, "Small", {"name": "Deals", "is_kgi": True})
    planning.add_kpi(editor, "Small", {"name": "SQLs", "parent": "Deals", "conversion_rate": 0.3})
    kpis = goals.set_kpi_target(editor, kpi_id("Deals", "Small"), 10)
    assert [(k.name, k.target) for k in kpis] == [("Deals", 10), ("SQLs", 34)]  # 33.33 → 34
    kpis = goals.set_kpi_rate(editor, kpi_id("SQLs", "Small"), 0.35)
    assert kpis[1].target == 29  # 28.57 → 29
    kpis = goals.set_kpi_target(editor, kpi_id("Deals", "Small"), 21)
    assert kpis[1].target == 60  # 21 / 0.35 is 60.00000000000001 in floating point


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (0, "conversion rate of 'MQLs' must be above 0 and at most 100% (got 0)"),
        (-0.2, "conversion rate of 'MQLs' must be above 0 and at most 100% (got -0.2)"),
        (
            40,
            "conversion rate of 'MQLs' must be above 0 and at most 100% (got 40; for 40% give 0.4)",
        ),
        (float("nan"), "conversion rate of 'MQLs' must be above 0 and at most 100% (got nan)"),
    ],
)
def test_a_rate_outside_0_to_1_is_refused_naming_the_kpi(
    funnel: None, editor: ServiceContext, rate: float, message: str
) -> None:
    refused(lambda: goals.set_kpi_rate(editor, kpi_id("MQLs"), rate), InvalidInput, message)


def test_a_stage_target_comes_from_the_funnel(funnel: None, editor: ServiceContext) -> None:
    refused(
        lambda: goals.set_kpi_target(editor, kpi_id("Leads"), 5000),
        RuleViolation,
        "the target of KPI 'Leads' comes from the funnel (it converts into 'MQLs' at 25%): "
        "change the target of 'Deals' or a conversion rate instead",
    )


def test_the_kgi_has_no_rate_and_targets_are_not_negative(
    funnel: None, editor: ServiceContext
) -> None:
    refused(
        lambda: goals.set_kpi_rate(editor, kpi_id("Deals"), 0.5),
        RuleViolation,
        "KPI 'Deals' does not convert into another KPI, so it has no conversion rate "
        "(set its target instead)",
    )
    refused(
        lambda: goals.set_kpi_target(editor, kpi_id("Deals"), -1),
        InvalidInput,
        "KPI 'Deals': target: must be a number of 0 or more (got -1)",
    )
    refused(lambda: goals.set_kpi_target(editor, 999, 5), NotFound, "no KPI with id 999")


def test_clearing_the_kgi_target_clears_the_stages(funnel: None, editor: ServiceContext) -> None:
    kpis = goals.set_kpi_target(editor, kpi_id("Deals"), None)
    assert set(targets(kpis).values()) == {None}


def test_setting_the_same_values_records_nothing(funnel: None, editor: ServiceContext) -> None:
    before = dump_database()
    goals.set_kpi_target(editor, kpi_id("Deals"), 30)
    goals.set_kpi_rate(editor, kpi_id("SQLs"), 0.3)
    goals.set_kpi_actual(editor, kpi_id("SQLs"), None)
    assert dump_database() == before


def test_a_stage_added_later_gets_its_target_from_the_funnel_at_once(
    funnel: None, editor: ServiceContext
) -> None:
    """`planning.add_kpi` works a new stage's target back from its parent's in the
    same transaction: 100 SQLs at 50 % need 200 referrals."""
    planning.add_kpi(
        editor, AURORA, {"name": "Referrals", "parent": "SQLs", "conversion_rate": 0.5}
    )
    assert targets()["Referrals"] == 200
    last = Activity.select().order_by(Activity.id.desc()).first()
    assert last.summary == "KPI Referrals for Aurora Launch, target 200 from the funnel"
    assert json.loads(last.after)["target"] == 200
    assert goals.recompute_funnel(kpi_id("Referrals")) == []  # nothing left to work out


def test_a_target_given_for_a_new_stage_gives_way_to_the_funnel(
    funnel: None, editor: ServiceContext
) -> None:
    planning.add_kpi(
        editor,
        AURORA,
        {"name": "Partners", "parent": "Deals", "conversion_rate": 0.6, "target": 7},
    )
    assert targets()["Partners"] == 50  # 30 deals at 60 %, not the 7 given
    last = Activity.select().order_by(Activity.id.desc()).first()
    assert last.summary == "KPI Partners for Aurora Launch, target 50 from the funnel"
    assert json.loads(last.after)["target"] == 50
    # Given what the funnel gives: stored as it is, nothing more said.
    planning.add_kpi(
        editor,
        AURORA,
        {"name": "Events", "parent": "Deals", "conversion_rate": 0.5, "target": 60},
    )
    assert targets()["Events"] == 60
    last = Activity.select().order_by(Activity.id.desc()).first()
    assert last.summary == "KPI Events for Aurora Launch"
    # No rate, or a parent without a target: the funnel gives none yet.
    planning.add_kpi(editor, AURORA, {"name": "NPS"})
    planning.add_kpi(editor, AURORA, {"name": "Promoters", "parent": "NPS", "target": 9})
    planning.add_kpi(
        editor, AURORA, {"name": "Surveys", "parent": "NPS", "conversion_rate": 0.1, "target": 9}
    )
    assert (targets()["Promoters"], targets()["Surveys"]) == (None, None)
    last = Activity.select().order_by(Activity.id.desc()).first()
    assert last.summary == "KPI Surveys for Aurora Launch, no target (the funnel gives it none yet)"


def test_recompute_funnel_repairs_a_stale_stage(funnel: None) -> None:
    """For callers that change a KPI inside their own transaction."""
    Kpi.update(target=None).where(Kpi.id == kpi_id("MQLs")).execute()
    assert goals.recompute_funnel(kpi_id("MQLs")) == ["MQLs"]
    assert targets()["MQLs"] == 250
    assert goals.recompute_funnel(kpi_id("Deals")) == []


def test_a_kpi_outside_the_funnel_keeps_its_own_target(
    funnel: None, editor: ServiceContext
) -> None:
    planning.add_kpi(editor, AURORA, {"name": "NPS", "target": 40})
    goals.set_kpi_target(editor, kpi_id("NPS"), 50)
    assert targets()["NPS"] == 50
    assert targets()["Visits"] == 50000


# --- actuals ------------------------------------------------------------------------


def test_attainment_is_actual_over_target(funnel: None, editor: ServiceContext) -> None:
    kpis = goals.set_kpi_actual(editor, kpi_id("SQLs"), 80)
    by_name = {k.name: k for k in kpis}
    assert by_name["SQLs"].attainment == pytest.approx(0.8)
    assert by_name["MQLs"].attainment is None  # no actual yet
    goals.set_kpi_actual(editor, kpi_id("Deals"), 36)
    assert {k.name: k.attainment for k in goals.list_kpis(AURORA)}["Deals"] == pytest.approx(1.2)
    goals.set_kpi_target(editor, kpi_id("Deals"), 0)
    assert {k.name: k.attainment for k in goals.list_kpis(AURORA)}["Deals"] is None
    refused(
        lambda: goals.set_kpi_actual(editor, kpi_id("SQLs"), -3),
        InvalidInput,
        "KPI 'SQLs': actual: must be a number of 0 or more (got -3)",
    )


def test_dated_entries_add_up_to_the_actual(funnel: None, editor: ServiceContext) -> None:
    leads = kpi_id("Leads")
    goals.set_kpi_actual(editor, leads, 999)  # typed; the entries replace it
    goals.add_kpi_entry(editor, leads, date(2026, 11, 2), 40)
    goals.add_kpi_entry(editor, leads, date(2026, 11, 3), 25)
    kpis = goals.add_kpi_entry(editor, leads, date(2026, 11, 2), 30)  # replaces the 40
    view = next(k for k in kpis if k.name == "Leads")
    assert view.actual == 55
    assert [(e.date, e.value) for e in view.entries] == [
        (date(2026, 11, 2), 30),
        (date(2026, 11, 3), 25),
    ]
    last = Activity.select().order_by(Activity.id.desc()).first()
    assert last.summary == "KPI Leads of Aurora Launch: 30 on 2026-11-02 (was 40), actual 55"
    goals.set_kpi_actual(editor, leads, 60)  # a typed actual stands until the next entry
    assert next(k for k in goals.list_kpis(AURORA) if k.name == "Leads").actual == 60


# --- importing actuals ----------------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_csv(folder: Path, text: str, name: str = "leads.csv") -> str:
    (folder / name).write_text(text, encoding="utf-8")
    return name


def test_importing_actuals(funnel: None, editor: ServiceContext, in_tmp: Path) -> None:
    goals.add_kpi_entry(editor, kpi_id("Leads"), date(2026, 11, 1), 7)  # kept
    goals.add_kpi_entry(editor, kpi_id("Leads"), date(2026, 11, 2), 99)  # replaced
    path = write_csv(
        in_tmp,
        "\ufeffKPI,Date,Value\n"
        "leads,2026-11-02,40\n"
        "\n"
        "Leads,2026-11-03,25.5\n"
        'MQLs,2026-11-03,"1,234"\n'
        "mqls,2026-11-04,6\n",
    )
    before = Activity.select().count()
    assert kpi_import.import_kpi_actuals(editor, AURORA, path) == 4
    kpis = {k.name: k for k in goals.list_kpis(AURORA)}
    assert kpis["Leads"].actual == 7 + 40 + 25.5
    assert [(e.date.day, e.value) for e in kpis["Leads"].entries] == [(1, 7), (2, 40), (3, 25.5)]
    assert kpis["MQLs"].actual == 1240
    assert kpis["Deals"].actual is None
    assert Activity.select().count() == before + 1
    last = Activity.select().order_by(Activity.id.desc()).first()
    assert (last.entity, last.action) == ("project", "import")
    assert last.summary == "imported 4 KPI actuals into Aurora Launch (MQLs, Leads) from leads.csv"
    assert json.loads(last.after) == {
        "file": "leads.csv",
        "kpis": {"Leads": {"actual": 72.5, "rows": 2}, "MQLs": {"actual": 1240, "rows": 2}},
    }
    assert json.loads(last.before) == {"kpis": {"Leads": {"actual": 106}, "MQLs": {"actual": None}}}


def test_importing_csv_text(funnel: None, editor: ServiceContext) -> None:
    text = "date,kpi,value\n2026-11-02,Deals,3\n"
    assert kpi_import.import_kpi_actuals(editor, AURORA, text) == 1
    assert goals.kpi_named(AURORA, "deals").actual == 3


IMPORT_ERRORS = [
    pytest.param(
        "date,kpi,value\n2026-11-01,Leads,1\n2026-11-02,Leads,2\n2026-13-01,Leads,3\n",
        "leads.csv: line 4: date '2026-13-01' is not a date (YYYY-MM-DD)",
        id="bad date",
    ),
    pytest.param(
        "date,kpi,value\n01/11/2026,Leads,1\n",
        "leads.csv: line 2: date '01/11/2026' is not a date (YYYY-MM-DD)",
        id="not ISO",
    ),
    pytest.param(
        "date,kpi,value\n2026-11-01,Leads,1\n2026-11-02,Leads,2\n"
        "2026-11-03,Leads,3\n2026-11-04,Leedz,4\n",
        f"leads.csv: line 5: no KPI 'Leedz' in project 'Aurora Launch' "
        f"(did you mean 'Leads'? {KPI_LIST})",
        id="unknown KPI",
    ),
    pytest.param(
        "date,kpi,value\n2026-11-01,Churn,1\n",
        f"leads.csv: line 2: no KPI 'Churn' in project 'Aurora Launch' ({KPI_LIST})",
        id="unknown KPI, nothing close",
    ),
    pytest.param(
        "date,kpi,value\n"
        + "".join(f"2026-11-0{day},Leads,{day}\n" for day in range(1, 5))
        + "2026-11-05,Leads,abc\n",
        "leads.csv: line 6: value 'abc' is not a number",
        id="non-number",
    ),
    pytest.param(
        "date,kpi,value\n2026-11-01,Leads,nan\n",
        "leads.csv: line 2: value 'nan' is not a number",
        id="nan",
    ),
    pytest.param(
        "date,kpi,value\n2026-11-01,Leads,-3\n",
        "leads.csv: line 2: value '-3' is negative (actuals are 0 or more)",
        id="negative",
    ),
    pytest.param(
        "date,kpi,value\n2026-11-01,Leads,\n",
        "leads.csv: line 2: value is empty",
        id="empty value",
    ),
    pytest.param(
        "date,kpi\n2026-11-01,Leads\n",
        "leads.csv: line 1: missing column 'value' (the header is date,kpi,value)",
        id="missing column",
    ),
    pytest.param(
        "2026-11-01,Leads,3\n",
        "leads.csv: line 1: unexpected column '2026-11-01' (only date, kpi and value are read)",
        id="no header",
    ),
    pytest.param(
        "date,kpi,value,source\n2026-11-01,Leads,3,GA\n",
        "leads.csv: line 1: unexpected column 'source' (only date, kpi and value are read)",
        id="extra column",
    ),
    pytest.param(
        "date,kpi,Date,value\n",
        "leads.csv: line 1: column 'date' appears twice",
        id="column twice",
    ),
    pytest.param(
        "date;kpi;value\n2026-11-01;Leads;3\n",
        "leads.csv: line 1: columns must be separated by commas (got 'date;kpi;value')",
        id="semicolons",
    ),
    pytest.param(
        "", "leads.csv: the file is empty (expected a header row: date,kpi,value)", id="empty file"
    ),
    pytest.param(
        "\n  \n", "leads.csv: the file is empty (expected a header row: date,kpi,value)", id="blank"
    ),
    pytest.param(
        "date,kpi,value\n", "leads.csv: no rows after the header (nothing to import)", id="header"
    ),
    pytest.param(
        "date,kpi,value\n2026-11-01,Leads,3\n2026-11-02,Leads,4\n2026-11-01,leads,5\n",
        "leads.csv: line 4: Leads on 2026-11-01 is already on line 2 (one value per KPI and day)",
        id="duplicate rows",
    ),
    pytest.param(
        "date,kpi,value\n2026-11-01,Leads,1,234\n",
        "leads.csv: line 2: expected 3 values (date, kpi, value), found 4 — quote a number "
        'with a thousands separator ("1,234")',
        id="unquoted thousands",
    ),
    pytest.param(
        "date,kpi,value\n2026-11-01,Leads,1.2.3\n2026-11-32,Leads,1\n2026-11-03,Nope,1\n",
        "leads.csv: line 2: value '1.2.3' is not a number (and 2 more problems: lines 3, 4)",
        id="several problems",
    ),
]


@pytest.mark.parametrize(("text", "message"), IMPORT_ERRORS)
def test_a_bad_import_file_is_refused_whole(
    funnel: None, editor: ServiceContext, in_tmp: Path, text: str, message: str
) -> None:
    path = write_csv(in_tmp, text)
    refused(lambda: kpi_import.import_kpi_actuals(editor, AURORA, path), InvalidInput, message)
    refused(lambda: kpi_import.read_kpi_csv(AURORA, path), InvalidInput, message)


def test_a_missing_or_unreadable_file(funnel: None, editor: ServiceContext, in_tmp: Path) -> None:
    refused(
        lambda: kpi_import.import_kpi_actuals(editor, AURORA, "nope.csv"),
        InvalidInput,
        "nope.csv: no such file",
    )
    (in_tmp / "bin.csv").write_bytes(b"date,kpi,value\n\xff\xfe\n")
    refused(
        lambda: kpi_import.import_kpi_actuals(editor, AURORA, Path("bin.csv")),
        InvalidInput,
        "bin.csv: not a text file (expected CSV in UTF-8)",
    )


def test_an_import_writes_nothing_when_the_last_line_is_bad(
    funnel: None, editor: ServiceContext, in_tmp: Path
) -> None:
    rows = "".join(f"2026-10-{day:02},Visits,{day * 100}\n" for day in range(1, 31))
    path = write_csv(in_tmp, "date,kpi,value\n" + rows + "2026-10-31,Visits,lots\n")
    refused(
        lambda: kpi_import.import_kpi_actuals(editor, AURORA, path),
        InvalidInput,
        "leads.csv: line 32: value 'lots' is not a number",
    )
    assert KpiEntry.select().count() == 0


# --- budget ---------------------------------------------------------------------------


def test_budget_remainder_and_burn() -> None:
    assert BudgetView(1, "email", 5000, 1200, "").remainder == 3800
    assert BudgetView(1, "email", 5000, 1200, "").burn == pytest.approx(0.24)
    overspent = BudgetView(1, "ads", 1000, 1250, "")
    assert (overspent.remainder, overspent.burn) == (-250, 1.25)
    unplanned = BudgetView(1, "events", 0, 300, "")
    assert (unplanned.remainder, unplanned.burn) == (-300, None)
    assert BudgetView(1, "seo", 0, 0, "").burn is None


def test_recording_spending(db_path: Path, editor: ServiceContext) -> None:
    projects.create_project(editor, {"name": AURORA})
    planning.set_budget_line(editor, AURORA, {"channel": "Email", "planned": 5000, "note": "x"})
    planning.set_budget_line(editor, AURORA, {"channel": "Ads", "planned": 1000})
    line = goals.set_budget_spent(editor, AURORA, "email", 5200)
    assert (line.channel, line.planned, line.spent, line.note) == ("Email", 5000, 5200, "x")
    assert (line.remainder, line.burn) == (-200, pytest.approx(1.04))
    assert goals.list_budget(AURORA) == (
        BudgetView(2, "Ads", 1000, 0, ""),
        BudgetView(1, "Email", 5000, 5200, "x"),
    )
    detail = goals.project_detail(AURORA)
    assert (detail.budget_planned, detail.budget_spent) == (6000, 5200)
    last = Activity.select().order_by(Activity.id.desc()).first()
    assert last.summary == "budget Email for Aurora Launch: spent 0 → 5,200 of 5,000"
    refused(
        lambda: goals.set_budget_spent(editor, AURORA, "emial", 10),
        NotFound,
        "project 'Aurora Launch' has no budget line 'emial' "
        "(did you mean 'Email'? budget lines: Ads, Email): plan it first",
    )
    refused(
        lambda: goals.set_budget_spent(editor, AURORA, "Ads", -5),
        InvalidInput,
        "budget 'Ads': spent: must be a number of 0 or more (got -5)",
    )


# --- who may change what ----------------------------------------------------------------


def test_a_viewer_changes_nothing(
    funnel: None, editor: ServiceContext, viewer: ServiceContext, in_tmp: Path
) -> None:
    planning.set_budget_line(editor, AURORA, {"channel": "Email", "planned": 5000})
    path = write_csv(in_tmp, "date,kpi,value\n2026-11-01,Leads,3\n")
    writes: list[tuple[Callable[[], object], str]] = [
        (lambda: goals.set_kpi_target(viewer, kpi_id("Deals"), 45), "change KPI targets"),
        (lambda: goals.set_kpi_rate(viewer, kpi_id("MQLs"), 0.5), "change conversion rates"),
        (lambda: goals.set_kpi_actual(viewer, kpi_id("MQLs"), 5), "enter KPI actuals"),
        (
            lambda: goals.add_kpi_entry(viewer, kpi_id("MQLs"), date(2026, 11, 2), 5),
            "enter KPI actuals",
        ),
        (lambda: kpi_import.import_kpi_actuals(viewer, AURORA, path), "import KPI actuals"),
        (lambda: goals.set_budget_spent(viewer, AURORA, "Email", 10), "change budgets"),
    ]
    for write, doing in writes:
        refused(
            write,
            PermissionDenied,
            f"Test Viewer is a viewer and cannot {doing}; that needs the editor role",
        )


# --- the project detail ---------------------------------------------------------------


def build_project(ctx: ServiceContext, name: str, size: int) -> None:
    """A project with `size` of everything besides the funnel."""
    build_funnel(ctx, name)
    planning.add_kpi(ctx, name, {"name": "NPS", "target": 40})
    planning.add_kpi(ctx, name, {"name": "Referrals", "parent": "SQLs", "conversion_rate": 0.5})
    goals.set_kpi_target(ctx, kpi_id("Deals", name), 30)
    for n in range(size):
        day = date(2026, 12, 1 + n % 28)
        goals.add_kpi_entry(ctx, kpi_id("Leads", name), day, n + 1)
        planning.set_budget_line(ctx, name, {"channel": f"ch{n}", "planned": 100 * n})
        planning.add_milestone(ctx, name, {"name": f"M{n}", "date": date(2027, 1, 28 - n % 28)})
        planning.add_risk(
            ctx,
            name,
            {"description": f"R{n}", "probability": 1 + n % 5, "impact": 3, "owner": "Ann"},
        )
        ScopeChange.create(
            project=projects.get_project(name).id,
            description=f"S{n}",
            requested_by="Client",
            requested_on=date(2026, 11, 1 + n % 28),
            created_at=FROZEN_NOW,
        )
        tasks.create_task(ctx, {"title": f"T{n}", "project": name, "owner": "Ann"})
        tasks.create_task(ctx, {"title": f"D{n}", "project": name, "column": "Done"})
    retros.create_retrospective(ctx, name, {"kind": "midpoint"})


def test_project_detail(db_path: Path, admin: ServiceContext) -> None:
    members.create_member(admin, {"name": "Ann"})
    boards.create_board(
        admin, {"name": "Main", "columns": [{"name": "To Do"}, {"name": "Done", "is_done": True}]}
    )
    build_project(admin, AURORA, 3)
    projects.update_project(admin, AURORA, {"owner": "Ann", "objective": "30 deals in Q1"})
    Task.update(cancelled_at=FROZEN_NOW).where(Task.title == "T2").execute()
    detail = goals.project_detail(AURORA)
    assert detail == goals.project_detail(detail.project.id)
    assert (detail.project.name, detail.project.owner, detail.project.objective) == (
        AURORA,
        "Ann",
        "30 deals in Q1",
    )
    assert [(k.name, k.depth, k.target) for k in detail.kpis] == [
        ("Deals", 0, 30),
        ("SQLs", 1, 100),
        ("MQLs", 2, 250),
        ("Leads", 3, 1000),
        ("Visits", 4, 50000),
        ("Referrals", 2, 200),  # a second stage into SQLs, after the first one's chain
        ("NPS", 0, 40),
    ]
    assert [(k.name, k.actual) for k in detail.kpis if k.entries] == [("Leads", 6)]
    assert [m.name for m in detail.milestones] == ["M2", "M1", "M0"]  # by date
    assert [(r.description, r.score, r.owner) for r in detail.risks] == [
        ("R2", 9, "Ann"),
        ("R1", 6, "Ann"),
        ("R0", 3, "Ann"),
    ]
    assert [(r.kind, r.status) for r in detail.retros] == [("midpoint", RetroStatus.DRAFT)]
    assert (detail.tasks_open, detail.tasks_done) == (2, 3)  # T2 was cut
    assert [b.channel for b in detail.budget] == ["ch0", "ch1", "ch2"]
    refused(
        lambda: goals.project_detail("aurora lanch"),
        NotFound,
        "no project called 'aurora lanch' (did you mean 'Aurora Launch'?)",
    )
    refused(lambda: goals.project_detail(99), NotFound, "no project with id 99")


def test_project_detail_reads_in_a_constant_number_of_queries(
    db_path: Path, admin: ServiceContext
) -> None:
    members.create_member(admin, {"name": "Ann"})
    boards.create_board(
        admin, {"name": "Main", "columns": [{"name": "To Do"}, {"name": "Done", "is_done": True}]}
    )
    build_project(admin, "Small", 1)
    build_project(admin, "Big", 25)
    counts = []
    for name in ("Small", "Big"):
        with count_queries() as counted:
            detail = goals.project_detail(name)
        counts.append(counted.count)
        assert len(detail.risks) == (1 if name == "Small" else 25)
    assert counts == [8, 8]
