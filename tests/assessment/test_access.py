"""The assessment's permission matrix, generated from the policy table: every principal of
``tests/test_access_matrix.py`` × every ``assessment.`` action (view, rollup, approve) × a snapshot row of every unit
of the synthetic city, asked through ``can`` and ``scoped``; then over HTTP for a unit of each level (a unit's page:
200 or 404, the same as a missing unit; the roll-up's confirmation and button: 403 but for the city admin; the
approvals' pages: 404 outside the view scope, 403 without ``assessment.approve`` where the rule asks for it)."""

from collections import Counter

import pytest

from assessment.models import KpiSnapshot, Trigger
from assessment.services import rollup
from tests.helpers import C111, C211, CITY, D1, D2, S11, make_user
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.access.policy import POLICY
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from .support import YEAR

pytestmark = pytest.mark.django_db
ACTIONS = sorted(a for a in POLICY if a.startswith("assessment."))


@pytest.fixture
def world(tree):
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    rollup(YEAR, trigger=Trigger.BEAT)
    code = next(iter(KpiSnapshot.objects.values_list("code", flat=True)))
    rows = {row.region_id: row for row in KpiSnapshot.objects.filter(code=code)}
    return {"principals": principals, "rows": rows}


def test_the_actions_are_declared():
    assert ACTIONS == ["assessment.approve", "assessment.rollup", "assessment.view"]


def test_the_matrix_has_no_leaks_and_no_false_denials(world):
    leaks, denials, seen = [], [], Counter()
    for user, role, unit in world["principals"]:
        prefix = Region.objects.get(code=unit).prefix
        for action in ACTIONS:
            visible = set(access.scoped(user, action, KpiSnapshot.objects.filter(code=next(iter(world["rows"].values()))
                                                                                 .code)).values_list("pk", flat=True))
            for code, row in world["rows"].items():
                place = placement(unit, prefix, code)
                want = expected(action, role, place)
                seen[place] += 1
                for layer, got in (("can", access.can(user, action, row)), ("scoped", row.pk in visible)):
                    if got and not want:
                        leaks.append((role, unit, action, code, place, layer))
                    elif want and not got:
                        denials.append((role, unit, action, code, place, layer))
    assert leaks == [], leaks[:10]
    assert denials == [], denials[:10]
    assert set(seen) == {"own", "child", "parent", "sibling", "other_district"}
    assert sum(seen.values()) == len(PRINCIPALS) * len(ACTIONS) * Region.objects.count()


def test_the_pages_answer_as_the_table_says(world, client):
    """Over HTTP, a unit of each level and of both districts (the matrix above asks every unit)."""
    missing = "419999999999"
    counts = Counter()
    for user, role, unit in world["principals"]:
        client.force_login(user)
        prefix = Region.objects.get(code=unit).prefix
        for code in (CITY, D1, D2, S11, C111, C211):
            want = expected("assessment.view", role, placement(unit, prefix, code))
            status = client.get(f"/assessment/{code}/").status_code
            assert status == (200 if want else 404), (role, unit, code)
            counts[status] += 1
        assert client.get(f"/assessment/{missing}/").status_code == 404
        holds_view = expected("assessment.view", role, "own")
        assert client.get("/assessment/").status_code == (200 if holds_view else 403), role
        is_admin = role == Role.CITY_ADMIN
        assert client.get(f"/assessment/rollup/confirm/?year={YEAR}").status_code == (200 if is_admin else 403), role
        response = client.post("/assessment/rollup/", {"year": YEAR})
        assert response.status_code == (302 if is_admin else 403), role
        client.logout()
    assert counts[200] and counts[404]


def test_the_menu_shows_the_assessment_to_government_roles_only(world, client):
    for user, role, _unit in world["principals"]:
        client.force_login(user)
        page = client.get("/").content.decode()
        assert ('href="/assessment/"' in page) == expected("assessment.view", role, "own"), role
        client.logout()


def _approves_children_of(role, unit: str, code: str) -> bool:
    """Approving needs ``assessment.approve`` through a membership at the parent unit itself."""
    return unit == code and expected("assessment.approve", role, "own")


def test_the_approval_pages_answer_as_the_table_and_the_rule_say(world, client):
    """For every principal and a unit of each level: the "approve all ready" confirmation of the unit's children
    (GET) and the unlock page of the unit (its parent's level or above), each 404 outside the view scope, then 200
    or 403; an Approve POST with a bad year is 400 where allowed, so nothing is written."""
    counts = Counter()
    for user, role, unit in world["principals"]:
        client.force_login(user)
        prefix = Region.objects.get(code=unit).prefix
        for code in (CITY, D1, D2, S11, C111, C211):
            region = Region.objects.get(code=code)
            sees = expected("assessment.view", role, placement(unit, prefix, code))
            children = client.get(f"/assessment/{code}/approve-children/?year={YEAR}").status_code
            want = 404 if not sees else (200 if _approves_children_of(role, unit, code) else 403)
            assert children == want, (role, unit, code, children)
            counts[children] += 1
            unlocks = client.get(f"/assessment/{code}/unlock/?year={YEAR}").status_code
            parent = region.parent_id
            may_unlock = parent is not None and expected("assessment.approve", role,
                                                         placement(unit, prefix, parent))
            assert unlocks == (404 if not sees else (200 if may_unlock else 403)), (role, unit, code, unlocks)
            counts[unlocks] += 1
            approving = client.post(f"/assessment/{code}/approve/", {"year": "junk"}).status_code
            may_approve = parent is not None and _approves_children_of(role, unit, parent)
            assert approving == (404 if not sees else (400 if may_approve else 403)), (role, unit, code)
        client.logout()
    assert counts[200] and counts[403] and counts[404]
