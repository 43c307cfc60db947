"""Builders for the ledger page tests: people with contact data, schemes, accounts and items."""

from decimal import Decimal

from django.test import Client

from tests.helpers import C111, C112, D1, make_user
from wuse.accounts.roles import Role
from wuse.ledger import services as ledger
from wuse.ledger.models import CatalogueItem, Scheme, SchemeKind, TransferRule
from wuse.privacy import check_character
from wuse.registry.people.models import Person

_serial = iter(range(100, 999))


def id_number(region="410101", year="1960") -> str:
    first17 = f"{region}{year}0101{next(_serial):03d}"
    return first17 + check_character(first17)


def make_person(name: str, region=C111, *, phone="", user=None) -> Person:
    person = Person(name=name, region_id=region, user=user)
    person.set_contact(phone=phone, id_number=id_number())
    person.save()
    return person


def make_scheme(region=D1, kind=SchemeKind.POINTS, **rules) -> Scheme:
    values = {"name": f"积分 {region}", "per_hour": Decimal("1"), "transfer_rule": TransferRule.FAMILY, **rules}
    return Scheme.objects.create(region_id=region, kind=kind, **values)


def funded(scheme, person, user, amount="0", ref=None):
    account = ledger.account_open(scheme, user=user, person=person)
    if Decimal(amount):
        ledger.earn(account, amount, ref=ref or f"test:{account.pk}:{amount}", user=user)
    account.refresh_from_db()
    return account


def make_item(scheme, region=C111, name="大米 5kg", price="30", stock=10, **extra) -> CatalogueItem:
    return CatalogueItem.objects.create(scheme=scheme, region_id=region, name=name, price=Decimal(price),
                                        stock=stock, **extra)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # pages in English: the assertions read the msgids
    client.force_login(user)
    return client


def build_world() -> dict:
    """Staff of C111 (two, for four eyes) and of C112, a volunteer linked to 王安, a district scheme of D1
    with a 5-point grant and family transfers; accounts: 王安 25, 李博 5 (C111), 赵晨 8 (C112)."""
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    staff2 = make_user("staff2", Role.COMMUNITY_STAFF, C111)
    other = make_user("other", Role.COMMUNITY_STAFF, C112)
    volunteer_user = make_user("vol", Role.VOLUNTEER, C111)
    scheme = make_scheme(signup_grant=Decimal("5"))
    ann = make_person("王安", phone="13800000001", user=volunteer_user)
    bo = make_person("李博", phone="13800000002")
    cy = make_person("赵晨", C112, phone="13800000003")
    return {
        "staff": staff, "staff2": staff2, "other": other, "volunteer": volunteer_user, "scheme": scheme,
        "ann": ann, "bo": bo, "cy": cy,
        "ann_account": funded(scheme, ann, staff, "20"),
        "bo_account": funded(scheme, bo, staff),
        "cy_account": funded(scheme, cy, other, "3"),
    }
