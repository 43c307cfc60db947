"""Pledges of a draft list: add, remove, match to a need or a project of the list's community; and the
co-building project a match makes (a ``projects.Project`` with vehicle "co_build", created through the projects
step's services, linked back from the pledge)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from needs.models import Need
from needs.workflow import ACTIVE_STATES, LISTED, NEED_PROCESS
from projects.choices import FocusArea, LinkageMode, Vehicle
from projects.models import Project
from projects.services import PlanData, project_create
from projects.workflow import PROJECT_PROCESS, REJECTED, TERMINATED, WITHDRAWN
from wuse.audit.services import audit_record
from wuse.registry.charity.models import Donor, DonorKind
from wuse.registry.organizations.models import Organization, OrgStatus

from ..errors import CobuildError
from ..models import CobuildList, Pledge, Resource
from ..workflow import DRAFT, PUBLISHED
from .common import amount, locked_list, period, text

ENDED_PROJECT_STATES = (WITHDRAWN, REJECTED, TERMINATED)


@dataclass(frozen=True)
class PledgeData:
    unit: Donor | Organization | None
    resource: str
    description: str
    quantity: Decimal | str | None
    measure: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    value: Decimal | str | None = None
    need: Need | None = None
    project: Project | None = None


def check_unit(cobuild_list: CobuildList, unit) -> None:
    """The pledging unit is registered in the list's community or above it (its street, district, city)."""
    if not isinstance(unit, Donor | Organization):
        raise ValidationError({"unit": _("Choose the co-building unit.")})
    if not cobuild_list.region_id.startswith(unit.region.prefix):
        raise ValidationError({"unit": _("“%(name)s” is not registered for this community: choose a unit of the "
                                         "community, its street or its district.") % {"name": unit.name}})
    if isinstance(unit, Donor) and unit.kind == DonorKind.INDIVIDUAL:
        raise ValidationError({"unit": _("A co-building unit is an enterprise, institution or organization, "
                                         "not an individual.")})
    if isinstance(unit, Organization) and unit.status != OrgStatus.ACTIVE:
        raise ValidationError({"unit": _("“%(name)s” is not active.") % {"name": unit.name}})


def check_match(community: str, need: Need | None, project: Project | None) -> None:
    """A pledge is matched only to open needs and live projects of its list's community."""
    if need is not None:
        if need.community_id != community:
            raise ValidationError({"need": _("“%(title)s” is a need of another community: a pledge is matched only "
                                             "to the needs of its list's community.") % {"title": need.title}})
        if need.status not in ACTIVE_STATES:
            raise ValidationError({"need": _("“%(title)s” is “%(state)s”: choose an open need.")
                                   % {"title": need.title, "state": NEED_PROCESS.label(need.status)}})
    if project is not None:
        if project.region_id != community:
            raise ValidationError({"project": _("“%(title)s” is a project of another unit: a pledge is matched only "
                                                "to the projects of its list's community.")
                                   % {"title": project.title}})
        if project.status in ENDED_PROJECT_STATES:
            raise ValidationError({"project": _("“%(title)s” is “%(state)s”: choose a live project.")
                                   % {"title": project.title, "state": PROJECT_PROCESS.label(project.status)}})


@transaction.atomic
def pledge_add(*, user, cobuild_list: CobuildList, data: PledgeData) -> Pledge:
    locked = locked_list(user, cobuild_list)
    check_unit(locked, data.unit)
    if data.resource not in Resource.values:
        raise ValidationError({"resource": _("Choose the kind of resource.")})
    pledge = Pledge(cobuild_list=locked, region_id=locked.region_id, resource=data.resource,
                    description=text(data.description, "description", limit=200),
                    quantity=amount(data.quantity, "quantity"), measure=text(data.measure, "measure", limit=20),
                    value=amount(data.value, "value", required=False), starts_on=data.starts_on,
                    ends_on=data.ends_on, created_by=user)
    if isinstance(data.unit, Donor):
        pledge.donor = data.unit
    else:
        pledge.organization = data.unit
    period(data.starts_on, data.ends_on, end_field="ends_on")
    check_match(locked.region_id, data.need, data.project)
    pledge.need, pledge.project = data.need, data.project
    if data.starts_on < locked.period_start or data.ends_on > locked.period_end:
        raise ValidationError({"ends_on": _("A pledge's period lies within the list's period (%(period)s).")
                               % {"period": locked.period}})
    pledge.save()
    audit_record(action="cobuild.pledge_add", target=pledge, user=user,
                 changed_fields=["unit", "resource", "description", "quantity", "measure", "value", "period"],
                 detail={"list": locked.pk})
    return pledge


def _locked_pledge(user, pledge: Pledge, *, states=(DRAFT,)) -> Pledge:
    locked_list(user, pledge.cobuild_list, states=states)
    return Pledge.objects.select_for_update(of=("self",)).select_related("cobuild_list").get(pk=pledge.pk)


@transaction.atomic
def pledge_remove(*, user, pledge: Pledge) -> None:
    locked = _locked_pledge(user, pledge)
    if locked.deliveries.exists():
        raise CobuildError(_("Deliveries were recorded against this pledge: it cannot be removed."))
    audit_record(action="cobuild.pledge_remove", target=locked.cobuild_list, user=user, changed_fields=["pledges"],
                 detail={"pledge": locked.pk, "description": locked.description})
    locked.delete()


@transaction.atomic
def pledge_match(*, user, pledge: Pledge, need: Need | None = None, project: Project | None = None) -> Pledge:
    """Match a pledge of a draft list to a need and/or a project of the list's community (None: unmatch)."""
    locked = _locked_pledge(user, pledge)
    check_match(locked.cobuild_list.region_id, need, project)
    locked.need, locked.project = need, project
    locked.save(update_fields=["need", "project"])
    audit_record(action="cobuild.pledge_match", target=locked, user=user, changed_fields=["need", "project"],
                 detail={"need": getattr(need, "pk", None), "project": getattr(project, "pk", None)})
    return locked


@transaction.atomic
def pledge_make_project(*, user, pledge: Pledge) -> Project:
    """Turn a pledge (matched to a need, or not) into a co-building project (策划中) of the list's community; the
    pledge is then matched to it. Allowed while the list is a draft or published."""
    locked = _locked_pledge(user, pledge, states=(DRAFT, PUBLISHED))
    if locked.project_id:
        raise CobuildError(_("This pledge is already matched to a project."))
    locked = Pledge.objects.for_table().get(pk=locked.pk)
    need = locked.need
    title = f"{locked.unit_name}·{locked.description}"[:100]
    plan = PlanData(fields={
        "title": title, "vehicle": Vehicle.CO_BUILD, "focus_area": FocusArea.OTHER,
        "linkage_mode": LinkageMode.SW_ORGS, "background": "", "target_group": "",
        "objectives": _("Co-building: %(unit)s pledges %(quantity)s %(measure)s (%(resource)s).") % {
            "unit": locked.unit_name, "quantity": f"{locked.quantity:,.2f}", "measure": locked.measure,
            "resource": locked.get_resource_display()},
        "risk_plan": "", "period_start": locked.starts_on, "period_end": locked.ends_on, "total_budget": None,
    })
    needs = [need] if need is not None and need.status == LISTED else []
    project = project_create(user=user, region=locked.cobuild_list.region, year=locked.starts_on.year, plan=plan,
                             needs=needs)
    locked.project = project
    locked.save(update_fields=["project"])
    audit_record(action="cobuild.pledge_make_project", target=locked, user=user, changed_fields=["project"],
                 detail={"project": project.pk})
    return project
