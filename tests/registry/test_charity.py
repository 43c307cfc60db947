"""Charitable resources (社会慈善资源): donor and donation validators, duplicates, allocations that never
exceed a donation (also under concurrency on PostgreSQL), scoping, the published resource list without
personal data, the linkage totals and the demo loader."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from wuse.access import api as access
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry, Outcome
from wuse.regions.models import Region
from wuse.registry.charity import resource_lists, selectors, services
from wuse.registry.charity.models import Allocation, Donation, Donor, ResourceList
from wuse.registry.charity.services import CharityError

from ..concurrency import race, winners
from ..helpers import C111, C112, C121, C211, D1, D2, S11, make_user, require_postgres
from .charity_support import (
    PDF,
    PNG,
    code,
    days_ago,
    make_donation,
    make_donor,
    make_need,
    make_people,
    need_declared_as_target,
    region,
    upload,
)


@pytest.fixture
def people(tree):
    return make_people()


@pytest.fixture
def need_target():
    with need_declared_as_target() as key:
        yield key


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def field_errors(exc_info) -> dict:
    return exc_info.value.message_dict


def audit_actions(prefix: str) -> list[str]:
    """The successful actions audited (refusals of a transition are audited too, as denied)."""
    return list(AuditEntry.objects.filter(action__startswith=prefix, outcome=Outcome.SUCCESS)
                .values_list("action", flat=True))


# --- donors -------------------------------------------------------------------------------------

def test_a_credit_code_is_normalized_and_checked_and_nothing_is_written_when_it_is_wrong(people):
    staff = people["staff"]
    good = code(7)
    donor = make_donor(staff, credit_code=" " + good.lower() + " ")
    assert donor.credit_code == good
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    for wrong, words in ((bad, "last character"), (good[:17], "18 characters"), (good[:16] + "IO", "contains")):
        with pytest.raises(ValidationError) as exc:
            make_donor(staff, name="另一家公司", credit_code=wrong)
        assert words in field_errors(exc)["credit_code"][0]
    assert Donor.objects.count() == 1
    assert audit_actions("donor.") == ["donor.create"]


def test_a_duplicate_credit_code_is_refused_with_a_clear_message_even_from_another_unit(people):
    make_donor(people["staff"], credit_code=code(8))
    with pytest.raises(ValidationError) as exc:
        make_donor(people["far"], unit=C211, name="同一家公司", credit_code=code(8))
    assert "already registered" in field_errors(exc)["credit_code"][0]
    assert Donor.objects.count() == 1


def test_credit_code_is_optional_but_not_for_individuals(people):
    assert make_donor(people["staff"], credit_code="").credit_code == ""
    with pytest.raises(ValidationError) as exc:
        make_donor(people["staff"], kind="individual", name="张三", credit_code=code(9))
    assert "individual" in field_errors(exc)["credit_code"][0]


def test_a_community_fund_names_a_visible_host_foundation(people):
    staff = people["staff"]
    with pytest.raises(ValidationError) as exc:
        make_donor(staff, kind="community_fund", name="社区公益基金")
    assert "host foundation" in field_errors(exc)["host_foundation"][0]
    enterprise = make_donor(staff, credit_code=code(10))
    with pytest.raises(ValidationError) as exc:
        make_donor(staff, kind="community_fund", name="社区公益基金", host_foundation=enterprise)
    assert "must be a foundation" in field_errors(exc)["host_foundation"][0]
    elsewhere = make_donor(people["far"], unit=C211, kind="foundation", name="远方基金会")
    with pytest.raises(ValidationError) as exc:
        make_donor(staff, kind="community_fund", name="社区公益基金", host_foundation=elsewhere)
    assert "your own register" in field_errors(exc)["host_foundation"][0]
    foundation = make_donor(staff, kind="foundation", name="浙江省爱心公益基金会")
    with pytest.raises(ValidationError) as exc:
        make_donor(staff, kind="enterprise", name="公司", host_foundation=foundation)
    assert "Only a community charity fund" in field_errors(exc)["host_foundation"][0]
    fund = make_donor(staff, kind="community_fund", name="上保社区公益基金", host_foundation=foundation)
    assert fund.host_foundation == foundation
    assert Donor.objects.count() == 4


def test_the_contact_phone_is_normalized_encrypted_and_masked_and_bad_numbers_are_refused(people):
    donor = make_donor(people["staff"], contact_name="陈志远", contact_phone="139 0571 9001")
    donor.refresh_from_db()
    assert donor.contact_phone == "13905719001"
    assert donor.contact_phone_masked == "139****9001"
    assert donor.contact_name_masked == "陈**"
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM charity_donor WHERE id = %s", [donor.pk])
        assert "13905719001" not in cursor.fetchone()[0]
    with pytest.raises(ValidationError) as exc:
        make_donor(people["staff"], name="另一家", contact_phone="12345")
    assert "11-digit" in field_errors(exc)["contact_phone"][0]


def test_editing_keeps_the_phone_unless_replaced_or_cleared_and_audits_field_names(people):
    staff = people["staff"]
    donor = make_donor(staff, contact_phone="13905719001")
    services.donor_update(user=staff, donor=donor, name="新名称有限公司", contact_phone=None)
    donor.refresh_from_db()
    assert (donor.name, donor.contact_phone) == ("新名称有限公司", "13905719001")
    services.donor_update(user=staff, donor=donor, contact_phone="")
    donor.refresh_from_db()
    assert donor.contact_phone == "" and donor.contact_phone_index == ""
    changes = list(AuditEntry.objects.filter(action="donor.change").order_by("id")
                   .values_list("changed_fields", flat=True))
    assert changes == [["name"], ["contact_phone"]]
    with pytest.raises(PermissionDenied):
        services.donor_update(user=people["sibling"], donor=donor, name="越权")
    with pytest.raises(PermissionDenied):
        services.donor_update(user=people["reviewer"], donor=donor, name="越权")


def test_a_foundation_hosting_funds_stays_a_foundation(people):
    staff = people["staff"]
    foundation = make_donor(staff, kind="foundation", name="基金会")
    make_donor(staff, kind="community_fund", name="社区基金", host_foundation=foundation)
    with pytest.raises(ValidationError) as exc:
        services.donor_update(user=staff, donor=foundation, kind="enterprise")
    assert "stays a foundation" in field_errors(exc)["kind"][0]


def test_reveal_is_audited_and_only_for_the_roles_allowed(people):
    donor = make_donor(people["staff"], kind="individual", name="王建国", contact_phone="13905719004")
    assert donor.staff_name == "王**"
    revealed = services.donor_reveal(user=people["staff"], donor=donor)
    assert revealed["name"] == "王建国" and revealed["contact_phone"] == "13905719004"
    entry = AuditEntry.objects.get(action="donor.reveal")
    assert entry.changed_fields == ["contact_phone", "name"]
    assert "13905719004" not in str(entry.detail) + entry.object_repr
    with pytest.raises(PermissionDenied):
        services.donor_reveal(user=people["reviewer"], donor=donor)


# --- donations ----------------------------------------------------------------------------------

def test_donation_validators_refuse_bad_values_and_write_nothing(people):
    staff = people["staff"]
    donor = make_donor(staff)
    future = days_ago(-1)
    cases = [({"received_on": future}, "received_on", "future"),
             ({"amount": Decimal("0")}, "amount", "more than zero"),
             ({"amount": Decimal("-5")}, "amount", "more than zero"),
             ({"amount": Decimal("100000000.01")}, "amount", "at most"),
             ({"amount": Decimal("1.005")}, "amount", "two decimals"),
             ({"kind": "goods", "description": ""}, "description", "Describe"),
             ({"receipt": upload(b"GIF89a....", "x.pdf")}, "receipt_file", "PDF, JPEG or PNG"),
             ({"receipt": upload(b"%PDF-" + b"0" * (5 * 1024 * 1024), "big.pdf")}, "receipt_file", "at most 5 MB")]
    for fields, field, words in cases:
        with pytest.raises(ValidationError) as exc:
            make_donation(staff, donor, **fields)
        assert words in field_errors(exc)[field][0], fields
    assert Donation.objects.count() == 0
    assert not audit_actions("donation.")
    assert make_donation(staff, donor, amount="100000000").amount == Decimal("100000000.00")


def test_a_receipt_number_is_unique_per_receiving_unit(people, tree):
    staff, officer = people["staff"], people["officer"]
    donor = make_donor(staff)
    make_donation(staff, donor, receipt_number="ZJ2026-0001")
    with pytest.raises(ValidationError) as exc:
        make_donation(staff, donor, receipt_number="zj2026-0001 ")
    assert "already recorded for this unit" in field_errors(exc)["receipt_number"][0]
    assert Donation.objects.count() == 1
    # The street records its own receipts: the same number there is another receipt.
    assert make_donation(officer, donor, at=S11, receipt_number="ZJ2026-0001").region_id == S11


def test_a_receipt_scan_is_kept_under_a_random_name_with_the_type_found_in_its_bytes(people):
    staff = people["staff"]
    donor = make_donor(staff)
    donation = make_donation(staff, donor, receipt=upload(PNG, "../../etc/passwd.pdf", "application/pdf"))
    assert donation.receipt_file.name.endswith(".png") and "passwd" not in donation.receipt_file.name
    assert make_donation(staff, donor, receipt=upload(PDF)).receipt_file.name.endswith(".pdf")


def test_donations_are_recorded_only_for_units_and_donors_the_user_holds(people):
    staff = people["staff"]
    donor = make_donor(staff)
    with pytest.raises(PermissionDenied):
        make_donation(staff, donor, at=C112)
    with pytest.raises(PermissionDenied):
        make_donation(people["reviewer"], donor, at=C111)
    other = make_donor(people["far"], unit=C211, name="远方公司")
    with pytest.raises(ValidationError) as exc:
        make_donation(staff, other)
    assert "donor" in field_errors(exc)
    assert Donation.objects.count() == 0


# --- allocations --------------------------------------------------------------------------------

def live_total(donation) -> Decimal:
    return sum((a.amount for a in donation.allocations.exclude(status="released")), Decimal("0"))


def test_allocations_commit_use_and_release_and_keep_the_donation_balanced(people, need_target):
    staff = people["staff"]
    donation = make_donation(staff, make_donor(staff), amount="1000")
    need = make_need(staff)
    first = services.allocation_create(user=staff, donation=donation, target_key=need_target, target_id=need.pk,
                                       amount=Decimal("600"), note="助餐")
    assert (first.target_label, first.region_id) == (need.title, C111)
    second = services.allocation_create(user=staff, donation=donation, target_key=need_target,
                                        target_id=need.pk, amount="400")
    donation.refresh_from_db()
    assert (donation.committed, donation.available) == (Decimal("1000"), Decimal("0"))
    services.allocation_use(user=staff, allocation=first, amount="250")
    with pytest.raises(CharityError, match="Only ¥350.00 of this allocation is unused"):
        services.allocation_use(user=staff, allocation=first, amount="351")
    assert services.allocation_release(user=staff, allocation=first) == Decimal("350")
    first.refresh_from_db()
    assert (first.status, first.amount, first.used) == ("used", Decimal("250"), Decimal("250"))
    assert services.allocation_release(user=staff, allocation=second) == Decimal("400")
    with pytest.raises(CharityError, match="nothing left to release"):
        services.allocation_release(user=staff, allocation=second)
    donation.refresh_from_db()
    assert (donation.committed, donation.used, donation.available) == (Decimal("250"), Decimal("250"),
                                                                     Decimal("750"))
    assert donation.committed == live_total(donation)
    assert [a.pk for a in selectors.allocations_of(type(need), need.pk, staff)] == [second.pk, first.pk]
    assert not selectors.allocations_of(type(need), need.pk, people["sibling"]).exists()
    assert audit_actions("donation.allocate") == ["donation.allocate"] * 2
    assert sorted(audit_actions("allocation.")) == ["allocation.release"] * 2 + ["allocation.use"]
    assert AuditEntry.objects.filter(action__startswith="allocation.", outcome=Outcome.DENIED).count() == 2


def test_an_allocation_beyond_what_is_available_is_refused_and_nothing_is_written(people, need_target):
    staff = people["staff"]
    donation = make_donation(staff, make_donor(staff), amount="1000")
    need = make_need(staff)
    services.allocation_create(user=staff, donation=donation, target_key=need_target, target_id=need.pk,
                               amount="700")
    with pytest.raises(CharityError, match="Only ¥300.00 of this donation is still available"):
        services.allocation_create(user=staff, donation=donation, target_key=need_target, target_id=need.pk,
                                   amount="300.01")
    donation.refresh_from_db()
    assert donation.committed == Decimal("700")
    assert Allocation.objects.count() == 1
    assert audit_actions("donation.allocate") == ["donation.allocate"]


def test_the_target_must_be_visible_registered_and_within_the_receiving_unit(people, need_target):
    staff, officer = people["staff"], people["officer"]
    donation = make_donation(staff, make_donor(staff), amount="1000")
    sibling_need = make_need(people["sibling"], community=C112)
    with pytest.raises(ValidationError) as exc:
        services.allocation_create(user=staff, donation=donation, target_key=need_target,
                                   target_id=sibling_need.pk, amount="10")
    assert "that you may see" in field_errors(exc)["target_id"][0]
    with pytest.raises(ValidationError) as exc:
        services.allocation_create(user=staff, donation=donation, target_key="nosuch.model", target_id=1,
                                   amount="10")
    assert "this kind of target" in field_errors(exc)["target_id"][0]
    # The street officer sees both communities' needs, but a donation to 社区C111 stays in C111.
    with pytest.raises(CharityError, match="can be allocated only within"):
        services.allocation_create(user=officer, donation=donation, target_key=need_target,
                                   target_id=sibling_need.pk, amount="10")
    # A donation received by the street can go to a need of any of its communities.
    street_gift = make_donation(officer, make_donor(officer, unit=S11, name="街道企业"), at=S11, amount="500")
    allocation = services.allocation_create(user=officer, donation=street_gift, target_key=need_target,
                                            target_id=sibling_need.pk, amount="500")
    assert allocation.region_id == C112
    assert Allocation.objects.count() == 1


def test_allocating_needs_the_right_on_the_donation(people, need_target):
    staff = people["staff"]
    donation = make_donation(staff, make_donor(staff), amount="1000")
    need = make_need(staff)
    with pytest.raises(PermissionDenied):
        services.allocation_create(user=people["reviewer"], donation=donation, target_key=need_target,
                                   target_id=need.pk, amount="10")
    assert Allocation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_allocations_at_once_that_together_exceed_the_donation_exactly_one_wins(tree, need_target):
    """Two staff commit 600 of a 1,000 donation at the same moment: the row lock serializes them and
    the second sees only 400 left."""
    require_postgres()
    first = make_user("staff", Role.COMMUNITY_STAFF, C111)
    second = make_user("staff2", Role.COMMUNITY_STAFF, C111)
    need = make_need(first)
    for round_ in range(5):
        donation = make_donation(first, make_donor(first, name=f"公司{round_}"), amount="1000")

        def allocate(user, donation=donation):
            return lambda: services.allocation_create(user=user, donation=donation, target_key=need_target,
                                                      target_id=need.pk, amount="600")

        outcomes = race(allocate(first), allocate(second), refused=(CharityError,))
        assert winners(outcomes) == 1, (round_, [str(o) for o in outcomes])
        assert "Only ¥400.00" in str(next(o for o in outcomes if not o.ok))
        donation.refresh_from_db()
        assert donation.committed == Decimal("600") == live_total(donation)
        assert donation.allocations.count() == 1


# --- scoping ------------------------------------------------------------------------------------

def test_a_community_sees_its_own_donors_and_donations_a_district_sees_its_communities(people):
    own = make_donor(people["staff"], name="本社区企业")
    sibling = make_donor(people["sibling"], unit=C112, name="邻社区企业")
    far = make_donor(people["far"], unit=C211, name="外区企业")
    gifts = {d.pk: make_donation(user, d, at=unit).pk for d, user, unit in (
        (own, people["staff"], C111), (sibling, people["sibling"], C112), (far, people["far"], C211))}

    def names(user):
        return set(selectors.donors_for_user(user).values_list("name", flat=True))

    def donations(user):
        return set(selectors.donations_for_user(user).values_list("donor_id", flat=True))

    assert names(people["staff"]) == {"本社区企业"}
    assert donations(people["staff"]) == {own.pk}
    assert names(people["officer"]) == names(people["reviewer"]) == {"本社区企业", "邻社区企业"}
    assert donations(people["reviewer"]) == {own.pk, sibling.pk}
    city = make_user("city", Role.CITY_ADMIN, "410100000000")
    assert names(city) == {"本社区企业", "邻社区企业", "外区企业"}
    from django.http import Http404

    with pytest.raises(Http404):
        access.get_for_user(people["staff"], Donor.objects.all(), pk=sibling.pk)
    with pytest.raises(Http404):
        access.get_for_user(people["staff"], Donation.objects.all(), pk=gifts[sibling.pk])
    assert AuditEntry.objects.filter(action__in=["donor.out_of_scope", "donation.out_of_scope"]).count() == 2
    # Volunteers and organization members get nothing from the hierarchy.
    volunteer = make_user("vol", Role.VOLUNTEER, C111)
    assert not names(volunteer) and not donations(volunteer)


# --- resource lists -----------------------------------------------------------------------------

def test_the_published_list_freezes_the_year_without_personal_data(people, need_target):
    staff = people["staff"]
    year = timezone.localdate().year
    firm = make_donor(staff, name="杭州北山数字科技有限公司", contact_name="陈志远", contact_phone="13905719001")
    resident = make_donor(staff, kind="individual", name="李秀英", contact_phone="13905719007")
    hidden = make_donor(staff, kind="individual", name="王建国", contact_phone="13905719004", anonymous=True)
    gift = make_donation(staff, firm, amount="20000", purpose="困难家庭帮扶")
    make_donation(staff, firm, amount="500")
    make_donation(staff, resident, kind="service", amount="3000", description="义诊", quantity=6, unit="次")
    make_donation(staff, hidden, kind="goods", amount="2500", description="大米", quantity=50, unit="袋")
    make_donation(people["sibling"], make_donor(people["sibling"], unit=C112, name="邻社区企业"), at=C112)
    services.allocation_create(user=staff, donation=gift, target_key=need_target, target_id=make_need(staff).pk,
                               amount="8000")
    published = resource_lists.resource_list_publish(user=staff, region=region(C111), year=year)
    assert published.number == 1
    text = str(published.items)
    for secret in ("13905719001", "139****", "陈志远", "陈**", "李秀英", "王建国", "王**"):
        assert secret not in text, secret
    rows = {row["donor"] or "anonymous": row for row in published.items}
    assert set(rows) == {"杭州北山数字科技有限公司", "李**", "anonymous"}
    firm_row = rows["杭州北山数字科技有限公司"]
    assert (firm_row["donations"], firm_row["value"], firm_row["committed"]) == (2, "20500.00", "8000.00")
    assert rows["anonymous"]["anonymous"] and rows["anonymous"]["description"] == "大米 ×50袋"
    totals = resource_lists.totals(published.items)
    assert (totals["money"], totals["goods_value"], totals["donations"]) == (Decimal("20500"), Decimal("5500"), 4)
    assert AuditEntry.objects.filter(action="resource_list.publish", detail__version=1).count() == 1
    with pytest.raises(CharityError, match="Nothing has changed since version 1"):
        resource_lists.resource_list_publish(user=staff, region=region(C111), year=year)
    make_donation(staff, firm, amount="100")
    assert resource_lists.resource_list_publish(user=staff, region=region(C111), year=year).number == 2
    assert resource_lists.latest_published(C111, year).number == 2


def test_publishing_is_for_the_community_staff_of_a_year_with_donations(people):
    staff = people["staff"]
    make_donation(staff, make_donor(staff))
    year = timezone.localdate().year
    with pytest.raises(PermissionDenied):
        resource_lists.resource_list_publish(user=people["officer"], region=region(C111), year=year)
    with pytest.raises(PermissionDenied):
        resource_lists.resource_list_publish(user=people["sibling"], region=region(C111), year=year)
    with pytest.raises(PermissionDenied):
        resource_lists.resource_list_publish(user=staff, region=region(S11), year=year)
    with pytest.raises(CharityError, match="No donation was received in 2001"):
        resource_lists.resource_list_publish(user=staff, region=region(C111), year=2001)
    assert ResourceList.objects.count() == 0


# --- linkage totals -----------------------------------------------------------------------------

def test_charity_totals_per_unit_and_year(people):
    staff, sibling, far = people["staff"], people["sibling"], people["far"]
    make_donation(staff, make_donor(staff), amount="1000")
    make_donation(staff, make_donor(staff, name="个人", kind="individual"), kind="goods", amount="250.50")
    make_donation(sibling, make_donor(sibling, unit=C112, name="邻"), at=C112, amount="300")
    make_donation(far, make_donor(far, unit=C211, name="远"), at=C211, amount="7")
    old = Donation.objects.create(donor=Donor.objects.get(name="邻"), region_id=C112, amount=Decimal("99"),
                                  received_on=days_ago(800), recorded_by=sibling)
    year = timezone.localdate().year
    everything = Donation.objects.all()
    totals = selectors.charity_totals(selectors.donations_within(region(D1)), year)
    assert totals == {"money": Decimal("1300"), "goods_value": Decimal("250.50"), "value": Decimal("1550.50"),
                      "donations": 3, "committed": Decimal("0"), "used": Decimal("0")}
    assert selectors.charity_totals(selectors.donations_within(region(C112)), None)["money"] == Decimal("399")
    assert selectors.charity_totals(everything, old.received_on.year)["donations"] == 1
    by_street = selectors.charity_totals_by_unit(everything, year, "street")
    assert set(by_street) == {S11, "410102001000"}
    assert by_street[S11]["value"] == Decimal("1550.50")
    by_district = selectors.charity_totals_by_unit(everything, year, "district")
    assert (by_district[D1]["donations"], by_district[D2]["money"]) == (3, Decimal("7"))
    assert C121 not in selectors.charity_totals_by_unit(everything, year, "community")
    scoped = access.scoped(staff, "donation.view", everything)
    assert selectors.charity_totals(scoped, year)["donations"] == 2


# --- demo ---------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_demo_loader_is_idempotent_and_publishes_shangbao_list(need_target):
    from wuse.regions.importer import import_regions_text
    from wuse.registry.charity.demo import SHANGBAO, load_charity_demo

    import_regions_text((ROOT / "data" / "hangzhou-divisions-2023.csv").read_text(encoding="utf-8"))
    users = {name: make_user(name, Role.COMMUNITY_STAFF, unit) for name, unit in (
        ("shangbao_staff", SHANGBAO), ("baoshi_staff", "330106002052"), ("gujiaqiao_staff", "330110005001"))}
    make_need(users["shangbao_staff"], community=SHANGBAO)
    load_charity_demo(users)
    counts = (Donor.objects.count(), Donation.objects.count(), Allocation.objects.count(), ResourceList.objects.count())
    load_charity_demo(users)
    assert counts == (Donor.objects.count(), Donation.objects.count(), Allocation.objects.count(),
                      ResourceList.objects.count()) == (7, 6, 1, 1)
    fund = Donor.objects.get(kind="community_fund")
    assert fund.host_foundation.kind == "foundation" and fund.region_id == SHANGBAO
    published = ResourceList.objects.get()
    assert published.region_id == SHANGBAO and "王建国" not in str(published.items)
    assert Region.objects.filter(code=SHANGBAO).exists()
