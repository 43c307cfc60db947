"""The co-building services: building a draft, matching, publishing freezes the pledges, deliveries and their
arithmetic, the co-building project a match makes; every refusal writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needs.models import Need
from projects.choices import Vehicle
from projects.cobuild import services
from projects.cobuild.errors import CobuildError
from projects.cobuild.models import CobuildList, Delivery, Pledge, fulfilment_percent
from projects.models import Project
from projects.origins import origin_of
from tests.helpers import C111, C211, D1, D2, S11
from wuse.audit.models import AuditEntry
from wuse.regions.models import Region

from ..support import listed_need, new_project
from .support import END, START, TODAY, data, donor, new_list, pledge, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(tree):
    return donor("西湖建设集团", D1)


def test_a_draft_list_takes_pledges_and_audits_them(people, unit):
    cobuild_list = new_list(people["staff"], C111)
    p = pledge(people["staff"], cobuild_list, unit, "40.5", value="2000")
    assert (p.region_id, p.quantity, p.value, p.delivered) == (C111, Decimal("40.50"), Decimal("2000.00"), 0)
    assert AuditEntry.objects.filter(action="cobuild.pledge_add").count() == 1


@pytest.mark.parametrize(("field", "extra"), [
    ("quantity", {"quantity": "0"}), ("quantity", {"quantity": "-5"}), ("quantity", {"quantity": "abc"}),
    ("quantity", {"quantity": "1e30"}), ("quantity", {"quantity": "1.001"}), ("quantity", {"quantity": "NaN"}),
    ("value", {"value": "-1"}), ("value", {"value": "0"}),
    ("ends_on", {"ends_on": START - dt.timedelta(days=1)}),
    ("ends_on", {"ends_on": END + dt.timedelta(days=1)}),
    ("description", {"description": "x" * 201}), ("description", {"description": "  "}),
    ("resource", {"resource": "gold"}), ("measure", {"measure": ""}),
])
def test_bad_pledges_are_refused_and_nothing_is_written(people, unit, field, extra):
    cobuild_list = new_list(people["staff"], C111)
    with pytest.raises(ValidationError) as caught:
        pledge(people["staff"], cobuild_list, unit, **extra)
    assert field in caught.value.message_dict
    assert not Pledge.objects.exists()


def test_a_unit_of_another_district_or_an_individual_is_refused(people, unit):
    cobuild_list = new_list(people["staff"], C111)
    for other in (donor("外区企业", D2), donor("张三", D1, kind="individual")):
        with pytest.raises(ValidationError) as caught:
            pledge(people["staff"], cobuild_list, other)
        assert "unit" in caught.value.message_dict
    with pytest.raises(ValidationError):
        pledge(people["staff"], cobuild_list, None)
    assert not Pledge.objects.exists()


def test_a_list_ending_before_it_starts_or_not_of_a_community_is_refused(people):
    region = Region.objects.get(code=C111)
    with pytest.raises(ValidationError) as caught:
        services.list_create(user=people["staff"], region=region, title="清单", period_start=END, period_end=START)
    assert "period_end" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.list_create(user=people["officer"], region=Region.objects.get(code=S11), title="清单",
                             period_start=START, period_end=END)
    with pytest.raises(PermissionDenied):
        services.list_create(user=people["staff_other"], region=region, title="清单", period_start=START,
                             period_end=END)
    assert not CobuildList.objects.exists()


def test_matching_to_a_need_or_project_of_another_community_is_refused(people, unit):
    cobuild_list = new_list(people["staff"], C111)
    p = pledge(people["staff"], cobuild_list, unit)
    foreign_need = listed_need(people["staff_other"], C211, "外社区需求")
    foreign_project = new_project(people["staff_other"], C211)
    with pytest.raises(ValidationError) as caught:
        services.pledge_match(user=people["staff"], pledge=p, need=foreign_need)
    assert "need" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.pledge_match(user=people["staff"], pledge=p, project=foreign_project)
    assert "project" in caught.value.message_dict
    p.refresh_from_db()
    assert (p.need_id, p.project_id) == (None, None)
    own = listed_need(people["staff"], C111, "助餐")
    assert services.pledge_match(user=people["staff"], pledge=p, need=own).need_id == own.pk


def test_publishing_needs_a_pledge_then_freezes_the_pledges(people, unit):
    cobuild_list = new_list(people["staff"], C111)
    with pytest.raises(CobuildError):
        services.list_transition(user=people["staff"], cobuild_list=cobuild_list, name="publish")
    p = pledge(people["staff"], cobuild_list, unit)
    cobuild_list = services.list_transition(user=people["staff"], cobuild_list=cobuild_list, name="publish")
    assert cobuild_list.status == "published" and cobuild_list.published_by == people["staff"]
    with pytest.raises(CobuildError):
        pledge(people["staff"], cobuild_list, unit)
    with pytest.raises(CobuildError):
        services.pledge_remove(user=people["staff"], pledge=p)
    with pytest.raises(CobuildError):
        services.pledge_match(user=people["staff"], pledge=p, need=listed_need(people["staff"], C111))
    assert Pledge.objects.count() == 1 and Pledge.objects.get().need_id is None


def test_deliveries_add_up_and_over_delivery_is_refused(people, unit):
    cobuild_list, (p,) = published(people["staff"], C111, unit, ("100",))
    services.delivery_record(user=people["staff"], pledge=p, quantity="60", delivered_on=TODAY)
    p.refresh_from_db()
    assert (p.delivered, p.remaining, p.percent, p.fulfilled) == (Decimal("60"), Decimal("40"), 60, False)
    with pytest.raises(CobuildError, match="40.00"):
        services.delivery_record(user=people["staff"], pledge=p, quantity="40.01", delivered_on=TODAY)
    with pytest.raises(ValidationError):
        services.delivery_record(user=people["staff"], pledge=p, quantity="-1", delivered_on=TODAY)
    with pytest.raises(ValidationError):
        services.delivery_record(user=people["staff"], pledge=p, quantity="1",
                                 delivered_on=TODAY + dt.timedelta(days=1))
    services.delivery_record(user=people["staff"], pledge=p, quantity="40", delivered_on=TODAY)
    p.refresh_from_db()
    assert (p.delivered, p.percent, p.fulfilled) == (Decimal("100"), 100, True)
    assert Delivery.objects.count() == 2


def test_deliveries_only_on_a_published_list_and_never_after_closing(people, unit):
    draft = new_list(people["staff"], C111)
    p = pledge(people["staff"], draft, unit)
    with pytest.raises(CobuildError):
        services.delivery_record(user=people["staff"], pledge=p, quantity="1", delivered_on=TODAY)
    cobuild_list = services.list_transition(user=people["staff"], cobuild_list=draft, name="publish")
    services.list_transition(user=people["officer"], cobuild_list=cobuild_list, name="close")
    with pytest.raises(CobuildError):
        services.delivery_record(user=people["staff"], pledge=p, quantity="1", delivered_on=TODAY)
    assert not Delivery.objects.exists()


def test_another_community_may_not_deliver(people, unit):
    _list, (p,) = published(people["staff"], C111, unit)
    with pytest.raises(PermissionDenied):
        services.delivery_record(user=people["staff_other"], pledge=p, quantity="1", delivered_on=TODAY)
    assert not Delivery.objects.exists()


def test_a_match_makes_a_co_building_project_linked_back(people, unit):
    cobuild_list = new_list(people["staff"], C111)
    p = pledge(people["staff"], cobuild_list, unit)
    need = listed_need(people["staff"], C111, "助餐")
    services.pledge_match(user=people["staff"], pledge=p, need=need)
    project = services.pledge_make_project(user=people["staff"], pledge=p)
    assert project.vehicle == Vehicle.CO_BUILD and project.region_id == C111 and project.status == "draft"
    assert Pledge.objects.get(pk=p.pk).project_id == project.pk
    assert Need.objects.get(pk=need.pk).status == "in_project"
    origin = origin_of(Project.objects.get(pk=project.pk))
    assert origin is not None and str(cobuild_list.pk) in origin.url
    with pytest.raises(CobuildError):
        services.pledge_make_project(user=people["staff"], pledge=p)
    assert Project.objects.filter(vehicle=Vehicle.CO_BUILD).count() == 1


@pytest.mark.parametrize(("delivered", "quantity", "expected"), [
    ("0", "10", 0), ("9.99", "10", 99), ("10", "10", 100), ("1", "3", 33), ("2", "3", 66), ("0.01", "100000", 0)])
def test_fulfilment_percent_rounds_down(delivered, quantity, expected):
    assert fulfilment_percent(Decimal(delivered), Decimal(quantity)) == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quantity=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2),
       asks=st.lists(st.decimals(min_value=Decimal("-5"), max_value=Decimal("600"), places=2), max_size=6))
def test_delivered_never_exceeds_pledged_and_percent_is_right(people, unit, quantity, asks):
    Pledge.objects.all().delete()
    CobuildList.objects.all().delete()
    _list, (p,) = published(people["staff"], C111, unit, (str(quantity),))
    accepted = Decimal("0")
    for ask in asks:
        try:
            services.delivery_record(user=people["staff"], pledge=p, quantity=ask, delivered_on=TODAY)
        except (CobuildError, ValidationError):
            assert ask <= 0 or accepted + ask > quantity
        else:
            accepted += ask
    p.refresh_from_db()
    assert p.delivered == accepted == sum(p.deliveries.values_list("quantity", flat=True), Decimal("0"))
    assert p.delivered <= p.quantity
    assert p.percent == int(accepted * 100 // quantity)
    assert 0 <= p.percent <= 100 and (p.percent == 100) == (accepted == quantity)


def test_services_use_data_of_the_right_shape():
    assert data(None).measure == "小时"
