"""The linkage summary: per-unit figures of the five societies, in scope, with constant queries."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from wuse.accounts.roles import Role
from wuse.ledger import services as ledger
from wuse.regions.models import Region
from wuse.registry.charity.models import Donation, DonationKind, Donor, DonorKind
from wuse.registry.codes import make_credit_code
from wuse.registry.linkage import COLUMNS, columns, linkage_summary
from wuse.registry.organizations.models import (
    CertificateLevel,
    Organization,
    OrgKind,
    OrgStatus,
    ServiceArea,
    SocialWorker,
)
from wuse.registry.volunteers.models import EntryStatus, ServiceEntry, Volunteer

from ..helpers import C111, C112, C121, C211, CITY, D1, D2, S11, make_user
from .ledger_support import make_person, make_scheme

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
serial = iter(range(1, 10_000))


def org(region, *, serves=(), status=OrgStatus.ACTIVE):
    made = Organization.objects.create(name=f"组织{next(serial)}", kind=OrgKind.SERVICE_ORG, region_id=region,
                                       credit_code=make_credit_code("5", "2", region[:6], next(serial)),
                                       status=status)
    for unit in serves:
        ServiceArea.objects.create(organization=made, region_id=unit)
    return made


def worker(region, *, certified: bool, community: bool = True):
    person = make_person(f"社工{next(serial)}", C111)
    number = f"2019{next(serial):014d}" if certified else ""
    return SocialWorker.objects.create(person=person, region_id=region, is_community_worker=community,
                                       certificate_level=CertificateLevel.SOCIAL_WORKER if certified else "",
                                       certificate_number=number)


def volunteer(region, staff, *, hours=None, verifier=None, when=None):
    person = make_person(f"志愿者{next(serial)}", region)
    made = Volunteer.objects.create(person=person, region_id=region, number=f"V{next(serial)}")
    if hours:
        start = when or timezone.now() - dt.timedelta(days=1)
        ServiceEntry.objects.create(volunteer=made, region_id=region, started_at=start,
                                    ended_at=start + dt.timedelta(hours=float(hours)), hours=Decimal(hours),
                                    content="助老", organizer="社区", recorded_by=staff, status=EntryStatus.VERIFIED,
                                    verified_by=verifier, verified_at=timezone.now())
    return made


def donation(region, staff, amount, kind=DonationKind.MONEY, on=None):
    donor = Donor.objects.create(kind=DonorKind.ENTERPRISE, name=f"企业{next(serial)}", region_id=region)
    return Donation.objects.create(donor=donor, region_id=region, kind=kind, amount=Decimal(amount),
                                   received_on=on or timezone.localdate(), recorded_by=staff)


@pytest.fixture
def world(tree):
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    verifier = make_user("verifier", Role.COMMUNITY_STAFF, C111)
    org(D1, serves=[C111, C112])          # registered in D1, serving two communities of S11
    org(S11, serves=[C111])               # registered at the street, serving C111
    org(D2, serves=[C211])
    org(D1, status=OrgStatus.SUSPENDED, serves=[C111])  # not counted
    worker(C111, certified=True)
    worker(C111, certified=False)
    worker(C121, certified=True)
    worker(S11, certified=True, community=False)
    volunteer(C111, staff, hours="2.5", verifier=verifier)
    volunteer(C111, staff, hours="3", verifier=verifier)
    volunteer(C121, staff)
    volunteer(C211, staff, hours="1", verifier=verifier, when=timezone.now() - dt.timedelta(days=800))
    donation(C111, staff, "1000")
    donation(C112, staff, "300", kind=DonationKind.GOODS)
    donation(C211, staff, "50")
    donation(C211, staff, "70", on=dt.date(YEAR - 3, 5, 1))
    scheme = make_scheme(region=D1)
    ledger.earn_for_service(person=make_person("积分人", C111), hours="4", ref="x:1", user=staff)
    return {"staff": staff, "scheme": scheme}


def by_code(rows):
    return {row.region.code: row for row in rows}


def test_the_city_row_per_district_adds_up(world):
    rows, total = linkage_summary(Region.objects.get(code=CITY), YEAR)
    d1, d2 = by_code(rows)[D1], by_code(rows)[D2]
    assert (d1["organizations.linked"], d2["organizations.linked"], total["organizations.linked"]) == (2, 1, 3)
    assert d1["social_workers.certified"] == 3
    share = d1["community_workers.certified_share"]
    assert (share.part, share.whole, share.share) == (2, 3, Decimal("0.667"))
    assert d1.cells[COLUMNS.index("community_workers.certified_share")].meets_target
    assert (d1["volunteers.registered"], d1["volunteers.served"], d1["volunteers.hours"]) == (3, 2, Decimal("5.5"))
    assert (d2["volunteers.registered"], d2["volunteers.served"], d2["volunteers.hours"]) == (1, 0, 0)  # 2 years ago
    assert d1["ledger.points"] == Decimal("4") and d1["ledger.time_bank_hours"] == 0
    assert (d1["charity.money"], d1["charity.goods_value"], d1["charity.donations"]) == (
        Decimal("1000"), Decimal("300"), 2)
    assert (d2["charity.money"], d2["charity.donations"]) == (Decimal("50"), 1)  # the older one is another year
    assert (total["charity.money"], total["volunteers.registered"], total["volunteers.hours"]) == (
        Decimal("1050"), 4, Decimal("5.5"))


def test_a_street_row_per_community_counts_links_where_they_are_recorded(world):
    rows, total = linkage_summary(Region.objects.get(code=S11), YEAR)
    c111, c112 = by_code(rows)[C111], by_code(rows)[C112]
    assert (c111["organizations.linked"], c112["organizations.linked"]) == (2, 1)
    assert total["organizations.linked"] == 2  # two distinct active organizations linked within the street
    assert c111["community_workers.certified_share"].share == Decimal("0.500")
    assert c111.cells[COLUMNS.index("community_workers.certified_share")].meets_target is False
    assert c112["community_workers.certified_share"].share is None
    assert total["social_workers.certified"] == 2  # the street's own station worker is in the street's row


def test_a_volunteer_serving_two_communities_is_one_volunteer_of_the_street(world):
    """The fault users saw: 7 at the district's page, 8 in the street's own total."""
    staff = world["staff"]
    twice = volunteer(C111, staff, hours="1", verifier=staff)
    start = timezone.now() - dt.timedelta(days=2)
    ServiceEntry.objects.create(volunteer=twice, region_id=C112, started_at=start, ended_at=start + dt.timedelta(
        hours=1), hours=Decimal("1"), content="助残", organizer="社区", recorded_by=staff,
        status=EntryStatus.VERIFIED, verified_by=staff, verified_at=timezone.now())
    district_rows, _total = linkage_summary(Region.objects.get(code=D1), YEAR)
    street_rows, street_total = linkage_summary(Region.objects.get(code=S11), YEAR)
    communities = by_code(street_rows)
    assert (communities[C111]["volunteers.served"], communities[C112]["volunteers.served"]) == (3, 1)
    assert street_total["volunteers.served"] == by_code(district_rows)[S11]["volunteers.served"] == 3


def test_queries_do_not_grow_with_the_number_of_units(world):
    city, street = Region.objects.get(code=CITY), Region.objects.get(code=S11)
    with CaptureQueriesContext(connection) as small:
        linkage_summary(street, YEAR)
    with CaptureQueriesContext(connection) as large:
        linkage_summary(city, YEAR)
    assert len(small) == len(large) <= 2 * len(columns()) + 8


def test_the_page_is_scoped_and_exports(world, client):
    client.force_login(world["staff"])
    page = client.get(reverse("registry:linkage"))
    assert page.status_code == 200 and page.context["region"].code == C111
    assert client.get(reverse("registry:linkage"), {"region": C112}).status_code == 404
    assert client.get(reverse("registry:linkage"), {"region": "12ab"}).status_code == 404
    assert client.get(reverse("registry:linkage"), {"year": "1999"}).status_code == 404
    reviewer = make_user("reviewer", Role.DISTRICT_REVIEWER, D1)
    client.force_login(reviewer)
    page = client.get(reverse("registry:linkage"), {"region": D1, "year": str(YEAR)})
    assert [row.region.code for row in page.context["rows"]] == [S11, "410101002000"]
    html = page.content.decode()
    assert all(escape(str(f.definition)) in html for f in page.context["columns"])  # each figure with its definition
    export = client.get(reverse("registry:linkage"), {"region": D1, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1 + 2 + 1 and values[-1][1] == 2  # header, two streets, total: 2 organizations
    definitions = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[1]
    assert definitions.max_row == 1 + len(page.context["columns"])
    volunteer_user = make_user("vol", Role.VOLUNTEER, C111)
    client.force_login(volunteer_user)
    assert client.get(reverse("registry:linkage")).status_code == 403
