"""Demo projects in 西湖区 (上保社区, 宝石社区, 北山街道 across its communities) and 余杭区 (顾家桥社区), in every
state of the lifecycle: drafts (one still without co-design, so the page shows why it cannot be submitted),
waiting for the street and for the district (above 西湖区's threshold), returned, not approved, withdrawn,
approved with an approved change (two plan versions) and a change waiting for the street, undertaken by the
demo organization member's 乐龄 (so "my projects" shows it), in progress, suspended, terminated, awaiting
acceptance, accepted, awaiting evaluation and closed. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from needs.meetings.models import Meeting
from needs.models import Need
from needs.services import need_create, need_transition
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization
from wuse.registry.volunteers.models import VolunteerTeam

from . import services
from .models import Project
from .services import PlanData
from .workflow import ACCEPTED, CLOSED

XIHU, BEISHAN, SHANGBAO, BAOSHI = "330106000000", "330106002000", "330106002051", "330106002052"
WUCHANG, GUJIAQIAO = "330110005000", "330110005001"
FIRST_TITLE = "长者食堂助餐服务"
STAFF = {SHANGBAO: "shangbao_staff", BAOSHI: "baoshi_staff", GUJIAQIAO: "gujiaqiao_staff", BEISHAN: "beishan_officer"}
OFFICER = {SHANGBAO: "beishan_officer", BAOSHI: "beishan_officer", BEISHAN: "beishan_officer",
           GUJIAQIAO: "wuchang_officer"}
REVIEWER = {SHANGBAO: "xihu_reviewer", BAOSHI: "xihu_reviewer", BEISHAN: "xihu_reviewer",
            GUJIAQIAO: "yuhang_reviewer"}

# (unit, title, focus area, linkage mode, vehicle, budget lines, existing needs or new ones (community, title),
#  co-design, the path through the lifecycle)
PROJECTS = [
    (SHANGBAO, FIRST_TITLE, "elderly_children", "sw_volunteers", "direct",
     [("personnel", "public", "36000"), ("materials", "charity", "20000"), ("activities", "self", "4000")],
     ["希望开设老年助餐点"], "meeting", ["submit", "approve_street", "publish", "undertake:leling", "start", "change",
                                       "change_pending"]),
    (SHANGBAO, "楼道照明微改造", "renewal", "sw_residents", "micro",
     [("materials", "public", "8000")], ["楼道灯损坏，老人夜间出行不便"], None, []),
    (BAOSHI, "四点半课堂", "elderly_children", "sw_volunteers", "venture",
     [("personnel", "venture", "18000"), ("activities", "venture", "6000")], ["儿童放学后无人看护"], "comments",
     ["submit"]),
    (BEISHAN, "北山街道困境家庭帮扶计划", "disabled_hardship", "sw_orgs", "venture",
     [("personnel", "venture", "90000"), ("materials", "charity", "50000"), ("management", "venture", "10000")],
     [(SHANGBAO, "困境家庭子女课业辅导"), (BAOSHI, "困境家庭临时救助需求")], "sign_off", ["submit", "approve_street"]),
    (GUJIAQIAO, "加装电梯居民协商议事", "renewal", "sw_residents", "co_build",
     [("personnel", "public", "12000"), ("activities", "co_build", "8000")], ["电梯故障频繁，希望加装或更换"],
     "comments", ["submit", "approve_street", "publish", "undertake:zhongyi", "start", "submit_acceptance"]),
    (GUJIAQIAO, "残疾人家庭无障碍改造", "disabled_hardship", "sw_orgs", "direct",
     [("materials", "public", "30000")], ["残疾人家庭希望无障碍改造"], "comments", ["submit", "return_street"]),
    (BAOSHI, "社区文体活动场地共享", "other", "sw_residents", "micro",
     [("activities", "self", "5000")], [(BAOSHI, "社区文体活动场地不足")], "comments", ["submit", "reject_street"]),
    (SHANGBAO, "垃圾分类宣传周", "other", "sw_volunteers", "direct",
     [("activities", "public", "3000")], [(SHANGBAO, "垃圾分类知识普及")], "comments", ["withdraw"]),
    (GUJIAQIAO, "青少年暑期托管", "elderly_children", "sw_volunteers", "venture",
     [("personnel", "venture", "15000")], [(GUJIAQIAO, "暑期青少年无人照看")], "comments",
     ["submit", "approve_street", "publish", "undertake:zhongyi", "start", "suspend"]),
    (BAOSHI, "老旧小区停车协商", "property_trilateral", "sw_residents", "direct",
     [("activities", "public", "6000")], [(BAOSHI, "小区停车秩序混乱")], "comments",
     ["submit", "approve_street", "terminate"]),
    (SHANGBAO, "邻里互助睦邻节", "other", "sw_orgs", "co_build",
     [("activities", "co_build", "9000")], [(SHANGBAO, "邻里关系淡漠，希望多办活动")], "comments",
     ["submit", "approve_street", "publish", "undertake:leling", "start", "submit_acceptance"]),
    (BAOSHI, "儿童阅读角", "elderly_children", "sw_volunteers", "co_build",
     [("materials", "charity", "6000")], [(BAOSHI, "儿童课外阅读资源缺乏")], "comments", ["submit", "approve_street"]),
    (GUJIAQIAO, "社区助老理发", "elderly_children", "sw_volunteers", "open_call",
     [("activities", "public", "4000")], [(GUJIAQIAO, "高龄老人理发不便")], "comments",
     ["submit", "approve_street", "publish"]),
    (BAOSHI, "家庭教育讲堂", "elderly_children", "sw_orgs", "venture",
     [("personnel", "venture", "12000")], [(BAOSHI, "家长希望学习家庭教育方法")], "comments",
     ["submit", "approve_street", "publish", "undertake:leling"]),
    (GUJIAQIAO, "助残康复训练", "disabled_hardship", "sw_orgs", "direct",
     [("personnel", "public", "20000")], [(GUJIAQIAO, "残疾人康复训练缺少场地和指导")], "comments",
     ["submit", "approve_street", "publish", "undertake:zhongyi", "start", "submit_acceptance"]),
    (SHANGBAO, "社区心理关爱小组", "disabled_hardship", "sw_orgs", "direct",
     [("personnel", "public", "16000")], [(SHANGBAO, "独居老人心理疏导")], "comments",
     ["submit", "approve_street", "publish", "undertake:leling", "start", "submit_acceptance"]),
    # Evaluated in the evaluation's demo: a final evaluation closed at 优秀, a mid-term one at 良好.
    (SHANGBAO, "社区健康义诊", "other", "sw_volunteers", "direct",
     [("activities", "public", "5000")], [(SHANGBAO, "老人希望定期在家门口量血压、做体检")], "comments",
     ["submit", "approve_street", "publish", "undertake:leling", "start", "submit_acceptance"]),
    (BAOSHI, "社区老年大学兴趣班", "elderly_children", "sw_volunteers", "direct",
     [("personnel", "public", "8000"), ("activities", "self", "2000")],
     [(BAOSHI, "老人希望就近参加书法、合唱等兴趣课程")], "comments",
     ["submit", "approve_street", "publish", "undertake:leling", "start"]),
]
# Accepted only with the acceptance checklist, which the delivery's demo records; then these walk on
# (``after_acceptance``, called by that demo): awaiting evaluation, closed — and the closed one copied.
AFTER_ACCEPTANCE = {"加装电梯居民协商议事": ["await_evaluation"], "邻里互助睦邻节": [],
                    "社区健康义诊": ["await_evaluation"], "社区心理关爱小组": ["await_evaluation", "close"]}
COPIED = "社区心理关爱小组"

ORGS = {"leling": "西湖区乐龄社会工作服务中心", "zhongyi": "余杭区众益社会工作服务中心"}
REASONS = {"return_street": "请补充服务对象的具体名单来源和经费测算依据",
           "reject_street": "与已有文体项目重复，建议并入社区文体计划",
           "withdraw": "与街道统一开展的宣传活动合并", "suspend": "承接机构人员变动，暂停一个月重新配备社工",
           "terminate": "小区物业更换，原方案不再适用", "close": "评估完成，结项"}


def _day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _plan(title, focus, linkage, vehicle, lines, year: int) -> PlanData:
    total = sum((Decimal(a) for _k, _s, a in lines), Decimal("0"))
    return PlanData(
        fields={"title": title, "vehicle": vehicle, "focus_area": focus, "background": "",
                "target_group": "社区居民（演示数据）", "planned_headcount": 60,
                "objectives": f"{year}年内完成{title}，服务居民不少于60人次，满意度不低于90%。",
                "linkage_mode": linkage, "risk_plan": "安全预案、应急联系人和备选场地（演示数据）",
                "period_start": _day(year, 1, 1), "period_end": _day(year, 12, 31), "total_budget": total},
        lines=[{"kind": k, "funding_source": s, "amount": Decimal(a), "note": ""} for k, s, a in lines],
        activities=[{"title": "启动会", "starts_on": _day(year, 3, 1), "ends_on": None, "place": "社区活动室",
                     "description": "居民代表、社工和志愿者参加"},
                    {"title": "服务开展", "starts_on": _day(year, 4, 1), "ends_on": _day(year, 11, 30),
                     "place": "社区", "description": ""}],
        indicators=[{"kind": "output", "name": "服务人次", "target_value": Decimal("60"), "unit": "人次"},
                    {"kind": "outcome", "name": "居民满意度", "target_value": Decimal("90"), "unit": "%"}])


def _needs(users, unit: str, wanted) -> list[Need]:
    found = []
    for item in wanted:
        if isinstance(item, str):
            need = Need.objects.filter(title=item, status="listed").first()
        else:
            community, title = item
            staff = users[STAFF[community]]
            need = need_create(user=staff, community=Region.objects.get(code=community), title=title,
                               description="（演示数据）居民在走访中反映。", category_id="other")
            need = need_transition(user=staff, need=need, name="verify")
            need = need_transition(user=staff, need=need, name="list")
        if need is not None:
            found.append(need)
    return found


def _co_design(users, project, unit: str, kind: str | None) -> None:
    if kind is None:
        return
    staff = users[STAFF[unit]]
    meeting = Meeting.objects.filter(community_id=SHANGBAO).order_by("held_on").first() if kind == "meeting" else None
    if kind == "meeting" and (meeting is None or not meeting.has_taken_place):
        kind = "comments"
    services.codesign_add(user=staff, project=project, kind=kind, meeting=meeting,
                          held_on=timezone.localdate() - dt.timedelta(days=10),
                          headcount=86 if kind == "sign_off" else 18,
                          summary="居民对服务时间和内容提出意见，方案已据此调整。")


def _participants(users, project, unit: str) -> None:
    staff = users[STAFF[unit]]
    for name in ("西湖区乐龄社会工作服务中心", "余杭区众益社会工作服务中心"):
        organization = Organization.objects.filter(name=name).first()
        if organization is not None and (name.startswith("西湖") == (unit != GUJIAQIAO)):
            services.participant_add(user=staff, project=project, kind="organization", party=organization,
                                     role="专业社工服务")
    team = VolunteerTeam.objects.filter(region_id=unit).first()
    if team is not None:
        services.participant_add(user=staff, project=project, kind="volunteer_team", party=team, role="志愿服务")


def _change(users, project, unit: str, *, pending: bool) -> None:
    plan = PlanData.of(project)
    lines = [dict(line) for line in plan.lines]
    lines[0]["amount"] += Decimal("2000") if not pending else Decimal("0")
    lines.append({"kind": "other", "funding_source": "charity", "amount": Decimal("3000"), "note": "餐具消毒设备"})
    total = sum((line["amount"] for line in lines), Decimal("0"))
    change = services.change_request_create(
        user=users[STAFF[unit]], project=project, plan=PlanData({**plan.fields, "total_budget": total}, lines,
                                                                plan.activities, plan.indicators),
        reason="新增餐具消毒设备；用餐老人增加，人员经费相应调整。" if not pending else "新增餐具消毒设备。")
    if not pending:
        services.change_request_transition(user=users[OFFICER[unit]], change=change, name="approve",
                                           reason="同意调整")


def _walk(users, project, unit: str, path) -> Project:
    for step in path:
        project = Project.objects.get(pk=project.pk)
        if step.startswith("undertake:"):
            organization = Organization.objects.get(name=ORGS[step.split(":")[1]])
            services.project_undertake(user=users[OFFICER[unit]], project=project, organization=organization)
        elif step in ("change", "change_pending"):
            _change(users, project, unit, pending=step == "change_pending")
        elif step == "close":
            services.project_close(user=users[OFFICER[unit]], project=project, reason=REASONS["close"])
        else:
            actor = {"submit": STAFF, "withdraw": STAFF, "publish": STAFF, "start": STAFF,
                     "submit_acceptance": STAFF, "accept": STAFF, "await_evaluation": STAFF}.get(step, OFFICER)
            services.project_transition(user=users[actor[unit]], project=project, name=step,
                                        reason=REASONS.get(step, ""))
    return Project.objects.get(pk=project.pk)


def load_projects_demo(users) -> None:
    if Project.objects.filter(title=FIRST_TITLE).exists():
        return
    year = timezone.localdate().year
    services.threshold_set(user=users["xihu_reviewer"], district=Region.objects.get(code=XIHU),
                           amount=Decimal("100000"))
    for unit, title, focus, linkage, vehicle, lines, wanted, codesign, path in PROJECTS:
        project = services.project_create(user=users[STAFF[unit]], region=Region.objects.get(code=unit), year=year,
                                          plan=_plan(title, focus, linkage, vehicle, lines, year),
                                          needs=_needs(users, unit, wanted))
        _co_design(users, project, unit, codesign)
        _participants(users, project, unit)
        _walk(users, project, unit, path)


def after_acceptance(users) -> None:
    """The accepted demo projects' further steps (``AFTER_ACCEPTANCE``), and the closed one copied as next year's
    draft. Idempotent: a project walks on only from 已验收 (accepted)."""
    for title, path in AFTER_ACCEPTANCE.items():
        project = Project.objects.filter(title=title, status=ACCEPTED).first()
        if project is not None:
            _walk(users, project, project.region_id, path)
    closed = Project.objects.filter(title=COPIED, status=CLOSED).first()
    if closed is not None and not Project.objects.filter(copied_from=closed).exists():
        services.project_copy_next_year(user=users["shangbao_staff"], project=closed)


def demo_allocation_target():
    """The project the charity demo commits part of a fund's gift to (``register_target(…, demo=…)``)."""
    return Project.objects.filter(region_id=SHANGBAO, title=FIRST_TITLE).first()
