"""Demo co-building lists (order 67, after the projects' and the delivery's demo): in 上保社区 a published list
(pledges fully and partly delivered and one not yet, matched to a need and to a project) and last year's closed list;
in 宝石社区 a draft. Idempotent: nothing is written once the published list exists."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from needs.models import Need
from needs.workflow import ACTIVE_STATES
from projects.models import Project
from wuse.regions.models import Region
from wuse.registry.charity.models import Donor
from wuse.registry.organizations.models import Organization

from . import services
from .models import CobuildList

SHANGBAO, BAOSHI = "330106002051", "330106002052"
STAFF = {SHANGBAO: "shangbao_staff", BAOSHI: "baoshi_staff"}


def _title(region: str, year: int) -> str:
    return f"{Region.objects.get(code=region).name}{year}年联建共建清单"


def _unit(model, name: str):
    return model.objects.filter(name=name).select_related("region").first()


def _list(users, region: str, year: int, start: dt.date, end: dt.date) -> CobuildList:
    return services.list_create(user=users[STAFF[region]], region=Region.objects.get(code=region),
                                title=_title(region, year), period_start=start, period_end=end)


def _add(user, cobuild_list, unit, resource, description, quantity, measure, start, end, *, value=None, need=None,
         project=None):
    if unit is None:
        return None
    return services.pledge_add(user=user, cobuild_list=cobuild_list, data=services.PledgeData(
        unit=unit, resource=resource, description=description, quantity=Decimal(quantity), measure=measure,
        starts_on=start, ends_on=end, value=None if value is None else Decimal(value), need=need, project=project))


def load_cobuild_demo(users) -> None:
    today = timezone.localdate()
    if Region.objects.filter(code__in=[SHANGBAO, BAOSHI]).count() != 2:
        return
    if CobuildList.objects.filter(region_id=SHANGBAO, title=_title(SHANGBAO, today.year)).exists():
        return
    staff = users[STAFF[SHANGBAO]]
    tech, foundation = _unit(Donor, "杭州北山数字科技有限公司"), _unit(Donor, "浙江省爱心公益基金会")
    restaurant = _unit(Donor, "杭州宝石山餐饮管理有限公司")
    leling = _unit(Organization, "西湖区乐龄社会工作服务中心")
    need = (Need.objects.filter(community_id=SHANGBAO, status__in=ACTIVE_STATES).order_by("id").first())
    project = Project.objects.filter(region_id=SHANGBAO).exclude(
        status__in=("withdrawn", "rejected", "terminated")).order_by("id").first()

    # Last year's list: published, delivered in full, closed.
    last_start, last_end = dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    closed = _list(users, SHANGBAO, today.year - 1, last_start, last_end)
    old = _add(staff, closed, tech, "materials", "社区图书角图书", "500", "册", last_start, last_end, value="15000")
    closed = services.list_transition(user=staff, cobuild_list=closed, name="publish")
    if old is not None:
        services.delivery_record(user=staff, pledge=old, quantity=Decimal("500"), delivered_on=last_end,
                                 note="图书已上架")
    services.list_transition(user=users["beishan_officer"], cobuild_list=closed, name="close")

    # This year's list: published, one pledge delivered in full, one in part, one not yet.
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    current = _list(users, SHANGBAO, today.year, start, end)
    hours = _add(staff, current, tech, "volunteer_hours", "员工志愿服务（助老、助餐配送）", "200", "小时", start, end,
                 need=need)
    sessions = _add(staff, current, leling, "services", "长者健康讲座与个案探访", "12", "场次", start, end,
                    value="24000", project=project)
    _add(staff, current, foundation, "money", "社区微更新资金", "20000", "元", start, end, value="20000")
    services.list_transition(user=staff, cobuild_list=current, name="publish")
    when = min(today, end) - dt.timedelta(days=1) if today > start else start
    if hours is not None:
        services.delivery_record(user=staff, pledge=hours, quantity=Decimal("120"), delivered_on=when, note="一季度")
        services.delivery_record(user=staff, pledge=hours, quantity=Decimal("80"), delivered_on=when, note="二季度")
    if sessions is not None:
        services.delivery_record(user=staff, pledge=sessions, quantity=Decimal("5"), delivered_on=when)

    # 宝石社区: a draft being built.
    draft = _list(users, BAOSHI, today.year, start, end)
    _add(users[STAFF[BAOSHI]], draft, restaurant, "venue", "餐厅包厢用于居民议事", "24", "次", start, end)
