"""The assessment's permission matrix, generated from the policy table: every principal of
``tests/test_access_matrix.py`` × ``assessment.view`` and ``assessment.rollup`` × a snapshot row of every unit of the
synthetic city, asked through ``can`` and ``scoped``; then over HTTP for a unit of each level (a unit's page: 200 or
404, the same as a missing unit; the roll-up's confirmation and button: 403 but for the city admin)."""

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
    assert ACTIONS == ["assessment.rollup", "assessment.view"]


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
