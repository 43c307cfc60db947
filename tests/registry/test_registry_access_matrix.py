"""The permission matrix of the five-society registry and the ledger, generated from the policy table.

One record of every type in every community; every principal of ``tests/test_access_matrix.py`` asks
``can`` and ``scoped`` for every action of these types. Organizations are left out: their reach beyond
the table (units served, own members) has its own tests in ``test_organizations.py``.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.access.policy import POLICY
from wuse.accounts.roles import Role
from wuse.ledger.models import Account, Adjustment, CatalogueItem, HolderKind, Redemption, Scheme, SchemeKind
from wuse.regions.models import Region
from wuse.registry.charity.models import Allocation, Donation, Donor, DonorKind, ResourceList
from wuse.registry.organizations.models import SocialWorker
from wuse.registry.people.models import Person
from wuse.registry.volunteers.models import Certificate, ServiceEntry, Volunteer, VolunteerTeam

from ..helpers import C111, make_user

pytestmark = pytest.mark.django_db


def _records(code: str, staff) -> dict:
    """One record of every hierarchy-scoped type, in the community ``code``."""
    person = Person.objects.create(name=f"居民{code}", region_id=code)
    volunteer = Volunteer.objects.create(person=person, region_id=code, number=f"V{code}")
    start = timezone.now() - dt.timedelta(days=2)
    scheme = Scheme.objects.create(name=f"积分{code}", kind=SchemeKind.POINTS, region_id=code)
    account = Account.objects.create(scheme=scheme, holder_kind=HolderKind.PERSON, person=person, region_id=code)
    item = CatalogueItem.objects.create(scheme=scheme, region_id=code, name="米", price=Decimal("1"), stock=5)
    donor = Donor.objects.create(kind=DonorKind.ENTERPRISE, name=f"企业{code}", region_id=code)
    donation = Donation.objects.create(donor=donor, region_id=code, received_on=dt.date(2026, 3, 1),
                                       amount=Decimal("100"), recorded_by=staff)
    return {
        "person": person,
        "volunteer": volunteer,
        "volunteer_team": VolunteerTeam.objects.create(name=f"队{code}", region_id=code),
        "service_entry": ServiceEntry.objects.create(
            volunteer=volunteer, region_id=code, started_at=start, ended_at=start + dt.timedelta(hours=2),
            hours=Decimal("2"), content="助老", organizer="社区", recorded_by=staff),
        "volunteer_certificate": Certificate.objects.create(
            number=f"ZM{code}", volunteer=volunteer, region_id=code, period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30), hours=Decimal("2"), entries=1, content="助老", issuer="社区",
            person_in_charge="主任", contact="0571-1", issued_by=staff),
        "social_worker": SocialWorker.objects.create(person=person, region_id=code, is_community_worker=True),
        "donor": donor,
        "donation": donation,
        "allocation": Allocation.objects.create(
            donation=donation, region_id=code, target_type=ContentType.objects.get_for_model(Region),
            target_id=1, target_label="x", amount=Decimal("10"), created_by=staff),
        "resource_list": ResourceList.objects.create(region_id=code, year=2026, published_by=staff),
        "scheme": scheme,
        "ledger_account": account,
        "ledger_adjustment": Adjustment.objects.create(account=account, region_id=code, amount=Decimal("1"),
                                                       reason="核对", requested_by=staff),
        "catalogue_item": item,
        "redemption": Redemption.objects.create(item=item, account=account, region_id=code, quantity=1,
                                                total=Decimal("1"), placed_by=staff),
    }


KEYS = ("person", "volunteer", "volunteer_team", "service_entry", "volunteer_certificate", "social_worker", "donor",
        "donation", "allocation", "resource_list", "scheme", "ledger_account", "ledger_adjustment",
        "catalogue_item", "redemption")


def actions():
    return sorted(action for action in POLICY if action.split(".")[0] in KEYS)


@pytest.fixture
def world(tree):
    staff = make_user("author", Role.COMMUNITY_STAFF, C111)
    by_key: dict[str, list] = {key: [] for key in KEYS}
    for community in Region.objects.of_level("community"):
        for key, record in _records(community.code, staff).items():
            by_key[key].append(record)
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    return {"records": by_key, "principals": principals}


def test_every_registry_and_ledger_action_follows_the_table(world):
    assert len(actions()) >= 40, actions()
    leaks, denials, seen = [], [], Counter()
    for user, role, unit in world["principals"]:
        prefix = Region.objects.get(code=unit).prefix
        for action in actions():
            records = world["records"][action.split(".")[0]]
            model = type(records[0])
            visible = set(access.scoped(user, action, model.objects.all()).values_list("pk", flat=True))
            for record in records:
                code = getattr(record, model._meta.get_field(model.ACCESS_REGION_FIELD).attname)
                place = placement(unit, prefix, code)
                want = expected(action, role, place)
                seen[place] += 1
                for layer, got in (("can", access.can(user, action, record)), ("scoped", record.pk in visible)):
                    if got and not want:
                        leaks.append((role, unit, action, code, place, layer))
                    elif want and not got:
                        denials.append((role, unit, action, code, place, layer))
    assert leaks == [], f"{len(leaks)} leak(s): {leaks[:10]}"
    assert denials == [], f"{len(denials)} false denial(s): {denials[:10]}"
    assert set(seen) == {"own", "child", "sibling", "other_district"}  # records sit at communities: no "parent"


def test_registry_records_carry_a_division_code_for_scoping():
    for model in (Person, Volunteer, VolunteerTeam, ServiceEntry, Certificate, SocialWorker, Donor, Donation,
                  Allocation, ResourceList, Scheme, Account, Adjustment, CatalogueItem, Redemption):
        field = model._meta.get_field(model.ACCESS_REGION_FIELD)
        assert field.related_model is Region, model
        assert f"{model.ACCESS_KEY}.view" in POLICY, model
