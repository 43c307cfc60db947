"""The projects' permission matrix, generated from the policy table: every principal of
``tests/test_access_matrix.py`` × every ``project.*`` action × a project in every community and street of the
synthetic city (own, child, parent, sibling, other district), asked through ``can``, ``scoped`` and, for viewing,
over HTTP. On top of the table, the undertaker's reach: the members of the undertaking organization see and deliver
that project only, and lose it the moment the undertaker changes."""

from collections import Counter

import pytest

from projects import services
from projects.access import UNDERTAKER_ACTIONS
from projects.models import ChangeRequest, Project
from tests.helpers import C111, C112, C121, C211, D1, S11, S21, make_user
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.access.policy import POLICY
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from .support import organization, ready_project

pytestmark = pytest.mark.django_db

UNITS = (C111, C112, C121, C211, S11, S21)


def project_actions() -> list[str]:
    return sorted(a for a in POLICY if a.startswith("project."))


@pytest.fixture
def world(tree):
    planner = make_user("planner", Role.COMMUNITY_STAFF, C111)
    street = make_user("street_planner", Role.STREET_OFFICER, S11)
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    org_member = next(u for u, role, _unit in principals if role == Role.ORG_MEMBER)
    undertaker = organization("乐龄社工", D1, member=org_member)
    projects = {}
    for code in UNITS:
        owner = make_user(f"owner{code}", Role.STREET_OFFICER if code in (S11, S21) else Role.COMMUNITY_STAFF, code)
        community = code if code not in (S11, S21) else code[:9] + "001"
        project = ready_project(owner, code, title=f"需求{code}") if code not in (S11, S21) else None
        if project is None:  # a street's project links a need of one of its communities
            from .support import listed_need, new_project

            staff = make_user(f"staff_for{code}", Role.COMMUNITY_STAFF, community)
            project = new_project(owner, code, needs=[listed_need(staff, community, f"需求{code}")])
        projects[code] = project
    undertaken = projects[C121]
    Project.objects.filter(pk=undertaken.pk).update(undertaker=undertaker, status="in_progress")
    return {"principals": principals, "projects": projects, "undertaken": Project.objects.get(pk=undertaken.pk),
            "org_member": org_member, "planner": planner, "street": street}


def _want(action, role, unit, code, user, world) -> bool:
    by_table = expected(action, role, placement(unit, Region.objects.get(code=unit).prefix, code))
    reach = user == world["org_member"] and action in UNDERTAKER_ACTIONS and code == C121
    return by_table or reach


def test_the_project_matrix_has_no_leaks_and_no_false_denials(world):
    leaks, denials, seen = [], [], Counter()
    for user, role, unit in world["principals"]:
        for action in project_actions():
            visible = set(access.scoped(user, action, Project.objects.all()).values_list("pk", flat=True))
            for code, project in world["projects"].items():
                project = Project.objects.get(pk=project.pk)
                want = _want(action, role, unit, code, user, world)
                seen[placement(unit, Region.objects.get(code=unit).prefix, code)] += 1
                for layer, got in (("can", access.can(user, action, project)), ("scoped", project.pk in visible)):
                    if got and not want:
                        leaks.append((role, unit, action, code, layer))
                    elif want and not got:
                        denials.append((role, unit, action, code, layer))
    assert leaks == [], leaks[:10]
    assert denials == [], denials[:10]
    assert set(seen) == {"own", "child", "parent", "sibling", "other_district"}
    assert sum(seen.values()) == len(PRINCIPALS) * len(project_actions()) * len(UNITS)


def test_detail_pages_answer_404_exactly_where_the_project_is_out_of_sight(world, client):
    failures = []
    for user, role, unit in world["principals"]:
        client.force_login(user)
        for code, project in world["projects"].items():
            want = _want("project.view", role, unit, code, user, world)
            for suffix in ("", "?tab=needs", "versions/"):
                status = client.get(f"/projects/{project.pk}/{suffix}").status_code
                if status != (200 if want else 404):
                    failures.append((role, unit, code, suffix, status))
    assert failures == []


def test_the_list_shows_only_projects_in_scope(world, client):
    for user, role, unit in world["principals"]:
        client.force_login(user)
        response = client.get("/projects/")
        if not access.has_action(user, "project.view"):
            assert response.status_code == 403, role
            continue
        shown = {row.code for row in response.context["rows"]}
        want = {p.code for code, p in world["projects"].items()
                if expected("project.view", role, placement(unit, Region.objects.get(code=unit).prefix, code))}
        assert shown == want, role


def test_the_undertakers_members_follow_a_change_of_undertaker(world, client):
    member = world["org_member"]
    project = world["undertaken"]
    other_member = make_user("other_member", Role.ORG_MEMBER, D1)
    other = organization("众益社工", D1, member=other_member, credit_suffix=2)
    client.force_login(member)
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert [row.code for row in client.get("/projects/mine/").context["rows"]] == [project.code]
    assert client.get(f"/projects/{world['projects'][C111].pk}/").status_code == 404  # another project's URL
    assert access.can(member, "project.deliver", project) and not access.can(member, "project.change", project)
    assert client.get(f"/projects/{project.pk}/edit/").status_code in (403, 404)
    officer = make_user("officer_c12", Role.STREET_OFFICER, C121[:9] + "000")
    services.project_change_undertaker(user=officer, project=project, organization=other, reason="原机构退出")
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get("/projects/mine/").context["rows"] == []
    assert not access.can(member, "project.deliver", Project.objects.get(pk=project.pk))
    client.force_login(other_member)
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert access.has_action(other_member, "project.view", model=Project)


def test_change_requests_are_seen_where_their_project_is(world, client):
    officer = make_user("officer_s11", Role.STREET_OFFICER, S11)
    project = world["projects"][C111]
    Project.objects.filter(pk=project.pk).update(status="approved")
    from .support import plan

    change = services.change_request_create(user=world["planner"], project=Project.objects.get(pk=project.pk),
                                            plan=plan(title="改"), reason="调整")
    assert ChangeRequest.objects.get(pk=change.pk).region_id == C111
    client.force_login(officer)
    assert client.get(f"/projects/{project.pk}/changes/{change.pk}/").status_code == 200
    client.force_login(make_user("far_officer", Role.STREET_OFFICER, S21))
    assert client.get(f"/projects/{project.pk}/changes/{change.pk}/").status_code == 404
    assert client.post(f"/projects/changes/{change.pk}/do/approve/").status_code == 404


def test_missing_and_malformed_ids_answer_404(world, client):
    client.force_login(world["planner"])
    for url in ("/projects/999999999/", f"/projects/{2**63}/", "/projects/?region=%00", "/projects/?region=330100",
                f"/projects/{world['projects'][C111].pk}/versions/?a=99", "/public/projects/999999999999/",
                "/public/projects/abc/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/projects/{2**63}/do/submit/").status_code == 404
