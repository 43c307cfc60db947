"""The dashboards' permission matrix from the policy table: every principal of ``tests/test_access_matrix.py`` ×
``dashboard.view`` × a monthly row of every unit (``can`` and ``scoped``), then over HTTP for a unit of each level
(200 or 404, the same as a missing unit; ``/dashboard/`` 403 without the action), and the menu entry."""

from collections import Counter
from decimal import Decimal

import pytest

from assessment.dashboards.models import MonthlyFigure
from assessment.models import Trigger
from assessment.services import rollup
from tests.helpers import C111, C211, CITY, D1, D2, S11, make_user
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.access.policy import GOVERNMENT, POLICY, Scope
from wuse.regions.models import Region

from ..support import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    rollup(YEAR, trigger=Trigger.BEAT)
    MonthlyFigure.objects.bulk_create([MonthlyFigure(year=YEAR, month=1, region=r, level=r.level, code="x",
                                                     value=Decimal(1)) for r in Region.objects.all()])
    return {"principals": principals, "rows": {row.region_id: row for row in MonthlyFigure.objects.filter(code="x")}}


def test_the_action_is_declared_for_the_government_roles_over_their_subtree():
    assert POLICY["dashboard.view"] == dict.fromkeys(GOVERNMENT, Scope.SUBTREE)


def test_the_matrix_has_no_leaks_and_no_false_denials(world):
    leaks, denials, seen = [], [], Counter()
    for user, role, unit in world["principals"]:
        prefix = Region.objects.get(code=unit).prefix
        visible = set(access.scoped(user, "dashboard.view", MonthlyFigure.objects.filter(code="x"))
                      .values_list("pk", flat=True))
        for code, row in world["rows"].items():
            place = placement(unit, prefix, code)
            want = expected("dashboard.view", role, place)
            seen[place] += 1
            for layer, got in (("can", access.can(user, "dashboard.view", row)), ("scoped", row.pk in visible)):
                if got != want:
                    (leaks if got else denials).append((role, unit, code, place, layer))
    assert leaks == [] and denials == [], (leaks[:10], denials[:10])
    assert set(seen) == {"own", "child", "parent", "sibling", "other_district"}


def test_the_pages_answer_as_the_table_says(world, client):
    counts = Counter()
    for user, role, unit in world["principals"]:
        client.force_login(user)
        prefix = Region.objects.get(code=unit).prefix
        for code in (CITY, D1, D2, S11, C111, C211):
            want = expected("dashboard.view", role, placement(unit, prefix, code))
            status = client.get(f"/dashboard/{code}/?year={YEAR}").status_code
            assert status == (200 if want else 404), (role, unit, code)
            counts[status] += 1
        assert client.get("/dashboard/419999999999/").status_code == 404
        home = client.get("/dashboard/")
        assert home.status_code == (200 if expected("dashboard.view", role, "own") else 403), role
        if home.status_code == 200:
            assert home.context["region"].code == unit  # the user's own (widest) unit
        client.logout()
    assert counts[200] and counts[404]


def test_the_menu_shows_the_dashboard_under_more_to_government_roles_only(world, client):
    for user, role, _unit in world["principals"]:
        client.force_login(user)
        page = client.get("/").content.decode()
        assert ('href="/dashboard/"' in page) == expected("dashboard.view", role, "own"), role
        client.logout()


def test_a_user_of_two_units_opens_the_widest_with_a_link_to_the_other(tree, client):
    from wuse.accounts.models import Membership
    from wuse.accounts.roles import Role

    user = make_user("both", Role.COMMUNITY_STAFF, C211)
    Membership.objects.create(user=user, role=Role.STREET_OFFICER, region_id=S11)
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.context["region"].code == S11
    assert [u.code for u in response.context["others"]] == [C211]
    assert f'href="/dashboard/{C211}/?year={YEAR}"' in response.content.decode()
