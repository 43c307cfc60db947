"""The co-building permission matrix, generated from the policy table: every principal of
``tests/test_access_matrix.py`` × a published list in each community of the synthetic city (own, child, sibling,
other district) × the pages (list page, pledge page, export: 200 or 404) and the actions (record a delivery over
HTTP, ``cobuild.change`` and ``cobuild.publish`` through ``access.can``)."""

import pytest

from projects.cobuild.models import CobuildList, Delivery, Pledge
from tests.helpers import C111, C112, C121, C211, CITY, make_user
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.regions.models import Region

from .support import TODAY, donor, published

pytestmark = pytest.mark.django_db

UNITS = (C111, C112, C121, C211)


@pytest.fixture
def world(tree):
    from wuse.accounts.roles import Role

    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    unit = donor("联建企业", CITY)
    lists = {}
    for code in UNITS:
        owner = make_user(f"owner{code}", Role.COMMUNITY_STAFF, code)
        lists[code] = published(owner, code, unit, ("1000",))
    return {"principals": principals, "lists": lists}


def _place(unit, code):
    return placement(unit, Region.objects.get(code=unit).prefix, code)


def test_the_matrix_over_http_has_no_leaks_and_no_false_denials(world, client):
    failures, cases = [], 0
    for user, role, unit in world["principals"]:
        client.force_login(user)
        for code, (cobuild_list, (pledge,)) in world["lists"].items():
            place = _place(unit, code)
            sees, changes = expected("cobuild.view", role, place), expected("cobuild.change", role, place)
            for url in (f"/cobuild/{cobuild_list.pk}/", f"/cobuild/pledges/{pledge.pk}/",
                        f"/cobuild/{cobuild_list.pk}/export/"):
                cases += 1
                got = client.get(url).status_code
                if got != (200 if sees else 404):
                    failures.append((role, unit, code, url, got))
            before = Delivery.objects.filter(pledge=pledge).count()
            got = client.post(f"/cobuild/pledges/{pledge.pk}/deliver/",
                              {"quantity": "1", "delivered_on": TODAY.isoformat()}).status_code
            cases += 1
            want = 302 if changes else (403 if sees else 404)
            wrote = Delivery.objects.filter(pledge=pledge).count() - before
            if got != want or wrote != (1 if changes else 0):
                failures.append((role, unit, code, "deliver", got, wrote))
            for action in ("cobuild.change", "cobuild.publish"):
                cases += 1
                if access.can(user, action, cobuild_list) != expected(action, role, place):
                    failures.append((role, unit, code, action))
    assert cases > 100
    assert not failures, failures


def test_lists_show_only_the_unit_and_below(world, client):
    for user, role, unit in world["principals"]:
        client.force_login(user)
        html = client.get("/cobuild/").content.decode() if access.has_action(user, "cobuild.view") else ""
        for code, (cobuild_list, _pledges) in world["lists"].items():
            shown = f'href="/cobuild/{cobuild_list.pk}/"' in html
            assert shown == expected("cobuild.view", role, _place(unit, code)), (role, unit, code)
    assert CobuildList.objects.count() == len(UNITS) and Pledge.objects.count() == len(UNITS)
