"""Demo needs for Hangzhou: varied categories, channels and states, proposers with (fake, valid)
contact data, supporters, a merged duplicate, and a published needs list for two communities."""

import datetime as dt

from django.utils import timezone

from wuse.regions.models import Region

from .categories import ensure_default_categories
from .models import Need, NeedCategory, NeedsList
from .services import (
    Proposer,
    Sensitive,
    need_create,
    need_merge,
    need_support_add,
    need_transition,
    needs_list_create,
    needs_list_transition,
)


def _id_number(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


# (community, staff username, title, category, channel, urgency, location, proposer, path of transitions)
NEEDS = [
    ("330106002051", "shangbao_staff", "楼道灯损坏，老人夜间出行不便", "safety", "visit", "high", "3幢2单元",
     ("王阿姨", "13905710001"), ["verify", "list"]),
    ("330106002051", "shangbao_staff", "希望开设老年助餐点", "elderly_children", "roundtable", "normal",
     "社区服务中心", ("李大伯", "13905710002"), ["verify", "list"]),
    ("330106002051", "shangbao_staff", "小区停车难，晚上车位不够", "property_trilateral", "council", "normal",
     "北门停车场", None, ["verify"]),
    ("330106002051", "shangbao_staff", "广场舞噪音扰民", "culture_sports", "hotline", "low", "中心广场",
     ("赵女士", "0571-87650003"), ["reject"]),
    ("330106002051", "shangbao_staff", "独居老人需要定期探访", "elderly_children", "visit", "urgent", "5幢",
     ("孙大爷", "13905710004"), []),
    ("330106002052", "baoshi_staff", "儿童放学后无人看护", "elderly_children", "survey", "high", "",
     ("周女士", "13905710005"), ["verify", "list"]),
    ("330106002052", "baoshi_staff", "垃圾分类点异味严重", "sanitation", "online", "normal", "7幢东侧",
     None, ["verify", "resolve"]),
    ("330110005001", "gujiaqiao_staff", "电梯故障频繁，希望加装或更换", "community_renewal", "council", "high",
     "12幢", ("吴先生", "13905710006"), ["verify", "list"]),
    ("330110005001", "gujiaqiao_staff", "绿化带需修剪", "sanitation", "visit", "low", "南门", None,
     ["verify", "refer"]),
    ("330110005001", "gujiaqiao_staff", "残疾人家庭希望无障碍改造", "disabled_hardship", "visit", "high", "3幢",
     ("郑先生", "13905710007"), ["verify", "list"]),
]


def load_needs_demo(users) -> None:
    ensure_default_categories()
    if Need.objects.filter(title=NEEDS[0][2]).exists():
        return  # already loaded
    categories = {c.code: c for c in NeedCategory.objects.all()}
    created = {}
    for i, (code, username, title, category, channel, urgency, location, proposer, path) in enumerate(NEEDS):
        staff = users[username]
        person = Proposer(name=proposer[0], phone=proposer[1], id_number=_id_number(f"3301061960010{i:03d}1")
                          ) if proposer else Proposer(anonymous=True)
        sensitive = (Sensitive(kind="disability", notes="家中有一名肢体二级残疾人，需要坡道和扶手。",
                               basis="consent", basis_note="同意书 2026-001")
                     if category == "disabled_hardship" else None)
        need = need_create(user=staff, community=Region.objects.get(code=code), title=title,
                           description="（演示数据）居民反映的问题，社区工作者已登记。",
                           category=categories[category], channel=channel, urgency=urgency, location=location,
                           affected_group="", proposer=person, sensitive=sensitive)
        reasons = {"reject": "属于个人噪音纠纷，已建议由物业和民警协调", "resolve": "已联系保洁公司每日清洗",
                   "refer": "转区园林部门处理"}
        for name in path:
            need = need_transition(user=staff, need=need, name=name, reason=reasons.get(name, ""))
        created[title] = need
    shangbao = users["shangbao_staff"]
    need_support_add(user=shangbao, need=created["希望开设老年助餐点"], residents=12, names="",
                     note="民意圆桌会上12位居民附议")
    dup = need_create(user=shangbao, community=Region.objects.get(code="330106002051"), title="老年食堂什么时候能开",
                      channel="online", proposer=Proposer(anonymous=True))
    need_merge(user=shangbao, need=dup, into=created["希望开设老年助餐点"])
    # Demo history: one need registered three weeks ago is still unanswered past its answer-by date (overdue).
    Need.objects.filter(pk=created["独居老人需要定期探访"].pk).update(
        created_at=timezone.now() - dt.timedelta(days=21),
        response_deadline=timezone.localdate() - dt.timedelta(days=7))
    _publish_lists(users)


def _publish_lists(users) -> None:
    today = timezone.localdate()
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    label = f"{today.year}年第{(today.month - 1) // 3 + 1}季度"
    for code, staff, officer in (("330106002051", "shangbao_staff", "beishan_officer"),
                                 ("330110005001", "gujiaqiao_staff", "wuchang_officer"),
                                 ("330106002052", "baoshi_staff", None)):
        if NeedsList.objects.filter(community_id=code, period_label=label).exists():
            continue
        needs_list = needs_list_create(user=users[staff], community=Region.objects.get(code=code),
                                       period_label=label, period_start=quarter_start,
                                       period_end=quarter_start + dt.timedelta(days=89),
                                       objection_place="社区党群服务中心一楼服务台", objection_contact="社区居委会",
                                       objection_phone="0571-87000000")
        needs_list = needs_list_transition(user=users[staff], needs_list=needs_list, name="submit")
        if officer:  # 宝石社区's list waits for 北山街道's review
            needs_list_transition(user=users[officer], needs_list=needs_list, name="approve")


def demo_allocation_target():
    """The need the charity demo commits part of a fund's gift to (``register_target(…, demo=…)``)."""
    return Need.objects.filter(community_id="330106002051", title="希望开设老年助餐点").first()
