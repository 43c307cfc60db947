"""Demo open calls (order 69, after the registry's organizations and the projects): 上保社区's calls in every
stage — a draft, one open for bids (one bid in), one awaiting the shortlist decision (with a volunteer team's bid
recorded by the community), one shortlisted, one awarded
(its project undertaken by 西湖区乐龄社会工作服务中心), one with its result published, one failed and one withdrawn;
and two calls for partners of 西湖区乐龄社会工作服务中心 answered by 上保社区邻里互助会 (one open, one with its
partner selected). Idempotent: a call already there (by unit and title) is left as it is."""

import datetime as dt

from django.utils import timezone

from wuse.access import api as access
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization, OrganizationMember
from wuse.registry.volunteers.models import VolunteerTeam

from . import services
from .models import Call

SHANGBAO = "330106002051"
LELING, NEIGHBOURS = "西湖区乐龄社会工作服务中心", "上保社区邻里互助会"
CRITERIA = [("服务覆盖独居老人", "≥40人"), ("居民满意度", "≥90%"), ("每周服务次数", "≥5次")]


def _member(users, name):
    org = Organization.objects.get(name=name)
    if not OrganizationMember.objects.filter(organization=org, user=users["org_member"]).exists():
        OrganizationMember.objects.create(organization=org, user=users["org_member"])
    access.forget(users["org_member"])
    return org


def _past(call):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.localdate() - dt.timedelta(days=2))
    return Call.objects.get(pk=call.pk)


def _bid(users, call, org, price, approach):
    return services.bid_submit(user=users["org_member"], call=call, organization=org, approach=approach,
                               team="持证社工2名、志愿者10名", price=price, timeline="签约后三个月内完成")


def _call(users, title, steps):
    staff = users["shangbao_staff"]
    if Call.objects.filter(region_id=SHANGBAO, title=title).exists():
        return
    leling, neighbours = _member(users, LELING), _member(users, NEIGHBOURS)
    call = services.call_create(user=staff, region=Region.objects.get(code=SHANGBAO), title=title,
                                problem=f"{title}：辖区独居老人多，现有服务难以覆盖，征集有能力的组织揭榜。",
                                budget="60000", deadline=timezone.localdate() + dt.timedelta(days=20),
                                criteria=CRITERIA)
    if "post" not in steps:
        return
    call = services.call_transition(user=staff, call=call, name="post")
    if "bid" in steps:
        first = _bid(users, call, leling, "52000", "中央厨房配送+助餐点堂食，社工跟进个案。")
    if "bids" in steps:
        second = _bid(users, call, neighbours, "38000", "邻里互助送餐，志愿者轮班。")
    if "team" in steps:
        team = VolunteerTeam.objects.filter(name="上保社区银龄互助队").first()
        if team is not None:
            services.bid_record_team(user=staff, call=call, volunteer_team=team, team="低龄老人志愿者8名",
                                     approach="银龄志愿者入户排查楼道隐患。", price="12000",
                                     timeline="一个月内完成排查")
    if "past" in steps:
        call = _past(call)
    if "decide" in steps:
        services.bid_decide(user=staff, bid=first, name="shortlist")
        services.bid_decide(user=staff, bid=second, name="decline", reason="缺少食品安全保障方案")
        call = services.call_transition(user=staff, call=call, name="close_shortlist")
    if "select" in steps:
        call = services.call_select(user=staff, call=call, bid_id=first.pk)
    if "publish" in steps:
        services.call_transition(user=staff, call=call, name="publish_result")
    if "fail" in steps:
        services.call_transition(user=staff, call=call, name="fail", reason="揭榜方案均未达到验收标准要求")
    if "withdraw" in steps:
        services.call_transition(user=staff, call=call, name="withdraw", reason="需求已由街道统筹解决")


def load_calls_demo(users) -> None:
    _call(users, "独居老人助餐服务（草稿）", [])
    _call(users, "社区老年食堂运营揭榜", ["post", "bid"])
    _call(users, "楼道适老化改造揭榜", ["post", "bid", "bids", "team", "past"])
    _call(users, "困境儿童课后托管揭榜", ["post", "bid", "bids", "past", "decide"])
    _call(users, "独居老人智能看护揭榜", ["post", "bid", "bids", "past", "decide", "select"])
    _call(users, "社区助餐点运营揭榜", ["post", "bid", "bids", "past", "decide", "select", "publish"])
    _call(users, "社区心理疏导服务揭榜", ["post", "bid", "past", "fail"])
    _call(users, "社区停车管理揭榜", ["post", "withdraw"])
    load_partner_calls_demo(users)


def _partner_call(users, title, *, select):
    member = users["org_member"]
    leling, neighbours = _member(users, LELING), _member(users, NEIGHBOURS)
    if Call.objects.filter(poster_organization=leling, title=title).exists():
        return
    call = services.call_create(user=member, organization=leling, title=title, reward="联合署名及活动物资支持",
                                problem=f"{title}：本中心承接的助老项目需要熟悉社区的志愿团队共同开展入户探访。",
                                budget="0", deadline=timezone.localdate() + dt.timedelta(days=15),
                                criteria=[("每月入户探访", "≥20户次"), ("志愿者持续参与", "≥6个月")])
    call = services.call_transition(user=member, call=call, name="post")
    answer = services.bid_submit(user=member, call=call, organization=neighbours,
                                 approach="组织楼道志愿者结对探访独居老人，每月汇总探访记录。",
                                 team="志愿者12名", timeline="每月第一周")
    if select:
        call = _past(call)
        services.bid_decide(user=member, bid=answer, name="shortlist")
        call = services.call_transition(user=member, call=call, name="close_shortlist")
        services.call_select(user=member, call=call, bid_id=answer.pk)


def load_partner_calls_demo(users) -> None:
    _partner_call(users, "助老入户探访合作伙伴招募", select=False)
    _partner_call(users, "长者生日会志愿合作伙伴招募", select=True)
