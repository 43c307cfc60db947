"""Service times are given and counted in Asia/Shanghai: a service's day, a year's start, its hours."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
HOUR = Decimal("3600")
CENT = Decimal("0.01")


def local_span(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """The aware start and end of a service given as a date and two clock times in Asia/Shanghai."""
    return (dt.datetime.combine(day, start, tzinfo=LOCAL_TZ), dt.datetime.combine(day, end, tzinfo=LOCAL_TZ))


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)
    return start, start + dt.timedelta(days=1)


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TZ).date()


def hours_between(started_at: dt.datetime, ended_at: dt.datetime) -> Decimal:
    seconds = Decimal((ended_at - started_at).total_seconds())
    return (seconds / HOUR).quantize(CENT, rounding=ROUND_HALF_UP)
