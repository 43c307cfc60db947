"""``keys_in``: many keys as one array parameter on PostgreSQL, the same rows as ``__in``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import C111, C211, S11
from wuse.core.lookups import LONG, keys_in
from wuse.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra", [0, LONG + 10])
def test_many_keys_read_the_same_rows_as_in(tree, extra):
    wanted = [C111, C211, S11, *(f"99{n:010d}" for n in range(extra))]  # codes that do not exist pad the list
    with CaptureQueriesContext(connection) as captured:
        found = sorted(Region.objects.filter(keys_in("pk", wanted)).values_list("code", flat=True))
    assert found == sorted([C111, C211, S11]) == sorted(Region.objects.filter(pk__in=wanted).values_list(
        "code", flat=True))
    [sql] = [q["sql"] for q in captured.captured_queries]
    as_array = connection.vendor == "postgresql" and extra > 0
    assert ("= ANY(" in sql) == as_array and (sql.count(C111) == 1)


def test_an_empty_list_matches_nothing(tree):
    assert not Region.objects.filter(keys_in("pk", [])).exists()
