"""Demo 民生微实事 (order 68, after the projects' demo): the districts' caps and negative lists; in 上保社区 last
year's round closed with its winner confirmed as a project and this year's round in its vote; in 宝石社区 a round
collecting proposals; in 顾家桥社区 a round with the 民生议事会 deliberating. Every stage of both processes is
there. Idempotent: nothing is written once this year's 上保社区 round exists. The demo's voters are fictitious
numbers (188…); only their blind indexes are stored, as for real voters."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from needs.meetings.services import meeting_create
from wuse.regions.models import Region

from . import services
from .models import Round

XIHU, YUHANG = "330106000000", "330110000000"
SHANGBAO, BAOSHI, GUJIAQIAO = "330106002051", "330106002052", "330110005001"
STAFF = {SHANGBAO: "shangbao_staff", BAOSHI: "baoshi_staff", GUJIAQIAO: "gujiaqiao_staff"}
RULES = (
    ("property", "电梯维修,电梯更换,外墙维修,屋面渗漏,物业保洁,绿化养护",
     "小区共用部位、共用设施的维修养护由物业服务企业或专项维修资金承担，不列入民生微实事。"),
    ("government", "老旧小区改造,加装电梯,雨污分流",
     "已列入政府投资的老旧小区综合改造等项目，不重复安排民生微实事资金。"),
)
# (title, kind, cost, location, description)
IDEAS = {
    "lights": ("楼道声控灯更换", "goods", "8600", "上保新村1-12幢", "老旧楼道灯损坏较多，老人夜间上下楼不便。"),
    "benches": ("小区休闲座椅", "goods", "12000", "中心花园", "花园缺少座椅，老人散步后无处歇脚。"),
    "meals": ("独居老人助餐送餐", "service", "36000", "社区食堂", "为80岁以上独居老人每日送餐上门。"),
    "homework": ("四点半课堂", "service", "28000", "社区活动室", "放学后孩子无人看护，组织志愿者辅导作业。"),
    "ramp": ("无障碍坡道改造", "works", "65000", "社区服务中心门口", "台阶过高，轮椅无法进出。"),
    "sheds": ("电动自行车充电棚", "works", "150000", "3号楼北侧", "飞线充电安全隐患大，居民希望集中充电。"),
    "library": ("社区图书角", "goods", "15000", "党群服务中心", "添置书架和图书，供居民借阅。"),
    "fitness": ("健身器材补充", "goods", "22000", "东门小广场", "现有器材老化，部分已无法使用。"),
}


def _send(store):
    def send(phone, code, title):
        store[phone] = code
    return send


def _round(users, community, year, title, budget=None):
    return services.round_create(user=users[STAFF[community]], region=Region.objects.get(code=community), year=year,
                                 title=title, budget=Decimal(budget) if budget else None)


def _propose(round_, key, n):
    title, kind, cost, location, description = IDEAS[key]
    return services.proposal_submit(round_=round_, kind=kind, title=title, description=description,
                                    estimated_cost=cost, location=location, declared=True, token=f"demo-{key}-{n}")


def _council(users, community, when, decisions):
    return meeting_create(user=users[STAFF[community]], community=Region.objects.get(code=community),
                          kind="council", held_on=when, place="社区党群服务中心议事厅", residents_count=15,
                          minutes="民生议事会逐项审议居民提出的民生微实事项目。", decisions=decisions)


def _to_vote(users, round_, shortlist, decline, when):
    staff = users[STAFF[round_.region_id]]
    round_ = services.round_transition(user=staff, round_=round_, name="deliberate")
    services.round_link_meeting(user=staff, round_=round_,
                                meeting=_council(users, round_.region_id, when, "确定入围项目，提交居民投票。"))
    for p in shortlist:
        services.deliberate(user=staff, proposal=p, shortlist=True)
    for p, reason in decline:
        services.deliberate(user=staff, proposal=p, shortlist=False, reason=reason)
    return services.round_transition(user=staff, round_=Round.objects.get(pk=round_.pk), name="open_vote")


def _votes(round_, counts, first):
    codes: dict[str, str] = {}
    n = first
    for proposal, count in counts:
        for _ in range(count):
            phone = f"188{n:08d}"
            n += 1
            services.request_code(round_=round_, phone=phone, send=_send(codes))
            services.vote_cast(round_=round_, proposal_id=proposal.pk, phone=phone, code=codes[phone])


def load_micro_demo(users) -> None:
    today = timezone.localdate()
    year = today.year
    if Region.objects.filter(code__in=[XIHU, YUHANG, SHANGBAO, BAOSHI, GUJIAQIAO]).count() != 5:
        return
    if Round.objects.filter(region_id=SHANGBAO, year=year).exists():
        return
    for district, reviewer in ((XIHU, "xihu_reviewer"), (YUHANG, "yuhang_reviewer")):
        region = Region.objects.get(code=district)
        for y in (year - 1, year):
            services.caps_set(user=users[reviewer], district=region, year=y, service=Decimal("50000"),
                              goods=Decimal("30000"), works=Decimal("200000"))
        for category, keywords, explanation in RULES:
            services.rule_add(user=users[reviewer], district=region, category=category, keywords=keywords,
                              explanation=explanation)

    # 上保社区, last year: closed, the winner confirmed as a project.
    staff = users[STAFF[SHANGBAO]]
    last = _round(users, SHANGBAO, year - 1, f"上保社区{year - 1}年民生微实事", budget="60000")
    lights, library, fitness = (_propose(last, k, 0) for k in ("lights", "library", "fitness"))
    last = _to_vote(users, last, (lights, library), ((fitness, "器材由体育部门统一配送，建议向街道申请。"),),
                    dt.date(year - 1, 5, 1))
    _votes(last, ((lights, 9), (library, 4)), first=1)
    last = services.round_transition(user=staff, round_=last, name="close_vote")
    services.confirm(user=staff, proposal=lights)

    # 上保社区, this year: voting.
    current = _round(users, SHANGBAO, year, f"上保社区{year}年民生微实事", budget="100000")
    meals, homework, ramp = (_propose(current, k, 1) for k in ("meals", "homework", "ramp"))
    benches = _propose(current, "benches", 1)
    current = _to_vote(users, current, (meals, homework, ramp), ((benches, "已由联建单位认捐，不再重复安排。"),), today)
    _votes(current, ((meals, 6), (homework, 4), (ramp, 2)), first=100)

    # 宝石社区: collecting proposals.
    baoshi = _round(users, BAOSHI, year, f"宝石社区{year}年民生微实事")
    for key in ("library", "sheds"):
        _propose(baoshi, key, 2)

    # 顾家桥社区: the council deliberating, one proposal decided.
    gujia = _round(users, GUJIAQIAO, year, f"顾家桥社区{year}年民生微实事")
    first, _second = _propose(gujia, "fitness", 3), _propose(gujia, "homework", 3)
    gstaff = users[STAFF[GUJIAQIAO]]
    gujia = services.round_transition(user=gstaff, round_=gujia, name="deliberate")
    services.round_link_meeting(user=gstaff, round_=gujia,
                                meeting=_council(users, GUJIAQIAO, today, "逐项审议中。"))
    services.deliberate(user=gstaff, proposal=first, shortlist=True)
