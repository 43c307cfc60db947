"""A demo 民意圆桌会 in 上保社区 where the 老年助餐 need was discussed and a new need was raised."""

import datetime as dt

from django.utils import timezone

from needs.models import Need
from wuse.regions.models import Region
from wuse.registry.societies import Society

from .models import Meeting, MeetingKind
from .services import Representative, meeting_create, meeting_raise_need, need_link

COMMUNITY = "330106002051"


def load_meetings_demo(users) -> None:
    if Meeting.objects.filter(community_id=COMMUNITY).exists():
        return
    staff = users["shangbao_staff"]
    meeting = meeting_create(
        user=staff, community=Region.objects.get(code=COMMUNITY), kind=MeetingKind.ROUNDTABLE,
        held_on=timezone.localdate() - dt.timedelta(days=14), place="上保社区党群服务中心二楼会议室",
        residents_count=23,
        minutes="（演示数据）居民代表围绕老年助餐、楼道照明和停车问题发言，社会组织介绍了助餐服务方案。",
        decisions="1. 老年助餐点纳入本季度需求清单；2. 停车问题提交民生议事会进一步讨论。",
        representatives=[Representative(Society.COMMUNITY, "社区居委会", 3),
                         Representative(Society.SOCIAL_ORG, "西湖区乐龄社工服务中心", 2),
                         Representative(Society.VOLUNTEER, "上保社区志愿服务队", 4)],
    )
    meal = Need.objects.filter(community_id=COMMUNITY, title="希望开设老年助餐点").first()
    if meal:
        need_link(user=staff, meeting=meeting, need=meal, note="12位居民当场附议")
    meeting_raise_need(user=staff, meeting=meeting, title="社区活动室开放时间希望延长到晚上",
                       category_id="culture_sports", note="退休居民提出")
