"""The permission matrix of the five-society registry and the ledger, generated from the policy table.

One record of every type in every community; every principal of ``tests/test_access_matrix.py`` asks
``can`` and ``scoped`` for every action of these types. Organizations have a matrix of their own at the
end: one registered at every city, district and street, serving a unit elsewhere, with member accounts;
the expected answer adds their reach (the units served see them, members see them, admin members change
them and manage their members) to the table, and ``can``, ``scoped``, ``get_for_user`` and
``has_action`` are asked.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.access.policy import POLICY, Scope
from wuse.accounts.roles import Role
from wuse.ledger.models import Account, Adjustment, CatalogueItem, HolderKind, Redemption, Scheme, SchemeKind
from wuse.regions.models import Region
from wuse.registry.charity.models import Allocation, Donation, Donor, DonorKind, ResourceList
from wuse.registry.organizations.models import (
    MemberRole,
    Organization,
    OrganizationMember,
    OrgKind,
    ServiceArea,
    SocialWorker,
)
from wuse.registry.people.models import Person
from wuse.registry.volunteers.models import Certificate, ServiceEntry, Volunteer, VolunteerTeam

from ..helpers import C111, C121, C211, CITY, D1, D2, S11, S12, S21, make_user

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


# ------------------------------------------------------------------------------------------ organizations

S22 = "410102002000"
# Registering unit → the unit it serves (district-wide, street-wide, a community; often in another district).
SERVES = {CITY: D1, D1: S21, D2: C111, S11: C211, S12: S11, S21: C121, S22: D2}
# Member accounts beyond the table: (name, role, unit, {registering unit of the organization: member role}).
MEMBERS = [
    ("org_staff_member", Role.ORG_MEMBER, D1, {D2: MemberRole.STAFF}),
    ("org_admin_member", Role.ORG_MEMBER, D2, {S11: MemberRole.ADMIN, CITY: MemberRole.STAFF}),
]
# The government principal who is also an organization's admin member (of one in another district).
STAFF_ALSO_ADMIN = ("community_staff", S21)
# The reach, written down again from the rules (not read from the code under test).
SERVED_ACTIONS = {"organization.view"}
MEMBER_ACTIONS = {"organization.view"}
ADMIN_ACTIONS = {"organization.view", "organization.change", "organization.members"}


def organization_actions():
    return sorted(action for action in POLICY if action.split(".")[0] == "organization")


@pytest.fixture
def organizations(tree):
    registered = {}
    for code, served in SERVES.items():
        organization = Organization.objects.create(name=f"组织{code}", kind=OrgKind.COMMUNITY_ORG, region_id=code,
                                                   filing_number=f"备{code}")
        ServiceArea.objects.create(organization=organization, region_id=served)
        registered[code] = organization
    principals = [(make_user(name, role, unit), role, unit, {}) for name, role, unit in PRINCIPALS]
    for name, role, unit, rows in MEMBERS:
        principals.append((make_user(name, role, unit), role, unit, rows))
    for user, _role, _unit, rows in principals:
        if user.username == STAFF_ALSO_ADMIN[0]:
            rows[STAFF_ALSO_ADMIN[1]] = MemberRole.ADMIN
        for code, member_role in rows.items():
            OrganizationMember.objects.create(organization=registered[code], user=user, role=member_role)
    return {"organizations": registered, "principals": principals}


def _served(unit: str, prefix: str, area: Region) -> bool:
    """A service area inside the user's unit, or above it."""
    return area.code.startswith(prefix) or unit.startswith(area.prefix)


def _get(user, organization, action) -> str:
    try:
        access.get_for_user(user, Organization.objects.all(), pk=organization.pk, action=action)
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


def test_organizations_follow_the_table_and_their_reach(organizations):
    wrong, seen = [], Counter()
    areas = {o.pk: Region.objects.get(code=SERVES[code]) for code, o in organizations["organizations"].items()}
    for user, role, unit, rows in organizations["principals"]:
        prefix = Region.objects.get(code=unit).prefix
        for action in organization_actions():
            listed = list(access.scoped(user, action, Organization.objects.all()).values_list("pk", flat=True))
            assert len(listed) == len(set(listed)), (user.username, action)  # EXISTS, never a repeating join
            holds = role in POLICY[action] or any(
                action in (ADMIN_ACTIONS if member_role == MemberRole.ADMIN else MEMBER_ACTIONS)
                for member_role in rows.values())
            if access.has_action(user, action, Organization) != holds:
                wrong.append((user.username, action, "has_action"))

            def want(action, code, organization, member_role):
                table = expected(action, role, placement(unit, prefix, code))
                served = (action in SERVED_ACTIONS and POLICY[action].get(role) is Scope.SUBTREE
                          and _served(unit, prefix, areas[organization.pk]))
                member = member_role is not None and action in (
                    ADMIN_ACTIONS if member_role == MemberRole.ADMIN else MEMBER_ACTIONS)
                for reason, held in (("table", table), ("served", served), ("member", member)):
                    if held:
                        return reason
                return ""

            for code, organization in organizations["organizations"].items():
                member_role = rows.get(code)
                why = want(action, code, organization, member_role)
                seen[why or "none"] += 1
                got = {"can": access.can(user, action, organization), "scoped": organization.pk in listed,
                       "registrar": access.can(user, action, organization, with_reach=False)}
                wanted = {"can": bool(why), "scoped": bool(why), "registrar": why == "table"}
                visible = want("organization.view", code, organization, member_role)
                got["get_for_user"] = _get(user, organization, action)
                wanted["get_for_user"] = "404" if not visible else "ok" if why else "403"
                wrong += [(user.username, action, code, layer, got[layer]) for layer in got
                          if got[layer] != wanted[layer]]
    assert wrong == [], f"{len(wrong)} mismatch(es): {wrong[:10]}"
    assert seen["served"] and seen["member"] and seen["table"] and seen["none"], seen
