"""The monthly trends written by the roll-up: every row equals a recount (the needs in plain Python over the rows,
the other figures by ``compute`` of each month at each unit's level), a rerun gives the same rows, a failed
roll-up leaves the previous months whole, other years are left alone, and the page reads them (scoped)."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment.dashboards.models import MonthlyFigure
from assessment.dashboards.services import TREND_CODES, month_period, months_of
from assessment.models import RollupRun, RunStatus, Trigger
from assessment.services import rollup
from needs.models import Need
from needs.workflow import MERGED
from tests.helpers import C111, C112, C211, CITY
from wuse.core.figures import FIGURES, Figure, compute
from wuse.regions.levels import PREFIX_LENGTH
from wuse.regions.models import Region

from ..support import YEAR, needs, world

pytestmark = pytest.mark.django_db


def _rows(year: int = YEAR) -> list[tuple]:
    return list(MonthlyFigure.objects.filter(year=year).values_list("region_id", "month", "code", "value"))


def _spread_needs(staff) -> None:
    """Needs in several months of this year (up to this month), one merged (not counted)."""
    needs(staff, {C111: 3, C112: 2, C211: 4}, tag="spread")
    months = list(months_of(YEAR))
    for n, need in enumerate(Need.objects.filter(title__contains="spread").order_by("pk")):
        month = months[n % len(months)]
        Need.objects.filter(pk=need.pk).update(created_at=timezone.make_aware(dt.datetime(YEAR, month, 2, 9)))
    Need.objects.filter(title__contains="spread").order_by("pk").filter(
        pk=Need.objects.filter(title__contains="spread").order_by("-pk").values("pk")[:1]).update(status=MERGED)


def test_the_needs_of_each_month_equal_a_count_over_the_rows(people):
    _spread_needs(people["staff"])
    rollup(YEAR, trigger=Trigger.BEAT)
    expected = Counter()
    units = list(Region.objects.values_list("code", "level"))
    for community, created, status in Need.objects.values_list("community_id", "created_at", "status"):
        local = timezone.localtime(created)
        if local.year != YEAR or status == MERGED:
            continue
        for code, level in units:
            if community.startswith(code[:PREFIX_LENGTH[level]]):
                expected[(code, local.month)] += 1
    got = {(region, month): value for region, month, code, value in _rows() if code == "needs.collected"}
    assert got == {key: Decimal(n) for key, n in expected.items()}
    assert got[(CITY, timezone.localtime(Need.objects.order_by("pk").first().created_at).month)] >= 1


def test_every_trend_figure_equals_compute_of_its_month_at_every_level(people):
    world(people["staff"], seed=11)
    _spread_needs(people["staff"])
    rollup(YEAR, trigger=Trigger.BEAT)
    units = list(Region.objects.values_list("code", "level"))
    codes = [code for code in TREND_CODES if code in FIGURES]
    assert len(codes) == 4
    expected = set()
    for month in months_of(YEAR):
        period = month_period(YEAR, month)
        for code, level in units:
            width = PREFIX_LENGTH[level]
            for figure, values in compute(codes, code[:width], width, period).items():
                value = values.get(code[:width])
                if value:
                    expected.add((code, month, figure, Decimal(value).quantize(Decimal("0.0001"))))
    rows = _rows()
    assert len(rows) == len(set(rows))  # no duplicates
    assert set(rows) == expected
    assert {code for _r, _m, code, _v in rows} >= {"needs.collected"}


def test_a_rerun_gives_the_same_rows_and_other_years_are_left_alone(people):
    _spread_needs(people["staff"])
    rollup(YEAR - 1, trigger=Trigger.BEAT)
    MonthlyFigure.objects.create(year=YEAR - 1, month=3, region_id=CITY, level="city", code="needs.collected",
                                 value=7)
    rollup(YEAR, trigger=Trigger.BEAT)
    first = sorted(_rows())
    rollup(YEAR, trigger=Trigger.BUTTON, user=people["city"])
    assert sorted(_rows()) == first and first
    assert _rows(YEAR - 1) == [(CITY, 3, "needs.collected", Decimal(7))]


def test_a_failed_roll_up_leaves_the_previous_months_whole(people, extra_figures):
    _spread_needs(people["staff"])
    rollup(YEAR, trigger=Trigger.BEAT)
    before = sorted(_rows())
    needs(people["staff"], {C111: 5}, tag="later")
    extra_figures(Figure("tests.broken", "broken", "not a number", grouped=lambda p, w, period: {CITY[:4]: "many"}))
    with pytest.raises(TypeError):
        rollup(YEAR, trigger=Trigger.BUTTON, user=people["city"])
    assert RollupRun.objects.order_by("-id").first().status == RunStatus.FAILED
    assert sorted(_rows()) == before


def test_a_failing_trend_hook_rolls_back_the_snapshot_too(people, monkeypatch):
    from assessment.dashboards import services
    from assessment.models import KpiSnapshot

    needs(people["staff"], {C111: 2})
    rollup(YEAR, trigger=Trigger.BEAT)
    snapshot = sorted(KpiSnapshot.objects.filter(year=YEAR).values_list("region_id", "code", "value"))
    needs(people["staff"], {C111: 3}, tag="later")

    def broken(year, units):
        raise RuntimeError("the trends failed")

    monkeypatch.setattr(services, "monthly_values", broken)
    with pytest.raises(RuntimeError):
        rollup(YEAR, trigger=Trigger.BUTTON, user=people["city"])
    assert sorted(KpiSnapshot.objects.filter(year=YEAR).values_list("region_id", "code", "value")) == snapshot


def test_the_page_shows_the_months_and_leaves_months_to_come_empty(people, client):
    _spread_needs(people["staff"])
    rollup(YEAR, trigger=Trigger.BEAT)
    client.force_login(people["reviewer"])
    chart = next(c for c in client.get("/dashboard/").context["charts"] if c.key == "trends")
    collected = next(s for s in chart.series if s.name == FIGURES["needs.collected"].name)
    begun = set(months_of(YEAR))
    assert [v is None for v in collected.values] == [m not in begun for m in range(1, 13)]
    stored = dict(MonthlyFigure.objects.filter(region_id="410101000000", code="needs.collected")
                  .values_list("month", "value"))
    assert [collected.values[m - 1] for m in sorted(stored)] == [int(stored[m]) for m in sorted(stored)]
