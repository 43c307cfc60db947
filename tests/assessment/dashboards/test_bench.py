"""``bench/dashboards.py`` runs on a small database (a smoke run): every page answers, none reads the needs."""

import pytest

from assessment.models import Trigger
from assessment.services import rollup
from bench.dashboards import timed_dashboards
from tests.helpers import C111, CITY, D1

from ..support import YEAR, needs

pytestmark = pytest.mark.django_db


def test_a_smoke_run_times_every_users_dashboards(people):
    needs(people["staff"], {C111: 2})
    rollup(YEAR, trigger=Trigger.BEAT)
    lines = []
    found = timed_dashboards([("city", people["city"], CITY), ("district", people["reviewer"], D1),
                              ("community", people["staff"], C111)], 0.01, out=lines.append)
    assert len(found) == 9 and all(row["n"] >= 5 and row["queries"] < 40 for row in found)
    assert not any(row["reads_needs"] for row in found)
    assert "p95" in lines[1] and len(lines) == 11
