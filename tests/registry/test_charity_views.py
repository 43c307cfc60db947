"""Pages of the charitable-resource registry: forms and their errors, scope (404 out of scope), the
audited reveal, receipts, allocations, constant query counts on the lists, the hub, and the public
resource-list page without an account."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wuse.audit.models import AuditEntry
from wuse.registry.charity import resource_lists
from wuse.registry.charity.models import Allocation, Donation, Donor, ResourceList

from ..helpers import C111, C112, C211, make_user
from .charity_support import (
    PDF,
    code,
    make_donation,
    make_donor,
    make_need,
    make_people,
    need_declared_as_target,
    region,
    this_year_day,
    upload,
)


@pytest.fixture
def people(tree):
    return make_people()


@pytest.fixture
def need_target():
    with need_declared_as_target() as key:
        yield key

NS = "registry:charity"


def url(name, *args) -> str:
    return reverse(f"{NS}:{name}", args=args)


@pytest.fixture
def client_as(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def login(user):
        client.force_login(user)
        return client

    return login


def donor_post(**fields) -> dict:
    return {"region": C111, "kind": "enterprise", "name": "杭州测试科技有限公司", "credit_code": "", "contact_name": "",
            "contact_phone": "", **fields}


def donation_post(donor, **fields) -> dict:
    return {"region": C111, "donor": donor.pk, "kind": "money", "received_on": this_year_day().isoformat(),
            "amount": "1000", "description": "", "quantity": "", "unit": "", "purpose": "", "receipt_number": "",
            **fields}


# --- donors -------------------------------------------------------------------------------------

def test_registering_a_donor_shows_clear_errors_and_writes_nothing_when_wrong(people, client_as):
    client = client_as(people["staff"])
    assert client.get(url("donor_create")).status_code == 200
    wrong = code(1)[:-1] + ("0" if code(1)[-1] != "0" else "1")
    response = client.post(url("donor_create"), donor_post(credit_code=wrong, contact_phone="123"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "last character" in errors["credit_code"][0] and "11-digit" in errors["contact_phone"][0]
    response = client.post(url("donor_create"), donor_post(kind="community_fund", name="社区基金"))
    assert "host foundation" in response.context["form"].errors["host_foundation"][0]
    assert Donor.objects.count() == 0
    response = client.post(url("donor_create"), donor_post(credit_code=code(1), contact_phone="13905719001"))
    donor = Donor.objects.get()
    assert response.status_code == 302 and response["Location"] == url("donor_detail", donor.pk)
    response = client.post(url("donor_create"), donor_post(name="重复", credit_code=code(1).lower()))
    assert response.status_code == 400
    assert "already registered" in response.context["form"].errors["credit_code"][0]
    assert Donor.objects.count() == 1


def test_a_community_registers_a_fund_with_a_host_foundation_from_its_register(people, client_as):
    staff = people["staff"]
    foundation = make_donor(staff, kind="foundation", name="浙江省爱心公益基金会")
    far = make_donor(people["far"], unit=C211, kind="foundation", name="远方基金会")
    client = client_as(staff)
    form = client.get(url("donor_create")).context["form"]
    assert list(form.fields["host_foundation"].queryset) == [foundation]
    response = client.post(url("donor_create"), donor_post(kind="community_fund", name="上保社区公益基金",
                                                           host_foundation=far.pk))
    assert response.status_code == 400 and Donor.objects.count() == 2
    response = client.post(url("donor_create"), donor_post(kind="community_fund", name="上保社区公益基金",
                                                           host_foundation=foundation.pk))
    assert response.status_code == 302
    assert Donor.objects.get(name="上保社区公益基金").host_foundation == foundation


def test_donor_pages_mask_the_phone_and_reveal_it_only_through_the_audited_action(people, client_as):
    donor = make_donor(people["staff"], kind="individual", name="王建国", contact_phone="13905719004")
    client = client_as(people["staff"])
    for page in (url("donors"), url("donor_detail", donor.pk)):
        body = client.get(page).content.decode()
        assert "13905719004" not in body and "王建国" not in body and "王**" in body, page
    assert "13905719004" not in client.get(url("donor_edit", donor.pk)).content.decode()
    assert "139****9004" in client.get(url("donor_detail", donor.pk)).content.decode()
    assert client.get(url("donor_reveal", donor.pk)).status_code == 405
    response = client.post(url("donor_reveal", donor.pk))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "13905719004" in response.content.decode() and "王建国" in response.content.decode()
    assert AuditEntry.objects.filter(action="donor.reveal", object_id=str(donor.pk)).count() == 1
    reviewer = client_as(people["reviewer"])
    assert reviewer.get(url("donor_detail", donor.pk)).status_code == 200
    assert reviewer.post(url("donor_reveal", donor.pk)).status_code == 403


def test_editing_a_donor_keeps_the_phone_when_left_empty(people, client_as):
    donor = make_donor(people["staff"], contact_phone="13905719001")
    client = client_as(people["staff"])
    response = client.get(url("donor_edit", donor.pk))
    assert "139****9001" in response.content.decode()
    post = donor_post(name="新名称")
    post.pop("region")
    assert client.post(url("donor_edit", donor.pk), post).status_code == 302
    donor.refresh_from_db()
    assert (donor.name, donor.contact_phone) == ("新名称", "13905719001")
    assert client_as(people["sibling"]).get(url("donor_edit", donor.pk)).status_code == 404


def test_detail_pages_out_of_scope_are_404_and_audited(people, client_as):
    donor = make_donor(people["sibling"], unit=C112, name="邻社区企业")
    donation = make_donation(people["sibling"], donor, at=C112, receipt=upload(PDF))
    client = client_as(people["staff"])
    for page in (url("donor_detail", donor.pk), url("donation_detail", donation.pk),
                 url("donation_receipt", donation.pk), url("donations") + f"?donor={donor.pk}"):
        assert client.get(page).status_code == 404, page
    assert AuditEntry.objects.filter(action__endswith=".out_of_scope").count() == 4
    district = client_as(people["reviewer"])
    assert district.get(url("donor_detail", donor.pk)).status_code == 200
    assert district.get(url("donation_detail", donation.pk)).status_code == 200
    volunteer_pages = client_as(people["far"])
    assert volunteer_pages.get(url("donation_detail", donation.pk)).status_code == 404


# --- donations ----------------------------------------------------------------------------------

def test_recording_a_donation_with_a_receipt_and_its_errors(people, client_as):
    staff = people["staff"]
    donor = make_donor(staff)
    client = client_as(staff)
    assert client.get(url("donation_create") + f"?donor={donor.pk}").context["form"].initial["donor"] == str(donor.pk)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(url("donation_create"), donation_post(
        donor, received_on=future, amount="0", receipt_file=upload(b"MZ\x90\x00", "r.pdf")))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "future" in errors["received_on"][0] and "PDF, JPEG or PNG" in errors["receipt_file"][0]
    assert "amount" in errors
    response = client.post(url("donation_create"), donation_post(donor, receipt_number="R-1",
                                                                 receipt_file=upload(PDF)))
    donation = Donation.objects.get()
    assert response.status_code == 302 and donation.receipt_file.name.endswith(".pdf")
    response = client.post(url("donation_create"), donation_post(donor, receipt_number="r-1"))
    assert response.status_code == 400
    assert "already recorded for this unit" in response.context["form"].errors["receipt_number"][0]
    response = client.post(url("donation_create"), donation_post(donor, region=C112))
    assert response.status_code == 400 and "region" in response.context["form"].errors
    assert Donation.objects.count() == 1
    receipt = client.get(url("donation_receipt", donation.pk))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert receipt["X-Content-Type-Options"] == "nosniff"
    assert b"".join(receipt.streaming_content) == PDF


def test_the_donation_list_filters_and_totals(people, client_as):
    staff = people["staff"]
    firm, person = make_donor(staff), make_donor(staff, kind="individual", name="张三")
    make_donation(staff, firm, amount="1000")
    make_donation(staff, person, kind="goods", amount="250")
    old = Donation.objects.create(donor=firm, region_id=C111, amount=Decimal("40"), received_on="2020-05-01",
                                  recorded_by=staff)
    client = client_as(staff)
    response = client.get(url("donations"))
    assert response.context["totals"]["money"] == Decimal("1040")
    assert response.context["totals"]["goods_value"] == Decimal("250")
    assert response.context["page"].paginator.count == 3
    assert client.get(url("donations") + "?kind=goods").context["page"].paginator.count == 1
    response = client.get(url("donations") + f"?year=2020&donor={firm.pk}")
    assert [d.pk for d in response.context["page"]] == [old.pk]
    assert "张三" not in client.get(url("donations")).content.decode()


def test_allocating_from_the_donation_page(people, client_as, need_target):
    staff = people["staff"]
    donation = make_donation(staff, make_donor(staff), amount="1000")
    need = make_need(staff)
    client = client_as(staff)
    page = client.get(url("donation_detail", donation.pk) + f"?target={need_target}&target_id={need.pk}")
    assert page.context["allocation_form"].initial == {"target_type": need_target, "target_id": str(need.pk)}
    post = {"alloc-target_type": need_target, "alloc-target_id": need.pk, "alloc-amount": "1000.01",
            "alloc-note": ""}
    response = client.post(url("allocate", donation.pk), post)
    assert response.status_code == 400
    assert "still available" in response.context["allocation_form"].non_field_errors()[0]
    assert Allocation.objects.count() == 0
    response = client.post(url("allocate", donation.pk), {**post, "alloc-amount": "600"})
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    response = client.post(url("allocation_use", allocation.pk), {"use-amount": "700"})
    assert response.status_code == 400 and "is unused" in response.content.decode()
    assert client.post(url("allocation_use", allocation.pk), {"use-amount": "100"}).status_code == 302
    body = client.get(url("donation_detail", donation.pk)).content.decode()
    assert need.title in body and "data-confirm" in body
    assert client.post(url("allocation_release", allocation.pk)).status_code == 302
    donation.refresh_from_db()
    assert (donation.committed, donation.used, donation.available) == (Decimal("100"), Decimal("100"),
                                                                     Decimal("900"))
    page = client.get(url("donation_detail", donation.pk))
    body = page.content.decode()
    assert need.title in body and "data-confirm" not in body  # closed: nothing left to release
    assert [t.transition for t in page.context["allocations"][0].timeline] == ["use", "release"]
    other = client_as(people["sibling"])
    assert other.post(url("allocate", donation.pk), post).status_code == 404
    assert other.post(url("allocation_use", allocation.pk), {"use-amount": "1"}).status_code == 404


# --- query counts -------------------------------------------------------------------------------

def count_queries(client, page) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    return len(ctx.captured_queries)


def test_the_lists_run_a_constant_number_of_queries(people, client_as, need_target):
    from wuse.registry.charity import services

    staff = people["staff"]
    foundation = make_donor(staff, kind="foundation", name="基金会")
    first = make_donor(staff, kind="community_fund", name="基金0", host_foundation=foundation,
                       contact_phone="13905719000")
    big = make_donation(staff, first, amount="100000")
    need = make_need(staff)

    def allocate():
        services.allocation_create(user=staff, donation=big, target_key=need_target, target_id=need.pk, amount="10")

    allocate()
    client = client_as(staff)
    year = timezone.localdate().year
    pages = [url("donors"), url("donations"), url("resource_lists"), url("resource_list", C111, year),
             url("donor_detail", foundation.pk), url("donation_detail", big.pk)]
    few = [count_queries(client, page) for page in pages]
    for i in range(1, 15):
        allocate()
        donor = make_donor(staff, kind="community_fund", name=f"基金{i}", host_foundation=foundation,
                           contact_phone=f"139057190{i:02d}")
        make_donation(staff, donor, kind="goods", description="物资")
        make_donation(staff, foundation, amount=str(10 + i))
    resource_lists.resource_list_publish(user=staff, region=region(C111), year=year)
    many = [count_queries(client, page) for page in pages]
    assert many == few


# --- resource lists and the public page ---------------------------------------------------------

def test_the_resource_list_is_published_and_shown_publicly_without_personal_data(people, client_as, client):
    staff = people["staff"]
    year = timezone.localdate().year
    public = url("public_resource_list", C111, year)
    assert client.get(public).status_code == 404
    person = make_donor(staff, kind="individual", name="李秀英", contact_phone="13905719007")
    make_donation(staff, person, kind="goods", amount="300", description="书包", quantity=10, unit="个")
    make_donation(staff, make_donor(staff, name="企业", contact_name="陈志远", contact_phone="13905719001"))
    staff_client = client_as(staff)
    page = staff_client.get(url("resource_list", C111, year))
    assert page.status_code == 200 and page.context["can_publish"]
    response = staff_client.post(url("resource_list_publish", C111, year))
    assert response.status_code == 302 and ResourceList.objects.get().number == 1
    assert staff_client.post(url("resource_list_publish", C111, year)).status_code == 409
    staff_client.logout()
    response = client.get(public)
    body = response.content.decode()
    assert response.status_code == 200 and "书包" in body and "李*" in body
    for secret in ("13905719007", "13905719001", "李秀英", "陈志远"):
        assert secret not in body
    assert client.get(url("public_resource_list", C112, year)).status_code == 404
    assert client.get(f"/registry/charity/public/{C111}/{year}/").status_code == 200
    assert client.get(url("resource_list", C111, year)).status_code == 302  # staff pages need a login


def test_resource_list_pages_follow_the_scope(people, client_as):
    staff = people["staff"]
    year = timezone.localdate().year
    make_donation(staff, make_donor(staff))
    resource_lists.resource_list_publish(user=staff, region=region(C111), year=year)
    sibling = client_as(people["sibling"])
    assert sibling.get(url("resource_list", C111, year)).status_code == 404
    assert sibling.get(url("resource_list_version", C111, year, 1)).status_code == 404
    assert sibling.post(url("resource_list_publish", C111, year)).status_code == 404
    officer = client_as(people["officer"])
    assert officer.get(url("resource_list_version", C111, year, 1)).status_code == 200
    page = officer.get(url("resource_list", C111, year))
    assert page.status_code == 200 and not page.context["can_publish"]
    assert officer.post(url("resource_list_publish", C111, year)).status_code == 403
    index = officer.get(url("resource_lists"))
    assert [(u["region_id"], u["published"]) for u in index.context["units"]] == [(C111, 1)]


def test_the_hub_offers_the_charity_sections_to_government_roles(people):
    from wuse.access import api as access
    from wuse.registry.hub import SECTIONS

    mine = [s for s in SECTIONS if s.url_name.startswith(f"{NS}:")]
    assert [reverse(s.url_name) for s in mine] == [url("donors"), url("donations"), url("resource_lists")]
    for role in ("staff", "officer", "reviewer"):
        assert all(access.has_action(people[role], s.action) for s in mine), role
    volunteer = make_user("vol", "volunteer", C111)
    assert not any(access.has_action(volunteer, s.action) for s in mine)
