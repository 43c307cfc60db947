"""Every figure of the linkage summary, at every level, against an independent recomputation on random data.

The recomputation reads the raw rows once and counts in Python, unit by unit, from each figure's definition
— no grouping, no code shared with ``wuse.core.figures``. Distinct figures (volunteers who served,
organizations linked) are where summing the children's values goes wrong; the data makes sure that some
volunteers serve in several communities and some organizations serve several units.
"""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from wuse.accounts.roles import Role
from wuse.ledger import services as ledger
from wuse.ledger.models import Entry, EntryKind, SchemeKind
from wuse.regions.models import Region
from wuse.registry.charity.models import Donation, DonationKind, Donor, DonorKind
from wuse.registry.codes import make_credit_code
from wuse.registry.linkage import COLUMNS, linkage_summary
from wuse.registry.organizations.models import (
    CertificateLevel,
    Organization,
    OrgKind,
    OrgStatus,
    ServiceArea,
    SocialWorker,
)
from wuse.registry.volunteers.models import EntryStatus, ServiceEntry, Volunteer

from ..helpers import C111, D1, make_user
from .ledger_support import make_person, make_scheme

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
SEEDS = (7, 2026)


def random_world(seed: int) -> None:
    rng = random.Random(seed)
    staff = make_user(f"staff{seed}", Role.COMMUNITY_STAFF, C111)
    codes = list(Region.objects.values_list("code", flat=True))
    communities = list(Region.objects.filter(level="community").values_list("code", flat=True))
    this_year = timezone.make_aware(dt.datetime(YEAR, 1, 1))

    def when():  # this year (mostly) or last year
        base = this_year if rng.random() < 0.8 else this_year.replace(year=YEAR - 1)
        moment = base + dt.timedelta(days=rng.randrange(0, 300), hours=rng.randrange(0, 20))
        return min(moment, timezone.now() - dt.timedelta(hours=2))

    serial = iter(range(1, 100_000))
    for _n in range(8):
        organization = Organization.objects.create(
            name=f"组织{seed}-{next(serial)}", kind=OrgKind.SERVICE_ORG, region_id=rng.choice(codes),
            credit_code=make_credit_code("5", "2", "410101", next(serial) + seed * 1000),
            status=rng.choice([OrgStatus.ACTIVE, OrgStatus.ACTIVE, OrgStatus.SUSPENDED]))
        for area in rng.sample(codes, rng.randrange(0, 4)):
            ServiceArea.objects.create(organization=organization, region_id=area)
    for _n in range(10):
        certified = rng.random() < 0.6
        SocialWorker.objects.create(
            person=make_person(f"社工{seed}-{next(serial)}", C111), region_id=rng.choice(codes),
            is_community_worker=rng.random() < 0.7, active=rng.random() < 0.85,
            certificate_level=CertificateLevel.SOCIAL_WORKER if certified else "",
            certificate_number=f"2019{seed:04d}{next(serial):010d}" if certified else "",
            certified_year=rng.choice([None, 2019, YEAR, YEAR + 1]) if certified else None)
    volunteers = [Volunteer.objects.create(person=make_person(f"志愿者{seed}-{next(serial)}", C111),
                                           region_id=rng.choice(communities), number=f"V{seed}-{next(serial)}",
                                           active=rng.random() < 0.9) for _n in range(12)]
    for _n in range(40):
        start = when()
        hours = Decimal(rng.choice(["0.5", "1", "2.5", "3"]))
        ServiceEntry.objects.create(
            volunteer=rng.choice(volunteers), region_id=rng.choice(codes), started_at=start,
            ended_at=start + dt.timedelta(hours=float(hours)), hours=hours, content="服务", organizer="社区",
            recorded_by=staff, status=rng.choice([EntryStatus.VERIFIED, EntryStatus.VERIFIED, EntryStatus.RECORDED]),
            verified_by=staff, verified_at=timezone.now())
    for _n in range(15):
        donor = Donor.objects.create(kind=DonorKind.ENTERPRISE, name=f"企业{seed}-{next(serial)}",
                                     region_id=rng.choice(codes))
        Donation.objects.create(donor=donor, region_id=rng.choice(codes), recorded_by=staff,
                                kind=rng.choice([DonationKind.MONEY, DonationKind.GOODS]),
                                amount=Decimal(rng.randrange(1, 5000)), received_on=when().date())
    make_scheme(region=D1, kind=SchemeKind.POINTS)
    d1_communities = [code for code in communities if code.startswith(D1[:6])]
    for _n in range(6):
        ledger.earn_for_service(person=make_person(f"积分{seed}-{next(serial)}", rng.choice(d1_communities)),
                                hours=str(rng.randrange(1, 6)), ref=f"r:{next(serial)}", user=staff)


def recompute(prefix: str, period_start: dt.datetime, period_end: dt.datetime) -> dict:
    """Each figure of the unit with ``prefix``, from the raw rows, by its definition."""
    inside = lambda code: code.startswith(prefix)  # noqa: E731
    start_day, end_day = period_start.date(), period_end.date()
    organizations = {o.id: o for o in Organization.objects.all()}
    active = {i for i, o in organizations.items() if o.status == OrgStatus.ACTIVE and o.created_at < period_end}
    linked = {i for i in active if inside(organizations[i].region_id)}
    linked |= {a.organization_id for a in ServiceArea.objects.all() if a.organization_id in active
               and inside(a.region_id)}
    workers = [w for w in SocialWorker.objects.all() if w.active and w.created_at < period_end and inside(w.region_id)]
    held = [w for w in workers if w.certificate_level and (w.certified_year is None
                                                            or w.certified_year <= YEAR)]
    community = [w for w in workers if w.is_community_worker]
    community_held = [w for w in held if w.is_community_worker]
    served = [e for e in ServiceEntry.objects.all() if e.status == EntryStatus.VERIFIED
              and period_start <= e.started_at < period_end and inside(e.region_id)]
    donations = [d for d in Donation.objects.all() if start_day <= d.received_on < end_day and inside(d.region_id)]
    earned = [e for e in Entry.objects.select_related("account__scheme") if e.kind == EntryKind.EARN
              and period_start <= e.created_at < period_end and inside(e.account.region_id)]
    return {
        "organizations.linked": len(linked),
        "social_workers.certified": len(held),
        "community_workers.certified_share": (len(community_held), len(community)),
        "volunteers.registered": sum(1 for v in Volunteer.objects.all()
                                     if v.active and v.registered_on < end_day and inside(v.region_id)),
        "volunteers.served": len({e.volunteer_id for e in served}),
        "volunteers.hours": sum((e.hours for e in served), Decimal(0)),
        "ledger.time_bank_hours": sum((e.amount for e in earned if e.account.scheme.kind == SchemeKind.TIME_BANK),
                                      Decimal(0)),
        "ledger.points": sum((e.amount for e in earned if e.account.scheme.kind == SchemeKind.POINTS), Decimal(0)),
        "charity.money": sum((d.amount for d in donations if d.kind == DonationKind.MONEY), Decimal(0)),
        "charity.goods_value": sum((d.amount for d in donations if d.kind != DonationKind.MONEY), Decimal(0)),
        "charity.donations": len(donations),
        "charity.committed": Decimal(0),  # no allocations in the random data: plain sums, counted like donations
        "charity.used": Decimal(0),
    }


def as_plain(row) -> dict:
    values = {}
    for code in COLUMNS:
        value = row[code]
        values[code] = (value.part, value.whole) if code == "community_workers.certified_share" else value
    return values


@pytest.mark.parametrize("seed", SEEDS)
def test_every_level_matches_an_independent_recomputation(tree, seed):
    random_world(seed)
    start = timezone.make_aware(dt.datetime(YEAR, 1, 1))
    end = timezone.make_aware(dt.datetime(YEAR + 1, 1, 1))
    served_in_two = sum(1 for v in Volunteer.objects.all() if len({e.region_id[:9] for e in v.service_entries.filter(
        status=EntryStatus.VERIFIED, started_at__gte=start)}) > 1)
    assert served_in_two, "the data must hold volunteers serving in several streets"
    checked = 0
    for unit in Region.objects.exclude(level="community"):
        rows, total = linkage_summary(unit, YEAR)
        for row in [*rows, total]:
            assert as_plain(row) == recompute(row.region.prefix, start, end), (seed, unit.code, row.region.code)
            checked += 1
    assert checked == 3 + 2 * 3 + 4 * 3  # city, 2 districts, 4 streets: each its own row and its 2 children's
