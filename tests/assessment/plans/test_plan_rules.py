"""A plan's validation: weights per level add up to 100, known figures, bands on the figure's good side, hostile
lines, and an approved year read-only."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment.models import Approval
from assessment.plans import services
from assessment.plans.models import Indicator, Plan
from assessment.plans.services import IndicatorsInvalid, PlanError
from tests.assessment.plans.support import ALL, YEAR, city_rows, district_rows, kpi, make_plan, manual
from tests.helpers import C111, CITY, D1, D2, S11
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region

pytestmark = pytest.mark.django_db


def save(user, code=CITY, rows=None, **kwargs):
    return services.plan_save(user=user, region=Region.objects.get(code=code), year=kwargs.pop("year", YEAR),
                              rows=rows if rows is not None else city_rows(), **kwargs)


def test_a_valid_city_plan_is_saved_in_order_and_audited(people):
    plan = save(people["city"])
    assert [i.code or i.name for i in plan.indicators.order_by("position")] == ["needs.collected", "台账完整性"]
    assert plan.levels == ("district", "street", "community")
    assert AuditEntry.objects.filter(action="plan.create").count() == 1


@pytest.mark.parametrize("level", ALL)
def test_weights_not_adding_up_to_100_are_refused_naming_the_level_and_the_sum(people, level):
    rows = city_rows()
    rows[1][f"weight_{level}"] = 45
    with pytest.raises(IndicatorsInvalid) as caught:
        save(people["city"], rows=rows)
    plural = {"district": "districts", "street": "streets", "community": "communities"}[level]
    assert caught.value.plan == [f"The weights for {plural} add up to 95, not 100."]
    assert not Plan.objects.exists()


def test_a_district_plan_weighs_no_district(people):
    rows = district_rows()
    rows[0]["weight_district"] = 10
    with pytest.raises(IndicatorsInvalid) as caught:
        save(people["reviewer"], code=D1, rows=rows)
    assert caught.value.rows == {0: {"weight_district": ["This plan does not assess districts."]}}
    assert save(people["reviewer"], code=D1, rows=district_rows()).levels == ("street", "community")


def test_an_unknown_figure_is_refused(people):
    rows = [kpi("needs.nope"), manual()]
    with pytest.raises(IndicatorsInvalid) as caught:
        save(people["city"], rows=rows)
    assert caught.value.rows[0]["code"] == ["No figure has the code “needs.nope”."]


def test_the_same_figure_twice_is_refused(people):
    rows = [kpi("needs.collected", weight=25), kpi("needs.collected", weight=25), manual()]
    with pytest.raises(IndicatorsInvalid) as caught:
        save(people["city"], rows=rows)
    assert caught.value.rows == {1: {"code": ["This figure is already line 1."]}}


@pytest.mark.parametrize(("code", "full", "zero", "message"), [
    ("needs.collected", 5, 5, "The full-marks and the no-marks value are the same (5): no band to score on."),
    ("needs.collected", 0, 10, "Higher is better for this figure: full marks must be above no marks."),
    ("rectifications.overdue", 10, 0, "Lower is better for this figure: full marks must be below no marks."),
    ("needs.on_time_share", 160, 0, "A share is entered in percent, 0 to 100."),
    ("needs.collected", -1, -5, "Enter a value between 0 and 1000000000000000."),
])
def test_bad_bands_are_refused(people, code, full, zero, message):
    with pytest.raises(IndicatorsInvalid) as caught:
        save(people["city"], rows=[kpi(code, full=full, zero=zero), manual()])
    assert message in [m for ms in caught.value.rows[0].values() for m in ms]


def test_a_lower_is_better_band_and_a_percent_band_are_accepted(people):
    rows = [kpi("rectifications.overdue", weight=30, full=0, zero=5), kpi("needs.on_time_share", weight=20,
            full=90, zero=50), manual()]
    plan = save(people["city"], rows=rows)
    assert plan.indicators.get(code="needs.on_time_share").band("street") == (Decimal(90), Decimal(50))


def test_a_kpi_weighed_at_a_level_needs_its_band(people):
    rows = [kpi("needs.collected", full=None), manual()]
    with pytest.raises(IndicatorsInvalid) as caught:
        save(people["city"], rows=rows)
    assert caught.value.rows[0]["full_district"] == ["Give the full-marks and the no-marks value for districts."]


@pytest.mark.parametrize("junk", [
    {"kind": "bogus"}, {"weight_street": "abc"}, {"weight_street": "NaN"}, {"weight_street": "Infinity"},
    {"weight_street": -50}, {"weight_street": "1e400"}, {"weight_street": "33.33"}, {"name": "x" * 101},
    {"description": "y" * 1001}, {"weight_street": ["50"]},
])
def test_hostile_lines_are_refused_and_nothing_is_written(people, junk):
    rows = city_rows()
    rows[1].update(junk)
    with pytest.raises(IndicatorsInvalid):
        save(people["city"], rows=rows)
    assert not Plan.objects.exists() and not Indicator.objects.exists()


def test_a_thousand_lines_are_refused(people):
    rows = [manual(f"m{i}", weight=0.1) for i in range(1000)]
    with pytest.raises(IndicatorsInvalid) as caught:
        save(people["city"], rows=rows)
    assert caught.value.plan == ["A plan has at most 60 indicators."]


def test_another_plans_indicator_id_is_refused(people):
    other = save(people["reviewer"], code=D1, rows=district_rows())
    plan = save(people["city"])
    foreign = other.indicators.first()
    rows = city_rows()
    rows[0]["id"] = foreign.pk
    with pytest.raises(IndicatorsInvalid) as caught:
        services.plan_save(user=people["city"], region=plan.region, year=YEAR, rows=rows, plan=plan)
    assert caught.value.plan == ["Line 1 is not an indicator of this plan."]
    assert Indicator.objects.get(pk=foreign.pk).plan_id == other.pk


def test_editing_keeps_updates_and_removes_lines(people):
    plan = save(people["city"])
    kept = plan.indicators.get(kind="kpi")
    rows = [dict(kpi("needs.collected", weight=100), id=kept.pk)]
    services.plan_save(user=people["city"], region=plan.region, year=YEAR, rows=rows, plan=plan)
    assert list(plan.indicators.values_list("pk", "weight_street")) == [(kept.pk, Decimal(100))]


def test_a_plan_per_unit_and_year(people):
    save(people["city"])
    with pytest.raises(ValidationError) as caught:
        save(people["city"])
    assert caught.value.message_dict == {"year": [f"测试市4101 already has a plan for {YEAR}."]}


@pytest.mark.parametrize(("who", "code"), [("reviewer", CITY), ("city", D1), ("officer", S11), ("staff", C111),
                                            ("reviewer", D2), ("member", D1)])
def test_only_the_role_at_the_plans_unit_writes_it(people, who, code):
    rows = city_rows() if code == CITY else district_rows()
    with pytest.raises(PermissionDenied):
        save(people[who], code=code, rows=rows)


def approve(year, code, user):
    region = Region.objects.get(code=code)
    Approval.objects.create(year=year, region=region, level=region.level, approved_by=user)


def test_a_plan_changed_after_approval_is_refused(people):
    plan = make_plan(people["reviewer"], D1)
    approve(YEAR, C111, people["officer"])
    with pytest.raises(PlanError) as caught:
        services.plan_save(user=people["reviewer"], region=plan.region, year=YEAR, rows=district_rows(), plan=plan)
    assert str(caught.value) == (f"{YEAR} is approved for 区410101: its plan and scores can no longer be changed. "
                                 "Unlock the approval first.")
    with pytest.raises(PlanError):
        save(people["city"])  # the city's plan covers the approved community too
    save(people["reviewer"], code=D1, year=YEAR + 1, rows=district_rows())  # another year is open
    with pytest.raises(PlanError):
        services.plan_copy(user=people["reviewer"], plan=plan, year=YEAR)


def test_publishing_an_approved_year_is_refused(people):
    plan = make_plan(people["reviewer"], D1, publish=False)
    approve(YEAR, S11, people["reviewer"])
    with pytest.raises(PlanError):
        services.plan_publish(user=people["reviewer"], plan=plan)


def test_copy_makes_a_draft_of_the_next_year(people):
    plan = make_plan(people["city"], CITY)
    copy = services.plan_copy(user=people["city"], plan=plan, year=YEAR + 1)
    assert copy.status == "draft" and copy.year == YEAR + 1
    assert copy.indicators.count() == 2 and set(copy.indicators.values_list("pk", flat=True)).isdisjoint(
        plan.indicators.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        services.plan_copy(user=people["city"], plan=plan, year=YEAR + 1)
    with pytest.raises(ValidationError):
        services.plan_copy(user=people["city"], plan=plan, year=1990)


def test_a_scored_manual_indicator_is_not_removed_with_its_scores(people):
    from assessment.plans.models import ManualScore

    plan = make_plan(people["city"], CITY)
    line = plan.indicators.get(kind="manual")
    ManualScore.objects.create(indicator=line, region_id=D1, points=10, scored_by=people["city"])
    with pytest.raises(IndicatorsInvalid) as caught:
        services.plan_save(user=people["city"], region=plan.region, year=YEAR,
                           rows=[kpi("needs.collected", weight=100)], plan=plan)
    assert caught.value.plan == ["“台账完整性” already has manual scores: it cannot be removed."]
    assert ManualScore.objects.count() == 1
