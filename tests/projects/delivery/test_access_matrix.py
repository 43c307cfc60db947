"""The delivery's permission matrix, generated from the policy table: every principal of
``tests/test_access_matrix.py`` × a project being delivered in each community of the synthetic city (own, child,
sibling, other district) × the delivery's pages and actions (the tabs, recording a milestone over HTTP,
``project.budget_approve`` on an adjustment). On top of the table, the undertaker's reach: the members of the
undertaking organization deliver that project only (another organization's project answers 404) and lose it the
moment the undertaker changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from projects import services as project_services
from projects.access import UNDERTAKER_ACTIONS
from projects.delivery import services
from projects.delivery.models import BudgetAdjustment
from projects.models import Project
from tests.helpers import C111, C112, C121, C211, D1, make_user
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from ..support import organization, ready_project
from .support import yesterday

pytestmark = pytest.mark.django_db

UNITS = (C111, C112, C121, C211)
UNDERTAKEN = C121


@pytest.fixture
def world(tree):
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    org_member = next(u for u, role, _unit in principals if role == Role.ORG_MEMBER)
    other_member = make_user("other_org_member", Role.ORG_MEMBER, D1)
    ours = organization("乐龄社工", D1, member=org_member, credit_suffix=1)
    theirs = organization("众益社工", D1, member=other_member, credit_suffix=2)
    projects = {}
    for code in UNITS:
        owner = make_user(f"owner{code}", Role.COMMUNITY_STAFF, code)
        project = ready_project(owner, code, title=f"需求{code}")
        Project.objects.filter(pk=project.pk).update(status="in_progress",
                                                     undertaker=ours if code == UNDERTAKEN else theirs)
        adjustment = BudgetAdjustment.objects.create(project=project, region_id=code, amount=Decimal("1.00"),
                                                     line=project.budget_lines.first(), reason="r",
                                                     requested_by=owner)
        projects[code] = (Project.objects.get(pk=project.pk), adjustment)
    return {"principals": principals, "projects": projects, "org_member": org_member, "ours": ours,
            "theirs": theirs, "other_member": other_member}


def _place(unit, code):
    return placement(unit, Region.objects.get(code=unit).prefix, code)


def _want(action, role, unit, code, user, world) -> bool:
    reach = user == world["org_member"] and action in UNDERTAKER_ACTIONS and code == UNDERTAKEN
    return expected(action, role, _place(unit, code)) or reach


def test_the_delivery_matrix_over_http_has_no_leaks_and_no_false_denials(world, client):
    failures, cases = [], 0
    for user, role, unit in world["principals"]:
        client.force_login(user)
        for code, (project, adjustment) in world["projects"].items():
            sees = _want("project.view", role, unit, code, user, world)
            delivers = _want("project.deliver", role, unit, code, user, world)
            for tab in ("activities", "money", "documents"):
                status = client.get(f"/projects/{project.pk}/?tab={tab}").status_code
                cases += 1
                if status != (200 if sees else 404):
                    failures.append((role, unit, code, tab, status))
            status = client.post(f"/projects/{project.pk}/milestones/",
                                 {"title": "节点", "due_on": "2026-06-30", "progress": "0"}).status_code
            cases += 1
            if status != (302 if delivers else 403 if sees else 404):
                failures.append((role, unit, code, "milestone", status))
            approve = expected("project.budget_approve", role, _place(unit, code))
            cases += 1
            if access.can(user, "project.budget_approve", adjustment) != approve:
                failures.append((role, unit, code, "budget_approve", not approve))
    assert failures == []
    assert cases == len(PRINCIPALS) * len(UNITS) * 5


def test_a_member_of_another_organization_gets_404_and_a_member_loses_access_when_the_undertaker_changes(
        world, client):
    member, other_member = world["org_member"], world["other_member"]
    ours, _adjustment = world["projects"][UNDERTAKEN]
    line = ours.budget_lines.get(kind="activities")
    expense = {"line": line.pk, "amount": "10.00", "spent_on": yesterday().isoformat(), "payee": "商户"}
    client.force_login(other_member)
    assert client.get(f"/projects/{ours.pk}/?tab=money").status_code == 404
    assert client.post(f"/projects/{ours.pk}/expenses/", expense).status_code == 404
    client.force_login(member)
    assert client.post(f"/projects/{ours.pk}/expenses/", expense).status_code == 302
    theirs_project, _adj = world["projects"][C111]
    assert client.post(f"/projects/{theirs_project.pk}/expenses/", expense).status_code == 404
    officer = make_user("officer_c12", Role.STREET_OFFICER, UNDERTAKEN[:9] + "000")
    project_services.project_change_undertaker(user=officer, project=ours, organization=world["theirs"],
                                               reason="原机构退出")
    assert client.post(f"/projects/{ours.pk}/expenses/", expense).status_code == 404
    assert client.get(f"/projects/{ours.pk}/files/1/").status_code == 404
    with pytest.raises(PermissionDenied):  # the service refuses as well
        services.milestone_create(user=member, project=Project.objects.get(pk=ours.pk), title="x",
                                  due_on=yesterday())
    client.force_login(other_member)
    assert client.post(f"/projects/{ours.pk}/expenses/", expense).status_code == 302
