"""Builders for the charitable-resource tests: donors, donations, a need as allocation target."""

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wuse.accounts.roles import Role
from wuse.regions.models import Region
from wuse.registry.charity import services, targets
from wuse.registry.codes import make_credit_code

from ..helpers import C111, C112, C211, D1, S11, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def code(n: int) -> str:
    return make_credit_code("9", "1", "330106", n)


def region(code_: str) -> Region:
    return Region.objects.get(code=code_)


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def this_year_day() -> dt.date:
    today = timezone.localdate()
    return max(today - dt.timedelta(days=1), dt.date(today.year, 1, 1))


def make_donor(user, unit=C111, kind="enterprise", name="杭州测试科技有限公司", **fields):
    return services.donor_create(user=user, region=region(unit), kind=kind, name=name, **fields)


def make_donation(user, donor, at=C111, amount="1000", kind="money", **fields):
    values = {"received_on": this_year_day(), "amount": Decimal(amount), "kind": kind, **fields}
    if kind != "money":
        values.setdefault("description", "大米")
    return services.donation_create(user=user, donor=donor, region=region(at), **values)


def upload(content: bytes = PDF, name: str = "receipt.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_people() -> dict:
    """Staff of C111 and C112 (same street), of C211 (other district), the street officer of S11 and the
    district reviewer of D1 (the test module's ``people`` fixture)."""
    return {
        "staff": make_user("staff", Role.COMMUNITY_STAFF, C111),
        "sibling": make_user("sibling", Role.COMMUNITY_STAFF, C112),
        "far": make_user("far", Role.COMMUNITY_STAFF, C211),
        "officer": make_user("officer", Role.STREET_OFFICER, S11),
        "reviewer": make_user("reviewer", Role.DISTRICT_REVIEWER, D1),
    }


@contextmanager
def need_declared_as_target():
    """The needs step's Need declared as an allocation target (what needs/apps.py will do); yields its key."""
    from needs.demo import demo_allocation_target
    from needs.models import Need

    before = targets.TARGETS.get(targets.target_key(Need))
    targets.register_target(Need, label_fn=lambda need: need.title, region_fn=lambda need: need.community_id,
                            view_action="need.view", demo=demo_allocation_target)
    yield targets.target_key(Need)
    if before is None:
        targets.unregister_target(Need)
    else:
        targets.TARGETS[before.key] = before


def make_need(user, community=C111, title="希望开设老年助餐点"):
    from needs.models import Need

    return Need.objects.create(community_id=community, title=title, created_by=user)
