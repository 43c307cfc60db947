"""The rectifications' permission matrix, generated from the policy table: every principal of
``tests/test_access_matrix.py`` × every ``rectification.*`` action × a rectification in every community and street of
the synthetic city (own, child, parent, sibling, other district), asked through ``can``, ``scoped`` and, for viewing,
over HTTP. On top of the table, the owner's reach: the members of the owner organization see and submit that
rectification only, and lose it the moment the owner changes."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from evaluation.models import Evaluation
from evaluation.rectification.access import OWNER_ACTIONS
from evaluation.rectification.models import Rectification
from projects.models import Project
from tests.helpers import C111, C112, C121, C211, CITY, D1, S11, S21, make_user
from tests.projects.support import YEAR, organization
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.access.policy import POLICY
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from .support import default_version

pytestmark = pytest.mark.django_db

UNITS = (C111, C112, C121, C211, S11, S21)


def rectification_actions() -> list[str]:
    return sorted(a for a in POLICY if a.startswith("rectification."))


@pytest.fixture
def world(tree):
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    template = default_version(principals[0][0], Region.objects.get(code=CITY))
    org_member = next(u for u, role, _unit in principals if role == Role.ORG_MEMBER)
    owner = organization("乐龄社工", D1, member=org_member)
    other = organization("众益社工", D1, credit_suffix=2)
    author = principals[0][0]
    rows = {}
    for n, code in enumerate(UNITS, 1):
        project = Project.objects.create(
            region_id=code, year=YEAR, seq=n, code=f"P-{code}-{YEAR}-{n:03d}", title=f"项目{code}", status="closed",
            focus_area="other", linkage_mode="sw_orgs", total_budget=Decimal("100.00"), created_by=author,
            undertaker=other, period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31))
        evaluation = Evaluation.objects.create(project=project, region_id=code, stage="midterm", template=template,
                                               created_by=author, status="submitted")
        rows[code] = Rectification.objects.create(
            evaluation=evaluation, project=project, region_id=code, finding=f"问题{code}", action="整改",
            deadline=dt.date(YEAR + 1, 1, 1), owner_organization=owner if code == C121 else other, created_by=author)
    return {"principals": principals, "rows": rows, "org_member": org_member, "owner": owner, "other": other}


def _want(action, role, unit, code, user, world) -> bool:
    by_table = expected(action, role, placement(unit, Region.objects.get(code=unit).prefix, code))
    reach = user == world["org_member"] and action in OWNER_ACTIONS and code == C121
    return by_table or reach


def test_the_matrix_has_no_leaks_and_no_false_denials(world):
    leaks, denials, seen = [], [], Counter()
    for user, role, unit in world["principals"]:
        for action in rectification_actions():
            visible = set(access.scoped(user, action, Rectification.objects.all()).values_list("pk", flat=True))
            for code, row in world["rows"].items():
                want = _want(action, role, unit, code, user, world)
                seen[placement(unit, Region.objects.get(code=unit).prefix, code)] += 1
                for layer, got in (("can", access.can(user, action, row)), ("scoped", row.pk in visible)):
                    if got and not want:
                        leaks.append((role, unit, action, code, layer))
                    elif want and not got:
                        denials.append((role, unit, action, code, layer))
    assert leaks == [], leaks[:10]
    assert denials == [], denials[:10]
    assert set(seen) == {"own", "child", "parent", "sibling", "other_district"}
    assert sum(seen.values()) == len(PRINCIPALS) * len(rectification_actions()) * len(UNITS)


def test_the_table_says_who_does_what():
    """The rows the issue asks for: government levels see; the district and the street set up; the street verifies;
    the district cancels; nobody submits by the table (only the owner's members, through the reach)."""
    holders = {action: set(POLICY[action]) for action in rectification_actions()}
    assert holders["rectification.view"] == {Role.CITY_ADMIN, Role.DISTRICT_REVIEWER, Role.STREET_OFFICER,
                                              Role.COMMUNITY_STAFF}
    assert holders["rectification.create"] == {Role.DISTRICT_REVIEWER, Role.STREET_OFFICER}
    assert holders["rectification.verify"] == {Role.STREET_OFFICER}
    assert holders["rectification.cancel"] == {Role.DISTRICT_REVIEWER}
    assert holders["rectification.submit"] == set()


def test_detail_pages_answer_404_exactly_where_the_rectification_is_out_of_sight(world, client):
    failures = []
    for user, role, unit in world["principals"]:
        client.force_login(user)
        for code, row in world["rows"].items():
            want = _want("rectification.view", role, unit, code, user, world)
            status = client.get(f"/rectifications/{row.pk}/").status_code
            if status != (200 if want else 404):
                failures.append((role, unit, code, status))
    assert failures == []


def test_the_list_shows_only_rectifications_in_sight(world, client):
    for user, role, unit in world["principals"]:
        client.force_login(user)
        response = client.get("/rectifications/")
        want = {row.pk for code, row in world["rows"].items()
                if _want("rectification.view", role, unit, code, user, world)}
        if not access.has_action(user, "rectification.view", model=Rectification):
            assert response.status_code == 403 and not want, role
            continue
        assert {row.pk for row in response.context["page"]} == want, role


def test_the_owners_members_follow_a_change_of_owner(world, client):
    member, row = world["org_member"], world["rows"][C121]
    assert access.can(member, "rectification.submit", row)
    Rectification.objects.filter(pk=row.pk).update(owner_organization=world["other"])
    access.forget(member)
    row = Rectification.objects.get(pk=row.pk)
    assert not access.can(member, "rectification.submit", row) and not access.can(member, "rectification.view", row)
    client.force_login(member)
    assert client.get(f"/rectifications/{row.pk}/").status_code == 404
