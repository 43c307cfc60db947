"""Builders shared by the projects tests: listed needs, a plan, a project ready to submit."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from needs.services import need_create, need_transition
from projects import services
from projects.models import Project
from projects.services import PlanData
from wuse.access import api as access
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization, OrganizationMember, ServiceArea

YEAR = 2026


def listed_need(staff, community: str, title: str = "老年助餐"):
    need = need_create(user=staff, community=Region.objects.get(code=community), title=title,
                       description="居民反映")
    need = need_transition(user=staff, need=need, name="verify")
    return need_transition(user=staff, need=need, name="list")


def plan(total="12000.00", lines=(("personnel", "public", "8000.00"), ("activities", "charity", "4000.00")),
         **fields) -> PlanData:
    base = {"title": "老年助餐服务", "vehicle": "direct", "focus_area": "elderly_children", "background": "",
            "target_group": "独居老人", "planned_headcount": 40, "objectives": "一年内为40位老人每周提供5次助餐",
            "linkage_mode": "sw_volunteers", "risk_plan": "食品安全：由持证餐饮企业供餐",
            "period_start": dt.date(YEAR, 3, 1), "period_end": dt.date(YEAR, 12, 31),
            "total_budget": None if total is None else Decimal(total)}
    base.update(fields)
    return PlanData(
        fields=base,
        lines=[{"kind": k, "funding_source": s, "amount": Decimal(a), "note": ""} for k, s, a in lines],
        activities=[{"title": "助餐点开张", "starts_on": dt.date(YEAR, 3, 15), "ends_on": None, "place": "活动室",
                     "description": ""}],
        indicators=[{"kind": "output", "name": "服务人数", "target_value": Decimal("40"), "unit": "人"}])


def new_project(staff, community: str, *, needs=(), **plan_fields) -> Project:
    return services.project_create(user=staff, region=Region.objects.get(code=community), year=YEAR,
                                   plan=plan(**plan_fields), needs=list(needs))


def co_design(staff, project, kind="comments", headcount=12):
    return services.codesign_add(user=staff, project=project, kind=kind,
                                 held_on=timezone.localdate() - dt.timedelta(days=3), headcount=headcount,
                                 summary="居民意见征集")


def ready_project(staff, community: str, title="老年助餐", **plan_fields) -> Project:
    """A draft with a listed need and a co-design record: it may be submitted."""
    project = new_project(staff, community, needs=[listed_need(staff, community, title)], **plan_fields)
    co_design(staff, project)
    return Project.objects.get(pk=project.pk)


def organization(name: str, region: str, *, member=None, credit_suffix: int = 1) -> Organization:
    org = Organization.objects.create(name=name, kind="sw_agency", region_id=region,
                                      filing_number=f"备字{credit_suffix:04d}")
    ServiceArea.objects.create(organization=org, region_id=region)  # it serves its own unit and all below
    if member is not None:
        OrganizationMember.objects.create(organization=org, user=member)
        access.forget(member)  # a new request would read the member's organizations afresh
    return org


def fire(user, project, *names, reason="理由"):
    for name in names:
        project = services.project_transition(user=user, project=project, name=name, reason=reason)
    return project


def checklist_done(project, user, *, complete: bool = True):
    """The delivery's acceptance checklist of ``project``, every item holding (or, ``complete=False``, one not)."""
    from projects.delivery.models import Acceptance
    from projects.delivery.services import CHECKLIST

    items = {code: complete or n > 0 for n, (code, _label) in enumerate(CHECKLIST)}
    Acceptance.objects.update_or_create(project=project, defaults={"items": items, "recorded_by": user})
