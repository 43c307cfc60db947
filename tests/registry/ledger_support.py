"""Builders for ledger tests: a scheme, people and accounts in the synthetic city."""

from decimal import Decimal

from wuse.accounts.roles import Role
from wuse.ledger import services as ledger
from wuse.ledger.models import Scheme, SchemeKind, TransferRule
from wuse.registry.people.models import Person

from ..helpers import C111, C112, D1, make_user


def make_scheme(region=D1, kind=SchemeKind.POINTS, **rules) -> Scheme:
    defaults = {"name": f"scheme {region} {kind}", "per_hour": Decimal("1"), "transfer_rule": TransferRule.FAMILY}
    defaults.update(rules)
    return Scheme.objects.create(region_id=region, kind=kind, **defaults)


def make_person(name: str, region=C111, user=None) -> Person:
    return Person.objects.create(name=name, region_id=region, user=user)


def staff_pair():
    """Two community staff of C111 (four eyes) and one of C112."""
    return (make_user("staff_a", Role.COMMUNITY_STAFF, C111), make_user("staff_b", Role.COMMUNITY_STAFF, C111),
            make_user("staff_other", Role.COMMUNITY_STAFF, C112))


def account_with(scheme, person, user, hours=None, ref="seed"):
    account = ledger.account_open(scheme, user=user, person=person)
    if hours:
        ledger.earn(account, hours, ref=ref, user=user)
        account.refresh_from_db()
    return account
