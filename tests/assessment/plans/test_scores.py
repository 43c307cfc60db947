"""Scores and ranks on read: the band's arithmetic, missing values, ties, last year beside, which plan applies,
and a constant number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.plans import scoring, selectors, services
from assessment.plans.models import ManualScore
from tests.assessment.plans.support import ALL, YEAR, kpi, make_plan, manual, snapshot
from tests.helpers import C111, C112, CITY, D1, D2, S11, S12, S21
from wuse.regions.models import Region

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.mark.parametrize(("value", "full", "zero", "points", "state"), [
    (5, 10, 0, D("25.00"), "amber"),      # linear
    (20, 10, 0, D("50.00"), "green"),     # clamped above
    (-3, 10, 0, D("0.00"), "red"),        # clamped below
    (10, 10, 0, D("50.00"), "green"),
    (1, 0, 4, D("37.50"), "amber"),       # lower is better
    (0, 0, 4, D("50.00"), "green"),
    (9, 0, 4, D("0.00"), "red"),
    (None, 10, 0, D("0"), "missing"),     # no value: 0 points, marked
])
def test_the_band(value, full, zero, points, state):
    assert scoring.kpi_points(None if value is None else D(value), D(full), D(zero), D(50)) == (points, state)


def test_competition_ranks_share_a_rank_and_skip():
    assert scoring.ranks([D(80), D(90), D(80), D(70), D("89.999")]) == [3, 1, 3, 5, 1]


def unit(code, parent, level="community"):
    return Region.objects.create(code=code, name=f"单位{code}", level=level, parent_id=parent)


def score(user, plan, code, points):
    indicator = plan.indicators.get(kind="manual")
    ManualScore.objects.update_or_create(indicator=indicator, region_id=code,
                                         defaults={"points": D(points), "scored_by": user})


def test_city_plan_scores_districts_with_kpis_shares_means_and_manual_points(people):
    rows = [kpi("needs.collected", weight=30), kpi("rectifications.overdue", weight=20, full=0, zero=4),
            kpi("needs.on_time_share", weight=20, full=90, zero=50),
            kpi("evaluations.average_score", weight=10, full=90, zero=60), manual(weight=20)]
    plan = make_plan(people["city"], CITY, rows=rows)
    snapshot(YEAR, {(D1, "needs.collected"): 5, (D1, "rectifications.overdue"): 1, (D1, "needs.on_time_share"): (7, 10),
                    (D1, "evaluations.average_score"): None, (D2, "needs.on_time_share"): (0, 0)})
    score(people["city"], plan, D1, "12.5")
    first, second = selectors.unit_scores(people["city"], Region.objects.get(code=CITY), YEAR)
    assert [p.points for p in first.points] == [D("15.00"), D("15.00"), D("10.00"), D(0), D("12.5")]
    assert [p.state for p in first.points] == ["amber", "amber", "amber", "missing", "amber"]
    assert first.points[2].value == "70%"
    assert (first.total, first.rank) == (D("52.50"), 1)
    # D2: no rows at all (missing, 0 points), a share of nothing (missing), no manual score yet (missing).
    assert second.total == 0 and second.rank == 2
    assert all(p.missing for p in second.points)
    assert second.previous_total is None and second.previous_rank is None


def test_ties_share_the_rank_and_the_next_skips(people):
    plan = make_plan(people["city"], CITY)
    for code in ("410101001003", "410101001004"):
        unit(code, S11)
    values = {C111: 8, C112: 6, "410101001003": 6, "410101001004": 2}
    snapshot(YEAR, {(code, "needs.collected"): v for code, v in values.items()})
    for code in values:
        score(people["officer"], plan, code, 10)
    found = {s.region.code: (s.total, s.rank) for s in selectors.unit_scores(people["officer"],
                                                                            Region.objects.get(code=S11), YEAR)}
    assert found == {C111: (D(50), 1), C112: (D(40), 2), "410101001003": (D(40), 2), "410101001004": (D(20), 4)}


def test_last_years_score_and_rank_on_last_years_plan_beside(people):
    make_plan(people["city"], CITY, year=YEAR - 1, rows=[kpi("needs.collected", weight=100, full=4, zero=0)])
    make_plan(people["city"], CITY)
    snapshot(YEAR - 1, {(D1, "needs.collected"): 1, (D2, "needs.collected"): 4})
    snapshot(YEAR, {(D1, "needs.collected"): 10, (D2, "needs.collected"): 0})
    d1, d2 = selectors.unit_scores(people["city"], Region.objects.get(code=CITY), YEAR)
    assert (d1.rank, d1.previous_total, d1.previous_rank) == (1, D(25), 2)
    assert (d2.rank, d2.previous_total, d2.previous_rank) == (2, D(100), 1)
    assert d1.change == D(25)


def test_a_districts_own_plan_comes_first_else_the_citys(people):
    city = make_plan(people["city"], CITY)
    district = make_plan(people["reviewer"], D1, rows=[kpi("needs.collected", weight=100, full=2, zero=0,
                                                           levels=ALL[1:])])
    assert selectors.plan_for(YEAR, Region.objects.get(code=S11)) == district
    assert selectors.plan_for(YEAR, Region.objects.get(code=C111)) == district
    assert selectors.plan_for(YEAR, Region.objects.get(code=S21)) == city
    assert selectors.plan_for(YEAR, Region.objects.get(code=D1)) == city
    assert selectors.plan_for(YEAR, Region.objects.get(code=CITY)) is None
    assert selectors.plan_for(YEAR + 1, Region.objects.get(code=S11)) is None
    snapshot(YEAR, {(S11, "needs.collected"): 1})
    streets = selectors.unit_scores(people["reviewer"], Region.objects.get(code=D1), YEAR)
    assert [(s.region.code, s.plan, s.total) for s in streets] == [(S11, district, D(50)), (S12, district, D(0))]


def test_a_draft_is_not_in_force(people):
    make_plan(people["city"], CITY, publish=False)
    assert selectors.plan_for(YEAR, Region.objects.get(code=D1)) is None
    rows = selectors.unit_scores(people["city"], Region.objects.get(code=CITY), YEAR)
    assert [(r.plan, r.rank) for r in rows] == [(None, None), (None, None)]


def test_nothing_outside_the_users_scope(people):
    make_plan(people["city"], CITY)
    assert selectors.unit_scores(people["officer"], Region.objects.get(code=D2), YEAR) == []
    assert selectors.unit_scores(people["member"], Region.objects.get(code=D1), YEAR) == []
    assert len(selectors.unit_scores(people["officer"], Region.objects.get(code=S11), YEAR)) == 2


def _measured(user, parent):
    selectors.unit_scores(user, parent, YEAR)  # the user's memberships read once, as in a request
    with CaptureQueriesContext(connection) as queries:
        found = selectors.unit_scores(user, parent, YEAR)
    return len(queries), found


def test_queries_are_constant_for_1_or_30_children(people):
    for year in (YEAR - 1, YEAR):
        make_plan(people["city"], CITY, year=year, rows=[kpi("needs.collected"), manual()])
    small, large = unit("410101003000", D1, "street"), unit("410101004000", D1, "street")
    unit("410101003001", small.code)
    for n in range(1, 31):
        unit(f"410101004{n:03d}", large.code)
    codes = [r.code for r in Region.objects.filter(parent__in=[small, large])]
    snapshot(YEAR, {(code, "needs.collected"): 3 for code in codes})
    snapshot(YEAR - 1, {(code, "needs.collected"): 2 for code in codes})
    for code in codes:
        for plan in services.Plan.objects.all():
            score(people["city"], plan, code, 20)
    one, found_one = _measured(people["city"], small)
    many, found_many = _measured(people["city"], large)
    assert len(found_one) == 1 and len(found_many) == 30
    assert one == many <= 6
    assert {r.total for r in found_many} == {D(35)} and {r.rank for r in found_many} == {1}
