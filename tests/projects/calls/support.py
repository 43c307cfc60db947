"""Builders for the open calls tests."""

import datetime as dt

from django.utils import timezone

from projects.calls import services
from projects.calls.models import Call
from wuse.regions.models import Region

CRITERIA = [("服务覆盖老人", "≥40人"), ("满意度", "≥90%")]


def new_call(staff, community, *, budget="50000", days=10, criteria=CRITERIA, title="社区助餐点运营"):
    return services.call_create(user=staff, region=Region.objects.get(code=community), title=title,
                                problem="社区老人就餐难", budget=budget,
                                deadline=timezone.localdate() + dt.timedelta(days=days), criteria=criteria)


def posted_call(staff, community, **kwargs):
    call = new_call(staff, community, **kwargs)
    return services.call_transition(user=staff, call=call, name="post")


def bid(member, call, org, price="40000"):
    return services.bid_submit(user=member, call=call, organization=org, approach="中央厨房配送", team="3名社工",
                               price=price, timeline="三个月")


def past_deadline(call):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    return Call.objects.get(pk=call.pk)
