"""The project pages: a constant number of queries whatever the number of rows (list, detail tabs, public page),
two people saving the same plan, the forms' round trip, the list's filters and the public page's content."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.models import BudgetLine, CoDesignRecord, Participant, PlannedActivity, Project
from tests.helpers import C111, C112, S11, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry
from wuse.registry.volunteers.models import VolunteerTeam

from .support import YEAR, fire, listed_need, organization, ready_project

pytestmark = pytest.mark.django_db


def _bulk_projects(user, n: int, community=C112, status="approved", undertaker=None):
    start = Project.objects.filter(region_id=community, year=YEAR).count()
    Project.objects.bulk_create([Project(
        region_id=community, year=YEAR, seq=start + i + 1, code=f"P-{community}-{YEAR}-{start + i + 1:03d}",
        title=f"项目{i}", status=status, focus_area="other", linkage_mode="sw_orgs", total_budget=Decimal("100.00"),
        created_by=user, undertaker=undertaker, period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31))
        for i in range(n)])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", ["", "?status=approved", "?q=项目&focus_area=other&year=2026",
                                    f"?region={C112}", "?undertaker=1&linkage_mode=sw_orgs"])
def test_the_list_runs_a_constant_number_of_queries(people, client, params):
    officer = people["officer"]
    org = organization("机构", "410101000000")
    _bulk_projects(officer, 1, undertaker=org)
    client.force_login(officer)
    one = _queries(client, f"/projects/{params}")
    _bulk_projects(officer, 50, undertaker=org)
    assert _queries(client, f"/projects/{params}") == one


def test_my_projects_runs_a_constant_number_of_queries(people, client):
    member = people["member"]
    org = organization("机构", "410101000000", member=member)
    _bulk_projects(people["officer"], 1, undertaker=org)
    client.force_login(member)
    one = _queries(client, "/projects/mine/")
    _bulk_projects(people["officer"], 50, undertaker=org)
    assert _queries(client, "/projects/mine/") == one


def _grow(project, staff, n: int) -> None:
    BudgetLine.objects.bulk_create([BudgetLine(project=project, kind="other", funding_source="self",
                                               amount=Decimal("1.00"), position=10 + i) for i in range(n)])
    PlannedActivity.objects.bulk_create([PlannedActivity(project=project, title=f"活动{i}",
                                                         starts_on=dt.date(YEAR, 4, 1)) for i in range(n)])
    CoDesignRecord.objects.bulk_create([CoDesignRecord(project=project, kind="comments", held_on=dt.date(YEAR, 1, 2),
                                                       recorded_by=staff) for _ in range(n)])
    teams = VolunteerTeam.objects.bulk_create([VolunteerTeam(name=f"队{project.pk}-{i}", region_id=C111)
                                               for i in range(n)])
    Participant.objects.bulk_create([Participant(project=project, kind="volunteer_team", volunteer_team=t,
                                                 added_by=staff) for t in teams])
    for i in range(min(n, 5)):
        services.project_link_need(user=staff, project=project, need=listed_need(staff, C111, f"需求{project.pk}-{i}"))


@pytest.mark.parametrize("tab", ["plan", "needs", "codesign", "participants", "activities", "versions", "timeline"])
def test_each_tab_of_the_detail_page_runs_a_constant_number_of_queries(people, client, tab):
    staff = people["staff"]
    small, large = ready_project(staff, C111, title="小"), ready_project(staff, C111, title="大")
    _grow(small, staff, 1)
    _grow(large, staff, 50)
    client.force_login(staff)
    client.get(f"/projects/{small.pk}/?tab={tab}")  # once-per-process reads (permission ids) are not the page's
    assert _queries(client, f"/projects/{small.pk}/?tab={tab}") == _queries(client, f"/projects/{large.pk}/?tab={tab}")


def test_the_public_page_runs_a_constant_number_of_queries_and_shows_no_personal_data(people, client):
    officer = people["officer"]
    _bulk_projects(officer, 1, community=C111, status="in_progress")
    one = _queries(client, f"/public/projects/{C111}/")
    _bulk_projects(officer, 50, community=C111, status="accepted")
    _bulk_projects(officer, 3, community=C111, status="draft")
    assert _queries(client, f"/public/projects/{C111}/") == one
    page = client.get(f"/public/projects/{C111}/")
    assert len(page.context["rows"]) == 20 and page.context["page"].paginator.count == 51
    html = page.content.decode()
    assert "officer" not in html and "@example.test" not in html


def test_the_public_page_lists_approved_projects_of_one_community_only(people, client):
    staff, officer = people["staff"], people["officer"]
    approved = fire(officer, fire(staff, ready_project(staff, C111, title="已批准"), "submit"), "approve_street")
    ready_project(staff, C111, title="草稿")
    html = client.get(f"/public/projects/{C111}/").content.decode()
    assert approved.title in html and "老年助餐服务" in html and "草稿" not in html
    assert [r.code for r in client.get(f"/public/projects/{C112}/").context["rows"]] == []


def _post_data(project=None, **overrides) -> dict:
    data = {"title": "老年助餐服务", "vehicle": "direct", "focus_area": "elderly_children",
            "linkage_mode": "sw_volunteers",
            "target_group": "独居老人", "planned_headcount": "40", "period_start": f"{YEAR}-03-01",
            "period_end": f"{YEAR}-12-31", "background": "背景", "objectives": "目标", "risk_plan": "预案",
            "total_budget": "1200.50",
            "budget-TOTAL_FORMS": "2", "budget-INITIAL_FORMS": "0", "budget-MIN_NUM_FORMS": "0",
            "budget-MAX_NUM_FORMS": "50",
            "budget-0-kind": "personnel", "budget-0-funding_source": "public", "budget-0-amount": "1000.25",
            "budget-0-note": "社工", "budget-1-kind": "activities", "budget-1-funding_source": "charity",
            "budget-1-amount": "200.25",
            "activities-TOTAL_FORMS": "1", "activities-INITIAL_FORMS": "0", "activities-MIN_NUM_FORMS": "0",
            "activities-MAX_NUM_FORMS": "50",
            "activities-0-title": "开张", "activities-0-starts_on": f"{YEAR}-04-01",
            "indicators-TOTAL_FORMS": "1", "indicators-INITIAL_FORMS": "0", "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "50",
            "indicators-0-kind": "output", "indicators-0-name": "服务人数", "indicators-0-target_value": "40",
            "indicators-0-unit": "人"}
    if project is None:
        data.update(region=C111, year=str(YEAR))
    else:
        data.update(version=str(project.version))
    data.update(overrides)
    return data


def test_planning_a_project_through_the_form(people, client):
    staff = people["staff"]
    need = listed_need(staff, C111, "希望开设老年助餐点")
    client.force_login(staff)
    assert need.pk in [v for v, _l in client.get(f"/projects/new/?need={need.pk}").context["form"]["needs"]
                       .field.choices]
    response = client.post("/projects/new/", {**_post_data(background=""), "needs": [str(need.pk)]})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    project = Project.objects.get()
    assert project.code == f"P-{C111}-{YEAR}-001" and project.total_budget == Decimal("1200.50")
    assert project.lines_total() == Decimal("1200.50") and project.background.startswith("希望开设老年助餐点")
    assert project.need_links.get().need == need
    need.refresh_from_db()
    assert need.status == "in_project"


def test_budget_lines_that_do_not_add_up_get_a_field_message_and_nothing_is_lost(people, client, in_chinese):
    client.force_login(people["staff"])
    response = client.post("/projects/new/", _post_data(total_budget="1300.00"))
    assert response.status_code == 400 and not Project.objects.exists()
    assert "1,200.50" in " ".join(response.context["form"].errors["total_budget"])
    html = response.content.decode()
    assert 'value="1000.25"' in html and "社工" in html  # what was typed comes back


@pytest.mark.parametrize(("field", "value"), [("budget-0-amount", "-1"), ("budget-0-amount", "1.005"),
                                              ("budget-0-amount", "1e400"), ("activities-0-starts_on", "2099-01-01"),
                                              ("period_end", f"{YEAR}-01-01"), ("budget-TOTAL_FORMS", "100000")])
def test_bad_amounts_and_dates_are_refused_with_a_message(people, client, field, value):
    client.force_login(people["staff"])
    response = client.post("/projects/new/", _post_data(**{field: value}))
    assert response.status_code == 400 and not Project.objects.exists()
    formsets = response.context["formsets"].values()
    assert response.context["form"].errors or any(f.errors and any(f.errors) or f.non_form_errors() for f in formsets)


def test_two_people_saving_the_same_plan_conflict_instead_of_overwriting(people, client, in_chinese):
    staff = people["staff"]
    other = make_user("colleague", Role.COMMUNITY_STAFF, C111)
    project = ready_project(staff, C111)
    stale = _post_data(project)
    client.force_login(other)
    assert client.post(f"/projects/{project.pk}/edit/", {**stale, "title": "同事改的标题"}).status_code == 302
    client.force_login(staff)
    response = client.post(f"/projects/{project.pk}/edit/", {**stale, "title": "我的标题"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "已被他人修改" in html and "我的标题" in html and 'data-testid="conflict"' in html
    project.refresh_from_db()
    assert project.title == "同事改的标题"
    assert AuditEntry.objects.filter(action="project.change", object_id=str(project.pk)).count() == 1


def test_an_approved_plan_is_changed_through_a_change_request_page(people, client):
    staff, officer = people["staff"], people["officer"]
    project = fire(officer, fire(staff, ready_project(staff, C111), "submit"), "approve_street")
    client.force_login(staff)
    assert client.get(f"/projects/{project.pk}/").context["can"]["propose"]
    data = _post_data(project, reason="增加服务内容")
    response = client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 302
    change = project.change_requests.get()
    client.force_login(officer)
    page = client.get(f"/projects/{project.pk}/changes/{change.pk}/")
    assert page.status_code == 200 and any(row.differs for row in page.context["rows"])
    assert client.post(f"/projects/changes/{change.pk}/do/approve/").status_code == 302
    project.refresh_from_db()
    assert project.total_budget == Decimal("1200.50") and project.versions.count() == 2
    compare = client.get(f"/projects/{project.pk}/versions/?a=1&b=2")
    assert compare.status_code == 200 and [r.label for r in compare.context["rows"] if r.differs]


def test_the_small_forms_of_a_draft(people, client):
    staff = people["staff"]
    project = ready_project(staff, C111)
    other_need = listed_need(make_user("s2", Role.COMMUNITY_STAFF, C112), C112, "别的社区")
    client.force_login(staff)
    response = client.post(f"/projects/{project.pk}/needs/", {"need": other_need.pk})
    assert response.status_code == 400
    assert response.context["link_form"].errors  # not a need of this community: a message, nothing linked
    assert project.need_links.count() == 1
    team = VolunteerTeam.objects.create(name="银龄互助队", region_id=C111)
    assert client.post(f"/projects/{project.pk}/participants/",
                       {"kind": "volunteer_team", "volunteer_team": team.pk, "role": "助餐"}).status_code == 302
    assert client.post(f"/projects/{project.pk}/participants/",
                       {"kind": "volunteer_team", "volunteer_team": team.pk}).status_code == 400  # twice
    assert client.post(f"/projects/{project.pk}/codesign/",
                       {"kind": "sign_off", "held_on": "2020-05-01"}).status_code == 400  # head-count missing
    assert client.post(f"/projects/{project.pk}/codesign/",
                       {"kind": "sign_off", "held_on": "2020-05-01", "headcount": "30"}).status_code == 302
    record = project.codesign_records.get(kind="sign_off")
    assert client.post(f"/projects/{project.pk}/codesign/{record.pk}/remove/").status_code == 302
    need = project.need_links.get().need
    assert client.post(f"/projects/{project.pk}/needs/{need.pk}/remove/").status_code == 302
    need.refresh_from_db()
    assert need.status == "listed"


def test_a_street_project_links_needs_of_its_communities(people):
    officer = people["officer"]
    from .support import new_project

    project = new_project(officer, S11, needs=[listed_need(people["staff"], C111, "甲"),
                                               listed_need(make_user("s2", Role.COMMUNITY_STAFF, C112), C112, "乙")])
    assert project.need_links.count() == 2 and project.code.startswith(f"P-{S11}-")


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"year": "abc"}, {"status": "hacked"}, {"undertaker": "x"},
                                    {"q": "x" * 500}, {"vehicle": "'; DROP TABLE"}, {"after": "garbage"},
                                    {"year": "99999999999999999999"}])
def test_hostile_query_strings_never_break_the_list(people, client, params):
    client.force_login(people["officer"])
    assert client.get("/projects/", params).status_code == 200
