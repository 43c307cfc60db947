"""The yearly report in the access matrix, generated from the policy table like ``tests/test_access_matrix.py``: every
principal × every unit of the synthetic city, over HTTP. Where the table grants ``report.export`` (SUBTREE: own unit
and below) the report's page opens for the unit; anywhere else it is the same 404 as a missing unit; a principal who
holds the action nowhere gets 403. ``can`` and the page agree in every case."""

from collections import Counter

import pytest

from tests.helpers import make_user
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.access.policy import POLICY
from wuse.regions.models import Region

pytestmark = pytest.mark.django_db
ACTION = "report.export"


def test_the_report_page_answers_exactly_where_the_table_grants_the_export(tree, client):
    regions = list(Region.objects.all())
    wrong, seen = [], Counter()
    for name, role, unit in PRINCIPALS:
        user = make_user(name, role, unit)
        holds = access.has_action(user, ACTION)
        assert holds == (role in POLICY[ACTION])
        client.force_login(user)
        prefix = Region.objects.get(code=unit).prefix
        for region in regions:
            place = placement(unit, prefix, region.code)
            want = 200 if expected(ACTION, role, place) else 404 if holds else 403
            got = client.get("/assessment/reports/new/", {"unit": region.code}).status_code
            seen[place] += 1
            if got != want or access.can(user, ACTION, region) != (want == 200):
                wrong.append((role, unit, region.code, place, want, got))
    assert wrong == [], wrong[:10]
    assert set(seen) == {"own", "child", "parent", "sibling", "other_district"}
