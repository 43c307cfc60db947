"""A demo 需求调研 of 北山街道: open, answered on paper and through the public link; one written answer
backs the 老年助餐 need of the needs demo, another became a need of its own."""

import datetime as dt

from django.utils import timezone

from needs.models import Need, NeedCategory
from wuse.regions.models import Region

from . import services
from .models import Answer, Campaign

STREET, SHANGBAO, BAOSHI = "330106002000", "330106002051", "330106002052"
TITLE = "2026年北山街道居民需求调研（演示）"
QUESTIONS = [
    {"kind": "single", "text": "您家里最需要社区提供哪项服务？",
     "choices": ["老年助餐", "四点半课堂", "文体活动", "家政维修", "心理疏导"]},
    {"kind": "multiple", "text": "您方便参加活动的时间", "choices": ["工作日白天", "工作日晚上", "周末"],
     "required": False},
    {"kind": "scale", "text": "您对本社区服务的总体满意度", "scale_min": 1, "scale_max": 5,
     "scale_min_label": "很不满意", "scale_max_label": "非常满意"},
    {"kind": "text", "text": "您还有哪些具体需求或建议？", "required": False},
]
ANSWERS = [  # (unit, single, multiple, scale, text, entered by staff)
    (SHANGBAO, "老年助餐", ["工作日白天"], 4, "小区老人多，希望在活动室附近开一个助餐点", True),
    (SHANGBAO, "老年助餐", ["工作日白天", "周末"], 3, "", True),
    (SHANGBAO, "四点半课堂", ["工作日晚上"], 4, "孩子放学后没人照看，希望有四点半课堂", False),
    (SHANGBAO, "文体活动", ["周末"], 5, "", False),
    (BAOSHI, "家政维修", ["周末"], 2, "老旧小区水管经常漏水，希望有便民维修", True),
    (BAOSHI, "老年助餐", ["工作日白天"], 3, "", False),
    (BAOSHI, "心理疏导", ["工作日晚上", "周末"], 4, "", False),
    (STREET, "四点半课堂", ["工作日晚上"], 4, "希望周末也有亲子活动", False),
]


def load_surveys_demo(users) -> None:
    if Campaign.objects.filter(region_id=STREET, title=TITLE).exists():
        return
    officer = users["beishan_officer"]
    today = timezone.localdate()
    campaign = services.campaign_create(
        user=officer, region=Region.objects.get(code=STREET), title=TITLE, starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=23),
        description="（演示数据）为编制下一季度社区需求清单，街道开展本次调研。问卷匿名填写，约需2分钟。")
    for question in QUESTIONS:
        services.question_add(user=officer, campaign=campaign, **question)
    campaign = services.campaign_transition(user=officer, campaign=campaign, name="open")
    q1, q2, q3, q4 = campaign.questions.order_by("position").values_list("pk", flat=True)
    staff = {SHANGBAO: users["shangbao_staff"], BAOSHI: users["baoshi_staff"]}
    first = None
    for unit, single, multiple, scale, text, by_staff in ANSWERS:
        response = services.response_submit(
            campaign=campaign, answers={q1: single, q2: multiple, q3: scale, q4: text},
            channel="staff" if by_staff else "public", user=staff[unit] if by_staff else None,
            region=Region.objects.get(code=unit))
        first = first or response
    written = first.answers.get(question_id=q4)
    meal = Need.objects.filter(community_id=SHANGBAO, title="希望开设老年助餐点").first()  # from the needs demo
    if meal is not None:
        services.answer_add_support(user=staff[SHANGBAO], answer=written, need=meal)
    else:
        services.answer_to_need(user=staff[SHANGBAO], answer=written, community=Region.objects.get(code=SHANGBAO),
                                title="希望在活动室附近开设老年助餐点",
                                category=NeedCategory.objects.get(code="elderly_children"))
    four_thirty = Answer.objects.get(response__campaign=campaign, question_id=q4, value=ANSWERS[2][4])
    services.answer_to_need(user=staff[SHANGBAO], answer=four_thirty, community=Region.objects.get(code=SHANGBAO),
                            title="希望开设四点半课堂", category=NeedCategory.objects.get(code="elderly_children"))
