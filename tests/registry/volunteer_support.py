"""Builders for the volunteer tests: people with valid ID numbers, volunteers, services, schemes."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from wuse.ledger.models import Scheme, SchemeKind
from wuse.privacy import check_character
from wuse.regions.models import Region
from wuse.registry.people.services import PersonData
from wuse.registry.volunteers.local_time import LOCAL_TZ
from wuse.registry.volunteers.services import ServiceData, entries_record, volunteer_register
from wuse.registry.volunteers.skills import ensure_default_skills

from ..helpers import C111

_sequence = itertools.count(100)


def id_number(born: dt.date = dt.date(1980, 5, 17), area: str = "410101") -> str:
    first17 = f"{area}{born:%Y%m%d}{next(_sequence) % 1000:03d}"
    return first17 + check_character(first17)


def person_data(name: str = "张三", region: str = C111, **extra) -> PersonData:
    values = {"name": name, "region": Region.objects.get(code=region), "id_number": id_number(),
              "phone": f"139{next(_sequence):08d}"}
    values.update(extra)
    return PersonData(**values)


def register(user, name: str = "张三", region: str = C111, skills=(), **extra):
    ensure_default_skills()
    return volunteer_register(user=user, data=person_data(name, region, **extra), skills=skills)


def local(days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate(timezone.now(), LOCAL_TZ) - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ)


def service(region: str = C111, days_ago: int = 3, start=(9, 0), end=(11, 0), team=None, **extra) -> ServiceData:
    started = local(days_ago, *start)
    ended = local(days_ago, *end) if isinstance(end, tuple) else end
    values = {"region": Region.objects.get(code=region), "started_at": started, "ended_at": ended,
              "content": "探访独居老人", "organizer": "社区居委会", "team": team}
    values.update(extra)
    return ServiceData(**values)


def record(user, volunteers, **kwargs):
    volunteers = volunteers if isinstance(volunteers, list | tuple) else [volunteers]
    return entries_record(user=user, volunteers=list(volunteers), data=service(**kwargs))


def points_scheme(region: str, per_hour: str = "1", **rules) -> Scheme:
    return Scheme.objects.create(name=f"积分 {region}", kind=SchemeKind.POINTS, region_id=region,
                                 per_hour=Decimal(per_hour), **rules)
