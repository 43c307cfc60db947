"""Demo volunteers, two teams, service records and a certificate in 上保社区, 宝石社区 and 顾家桥社区.

Runs after the ledger demo (order 45: a 西湖区 points scheme and a 余杭区 time bank), so verifying the
services credits points and hours. The demo account ``volunteer`` is linked to 王秀英 of 上保社区: she
ends with 44 verified hours (so at least 40 points to redeem in the 积分超市) and one certificate.
Entries are recorded by the street officers and verified by the community staff (never by the recorder).
"""

import datetime as dt

from django.utils import timezone

from wuse.privacy import check_character
from wuse.regions.models import Region
from wuse.registry.people.models import Gender, Person
from wuse.registry.people.services import PersonData

from .certificate import certificate_issue
from .local_time import LOCAL_TZ
from .models import EntryStatus, ServiceEntry, Volunteer
from .services import (
    ServiceData,
    entries_record,
    entry_verify,
    team_create,
    team_member_add,
    team_set_leader,
    volunteer_register,
)
from .skills import ensure_default_skills

SHANGBAO, BAOSHI, GUJIAQIAO = "330106002051", "330106002052", "330110005001"

# (key, community, name, gender, born, skills, availability)
VOLUNTEERS = [
    ("S1", SHANGBAO, "王秀英", Gender.FEMALE, dt.date(1958, 3, 12), ["elderly", "haircut"], "weekday"),
    ("S2", SHANGBAO, "李建国", Gender.MALE, dt.date(1955, 7, 2), ["repairs"], "weekday"),
    ("S3", SHANGBAO, "张丽华", Gender.FEMALE, dt.date(1961, 11, 23), ["elderly", "culture"], "anytime"),
    ("S4", SHANGBAO, "陈志明", Gender.MALE, dt.date(1957, 5, 30), ["legal"], "weekday"),
    ("S5", SHANGBAO, "刘芳", Gender.FEMALE, dt.date(1990, 9, 8), ["tutoring", "it"], "weekend"),
    ("S6", SHANGBAO, "赵磊", Gender.MALE, dt.date(1995, 1, 17), ["it"], "evening"),
    ("B1", BAOSHI, "孙梅", Gender.FEMALE, dt.date(1963, 4, 4), ["medical"], "weekday"),
    ("B2", BAOSHI, "周强", Gender.MALE, dt.date(1988, 8, 19), ["cleaning"], "weekend"),
    ("B3", BAOSHI, "吴静", Gender.FEMALE, dt.date(1979, 12, 1), ["psychology"], "evening"),
    ("G1", GUJIAQIAO, "郑浩", Gender.MALE, dt.date(1998, 6, 6), ["it", "tutoring"], "weekend"),
    ("G2", GUJIAQIAO, "冯雪", Gender.FEMALE, dt.date(2000, 2, 14), ["culture"], "weekend"),
    ("G3", GUJIAQIAO, "何军", Gender.MALE, dt.date(1996, 10, 10), ["cleaning", "other"], "anytime"),
]
DEMO_VOLUNTEER = "S1"


def demo_id_number(community: str, born: dt.date, sequence: int, gender: str) -> str:
    """A valid resident ID number (GB 11643 check character) of the community's district."""
    if (sequence % 2 == 1) != (gender == Gender.MALE):  # the 17th digit is odd for men
        sequence += 1
    first17 = f"{community[:6]}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def _day(days_ago: int) -> dt.date:
    return timezone.localdate(timezone.now(), LOCAL_TZ) - dt.timedelta(days=days_ago)


def _span(days_ago: int, start: int, end: int) -> tuple[dt.datetime, dt.datetime]:
    day = _day(days_ago)
    return (dt.datetime.combine(day, dt.time(start), tzinfo=LOCAL_TZ),
            dt.datetime.combine(day, dt.time(end), tzinfo=LOCAL_TZ))


def load_volunteers_demo(users) -> None:
    ensure_default_skills()  # a flushed database (tests) has lost the migration's rows
    if Volunteer.objects.filter(region_id=SHANGBAO).exists():
        return
    regions = {r.code: r for r in Region.objects.filter(code__in=[SHANGBAO, BAOSHI, GUJIAQIAO])}
    staff = {SHANGBAO: users["shangbao_staff"], BAOSHI: users["baoshi_staff"], GUJIAQIAO: users["gujiaqiao_staff"]}
    officer = {SHANGBAO: users["beishan_officer"], BAOSHI: users["beishan_officer"],
               GUJIAQIAO: users["wuchang_officer"]}
    v: dict[str, Volunteer] = {}
    for index, (key, community, name, gender, born, skills, availability) in enumerate(VOLUNTEERS, start=1):
        data = PersonData(name=name, region=regions[community], gender=gender, birth_year=born.year,
                          phone=f"138571{index:05d}", id_number=demo_id_number(community, born, 100 + index, gender))
        v[key] = volunteer_register(user=staff[community], data=data, skills=skills, availability=availability)
    Person.objects.filter(pk=v[DEMO_VOLUNTEER].person_id, user=None).update(user=users["volunteer"])

    silver = team_create(user=staff[SHANGBAO], region=regions[SHANGBAO], name="上保社区银龄互助队",
                         description="（演示数据）低龄老人结对帮扶高龄独居老人：探访、理发、小家电维修。")
    youth = team_create(user=staff[GUJIAQIAO], region=regions[GUJIAQIAO], name="顾家桥青年志愿服务队",
                        description="（演示数据）周末环境清洁、数字技能辅导和文艺活动。")
    for team, keys in ((silver, ["S1", "S2", "S3", "S4"]), (youth, ["G1", "G2", "G3"])):
        for key in keys:
            team_member_add(user=team.created_by, team=team, volunteer=v[key])
        team_set_leader(user=team.created_by, team=team, volunteer=v[keys[0]])

    def record(keys, community, days_ago, start, end, content, organizer, team=None, verify=True):
        started_at, ended_at = _span(days_ago, start, end)
        entries = entries_record(user=officer[community], volunteers=[v[k] for k in keys], data=ServiceData(
            region=regions[community], started_at=started_at, ended_at=ended_at, content=content,
            organizer=organizer, team=team))
        for entry in entries if verify else []:
            entry_verify(user=staff[community], entry=entry)

    for days_ago in (100, 80, 60, 40):
        record(["S1", "S2", "S3", "S4"], SHANGBAO, days_ago, 9, 13, "助老陪伴：探访高龄独居老人", silver.name, silver)
    for days_ago, content in ((95, "为高龄老人上门理发"), (75, "为高龄老人上门理发"), (55, "社区助餐点帮厨"),
                              (35, "为高龄老人上门理发"), (20, "重阳节敬老活动服务"), (12, "为高龄老人上门理发")):
        record(["S1"], SHANGBAO, days_ago, 14, 18, content, "上保社区居委会")
    record(["S1"], BAOSHI, 9, 14, 18, "数字技能：教老人使用智能手机", "宝石社区居委会")
    record(["B1"], BAOSHI, 70, 8, 11, "社区义诊：测血压、血糖", "宝石社区卫生服务站")
    record(["B1"], BAOSHI, 30, 8, 11, "社区义诊：测血压、血糖", "宝石社区卫生服务站")
    record(["B2"], BAOSHI, 45, 15, 17, "环境清洁：楼道杂物清理", "宝石社区居委会")
    record(["B3"], BAOSHI, 15, 19, 21, "心理疏导：家庭关系讲座", "宝石社区居委会")
    for days_ago in (50, 25):
        record(["G1", "G2", "G3"], GUJIAQIAO, days_ago, 9, 12, "周末环境清洁与垃圾分类宣传", youth.name, youth)
    # Awaiting verification: the community staff verify these in the demo.
    record(["S5"], SHANGBAO, 3, 19, 21, "课业辅导：小学生作业辅导", "上保社区居委会", verify=False)
    record(["S6"], SHANGBAO, 2, 19, 21, "数字技能：智能手机使用答疑", "上保社区居委会", verify=False)
    record(["G2"], GUJIAQIAO, 4, 14, 16, "文艺排练：社区合唱团", "顾家桥社区居委会", verify=False)

    # Demo history: the services were verified the day after they took place, so the older ones have
    # been publicised long enough for a certificate.
    for entry in ServiceEntry.objects.filter(status=EntryStatus.VERIFIED, volunteer__in=v.values()):
        ServiceEntry.objects.filter(pk=entry.pk).update(verified_at=entry.started_at + dt.timedelta(days=1))
    certificate_issue(user=staff[SHANGBAO], volunteer=v[DEMO_VOLUNTEER], period_start=_day(120),
                      period_end=_day(1), person_in_charge="林主任", contact="0571-87960000")
