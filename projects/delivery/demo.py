"""Demo delivery records (after the projects' demo, order 59): milestones (one overdue), activities with
volunteer hours (service entries recorded through the volunteers' service, left for the community to verify),
expenses with an approved budget adjustment, reports and an acceptance check, on the demo projects being
delivered or accepted. Idempotent.

The in-progress 长者食堂助餐服务 has a change request waiting for the street: it gets milestones, activities and a
report (its budget lines keep whatever is spent on them through a change: ``projects.plan.replace_rows``). The accepted
邻里互助睦邻节 is history: its records are written as they stood when it was accepted (the services accept
them only while a project is delivered)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projects.demo import AFTER_ACCEPTANCE, STAFF, after_acceptance
from projects.models import Project
from projects.workflow import ACCEPTANCE, ACCEPTED, IN_PROGRESS, UNDERTAKEN
from wuse.core.errors import DomainError
from wuse.registry.volunteers.models import Volunteer

from . import services
from .models import Activity, Expense, Milestone, Report
from .services.records import ActivityData

MEAL, CLASSROOM, NEIGHBOURS = "长者食堂助餐服务", "家庭教育讲堂", "邻里互助睦邻节"


def _on(project: Project, days_ago: int) -> dt.date:
    """``days_ago`` days before today, within the project's period."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    if project.period_start and day < project.period_start:
        day = project.period_start
    return min(day, project.period_end or day)


def _milestones(user, project: Project) -> None:
    today = timezone.localdate()
    end = project.period_end or today + dt.timedelta(days=60)
    done = services.milestone_create(user=user, project=project, title="招募服务对象、建立档案",
                                     due_on=min(_on(project, 30), end), progress=100)
    services.milestone_update(user=user, milestone=done, progress=100, done_on=_on(project, 32))
    services.milestone_create(user=user, project=project, title="完成中期服务与中期报告",
                              due_on=min(_on(project, 5), end), progress=60)  # overdue
    services.milestone_create(user=user, project=project, title="结项与满意度调查",
                              due_on=min(today + dt.timedelta(days=20), end), progress=0)


def _hours(staff, project: Project, days_ago: int):
    volunteers = tuple(Volunteer.objects.filter(region_id=project.region_id, active=True).order_by("pk")[:2])
    data = ActivityData(held_on=_on(project, days_ago), place="社区长者食堂", content="志愿者协助助餐、送餐上门",
                        headcount=36, residents=30, volunteers=volunteers, starts=dt.time(10, 40),
                        ends=dt.time(12, 10))
    try:
        return services.activity_record(user=staff, project=project, data=data)
    except (DomainError, ValidationError, PermissionDenied):  # a demo volunteer already serving then: no hours
        return services.activity_record(user=staff, project=project, data=ActivityData(
            **{**data.__dict__, "volunteers": ()}))


def _meal(users) -> None:
    project = Project.objects.filter(title=MEAL, status__in=(UNDERTAKEN, IN_PROGRESS)).first()
    if project is None or project.milestones.exists():
        return
    member = users["org_member"]
    _milestones(member, project)
    _hours(users["shangbao_staff"], project, 12)
    services.activity_record(user=member, project=project, data=ActivityData(
        held_on=_on(project, 20), place="社区活动室", content="长者健康饮食讲座", headcount=42, residents=40,
        names=""))
    services.report_submit(user=member, project=project, kind="midterm",
                           text_="助餐点运行平稳，日均就餐老人35人；志愿者送餐覆盖12户独居老人。（演示数据）")


def _classroom(users) -> None:
    project = Project.objects.filter(title=CLASSROOM, status__in=(UNDERTAKEN, IN_PROGRESS)).first()
    if project is None or project.expenses.exists():
        return
    member = users["org_member"]
    line = project.budget_lines.order_by("position", "id").first()
    _milestones(member, project)
    services.activity_record(user=member, project=project, data=ActivityData(
        held_on=_on(project, 8), place="宝石社区家长学校", content="亲子沟通讲座", headcount=28, residents=26))
    for days, amount, payee in ((40, "6000.00", "讲师劳务（第一期）"), (10, "6000.00", "讲师劳务（第二期）")):
        services.expense_record(user=member, project=project, data=services.ExpenseData(
            line=line, amount=Decimal(amount), spent_on=_on(project, days), payee=payee, note="演示数据"))
    adjustment = services.adjustment_request(user=member, project=project, line=line, amount=Decimal("1500.00"),
                                             reason="报名家长超出计划，加开一期讲座")
    services.adjustment_transition(user=users["beishan_officer"], adjustment=adjustment, name="approve")
    services.expense_record(user=member, project=project, data=services.ExpenseData(
        line=line, amount=Decimal("1200.00"), spent_on=_on(project, 2), payee="讲师劳务（加开一期）"))


def _neighbours(users) -> None:
    """An accepted project's records as they stood at acceptance (history: written directly)."""
    project = Project.objects.filter(title=NEIGHBOURS, status=ACCEPTED).first()
    if project is None or Activity.objects.filter(project=project).exists():
        return
    member = users["org_member"]
    Milestone.objects.create(project=project, title="睦邻节活动举办", due_on=_on(project, 40), progress=100,
                             done_on=_on(project, 41), created_by=member)
    Activity.objects.create(project=project, community_id=project.region_id, held_on=_on(project, 41),
                            place="上保社区广场", content="邻里互助睦邻节：百家宴与邻里集市", headcount=180,
                            residents=160, recorded_by=member)
    line = project.budget_lines.order_by("position", "id").first()
    Expense.objects.create(project=project, line=line, amount=min(line.amount, Decimal("8600.00")),
                           spent_on=_on(project, 41), payee="活动物资与场地布置", recorded_by=member)
    Report.objects.create(project=project, kind="final", submitted_by=member,
                          text="睦邻节参与居民160人，邻里互助小组新增3个。（演示数据）")


def _accept(users) -> None:
    """The demo projects meant to be accepted (``projects.demo.AFTER_ACCEPTANCE``): the checklist, in full, by
    their community's staff; then they walk on (awaiting evaluation, closed)."""
    for project in Project.objects.filter(title__in=AFTER_ACCEPTANCE, status=ACCEPTANCE).select_related("region"):
        services.acceptance_record(user=users[STAFF[project.region_id]], project=project, accept=True,
                                   items={code: True for code, _label in services.CHECKLIST},
                                   comments="资料齐全，服务记录完整，同意验收。")
    after_acceptance(users)


def load_delivery_demo(users) -> None:
    _meal(users)
    _classroom(users)
    _accept(users)
    _neighbours(users)
