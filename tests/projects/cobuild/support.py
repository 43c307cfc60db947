"""Builders for the co-building tests: units, a list, its pledges."""

import datetime as dt
from decimal import Decimal

from projects.cobuild import services
from projects.cobuild.models import CobuildList, Pledge
from wuse.regions.models import Region
from wuse.registry.charity.models import Donor

TODAY = dt.date.today()
START, END = TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=300)


def donor(name: str, region: str, kind: str = "enterprise") -> Donor:
    return Donor.objects.create(name=name, kind=kind, region_id=region)


def new_list(user, community: str, title: str = "2026年联建共建清单") -> CobuildList:
    return services.list_create(user=user, region=Region.objects.get(code=community), title=title,
                                period_start=START, period_end=END)


def data(unit, quantity="100", **extra) -> services.PledgeData:
    base = {"unit": unit, "resource": "volunteer_hours", "description": "志愿服务", "quantity": quantity,
            "measure": "小时", "starts_on": START, "ends_on": END, "value": None}
    base.update(extra)
    return services.PledgeData(**base)


def pledge(user, cobuild_list, unit, quantity="100", **extra) -> Pledge:
    return services.pledge_add(user=user, cobuild_list=cobuild_list, data=data(unit, quantity, **extra))


def published(user, community: str, unit, quantities=("100",)) -> tuple[CobuildList, list[Pledge]]:
    cobuild_list = new_list(user, community)
    pledges = [pledge(user, cobuild_list, unit, q) for q in quantities]
    cobuild_list = services.list_transition(user=user, cobuild_list=cobuild_list, name="publish")
    return cobuild_list, [Pledge.objects.get(pk=p.pk) for p in pledges]


def amount(value: str) -> Decimal:
    return Decimal(value)
