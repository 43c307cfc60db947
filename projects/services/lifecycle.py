"""The project's state changes on the kernel, the undertaker, change requests (变更申请) and the districts'
review thresholds. The rules live in ``projects/workflow.py``; these functions supply the data."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.registry.organizations.models import Organization
from wuse.workflow.services import transition_apply

from ..errors import ProjectError
from ..models import ChangeRequest, Project, ReviewThreshold
from ..workflow import CHANGE_PROCESS, CHANGEABLE_STATES, IN_PROGRESS, PROJECT_PROCESS, SUSPENDED, UNDERTAKEN
from .plans import PlanData, _money_error, check_plan


def project_transition(*, user, project: Project, name: str, reason: str = "") -> Project:
    """Fire a transition a page offers (submit, review, publish, start, accept, suspend…)."""
    return transition_apply(process=PROJECT_PROCESS, obj=project, name=name, user=user, reason=reason,
                            manual_only=True)


def _visible_organization(user, organization: Organization | None) -> Organization:
    if organization is None or not access.can(user, "organization.view", organization):
        raise ValidationError({"organization": _("Choose an organization of the registry that you may see.")})
    return organization


def project_undertake(*, user, project: Project, organization: Organization, reason: str = "") -> Project:
    """The organization that undertakes the project (待发布 → 已承接); its members reach the project from now on."""
    _visible_organization(user, organization)
    return transition_apply(process=PROJECT_PROCESS, obj=project, name="undertake", user=user, reason=reason,
                            data={"organization": organization})


@transaction.atomic
def project_change_undertaker(*, user, project: Project, organization: Organization, reason: str) -> Project:
    """Another organization takes the project over; the former one's members lose their reach at once."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not access.can(user, "project.undertake", locked, with_reach=False):
        raise PermissionDenied(_("You may not change the undertaker."))
    if locked.status not in (UNDERTAKEN, IN_PROGRESS, SUSPENDED):
        raise ProjectError(_("The undertaker can be changed only once the project is undertaken."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the undertaker changes.")})
    _visible_organization(user, organization)
    if not organization.is_active:
        raise ValidationError({"organization": _("“%(name)s” is not active and cannot undertake projects.")
                               % {"name": organization}})
    if organization.pk == locked.undertaker_id:
        raise ValidationError({"organization": _("That organization already undertakes the project.")})
    before = locked.undertaker_id
    locked.undertaker = organization
    locked.save(update_fields=["undertaker", *locked.touch()])
    audit_record(action="project.change_undertaker", target=locked, user=user, changed_fields=["undertaker"],
                 detail={"from": before, "to": organization.pk, "reason": reason.strip()[:200]})
    return locked


def project_terminate(*, user, project: Project, reason: str, funds_to_recover: Decimal | None = None) -> Project:
    problem = _money_error(funds_to_recover) if funds_to_recover is not None else None
    if problem:
        raise ValidationError({"funds_to_recover": problem})
    return transition_apply(process=PROJECT_PROCESS, obj=project, name="terminate", user=user, reason=reason,
                            data={"funds_to_recover": funds_to_recover or Decimal("0")}, manual_only=True)


def project_close(*, user, project: Project, reason: str = "") -> Project:
    """已结项: fired by the evaluation step once the project is evaluated (not offered as a button)."""
    return transition_apply(process=PROJECT_PROCESS, obj=project, name="close", user=user, reason=reason)


# --- change requests -----------------------------------------------------------------------------------


@transaction.atomic
def change_request_create(*, user, project: Project, plan: PlanData, reason: str) -> ChangeRequest:
    """Propose a change to an approved plan: the whole plan as it should read, and why."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not access.can(user, "project.change_request", locked):
        raise PermissionDenied(_("You may not request changes to this project."))
    if locked.status not in CHANGEABLE_STATES:
        raise ProjectError(_("The project is “%(state)s”: no change can be requested now.")
                           % {"state": locked.status_label})
    if not reason.strip():
        raise ValidationError({"reason": _("Say what changes and why.")})
    check_plan(plan)
    proposed = plan.as_snapshot()
    current = PlanData.of(locked).as_snapshot()
    if proposed == current:
        raise ValidationError({"__all__": [_("The proposed plan is the same as the current one.")]})
    change = ChangeRequest(project=locked, region_id=locked.region_id, reason=reason.strip()[:2000],
                           proposed=proposed, requested_by=user)
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:
        raise ProjectError(_("A change request for this project is already waiting for the street.")) from None
    audit_record(action="project.change_request", target=locked, user=user, detail={"change_request": change.pk},
                 changed_fields=[n for n in proposed["fields"] if proposed["fields"][n] != current["fields"][n]]
                 + [k for k in ("budget_lines", "activities", "indicators") if proposed[k] != current[k]])
    return change


def change_request_transition(*, user, change: ChangeRequest, name: str, reason: str = "") -> ChangeRequest:
    """The street approves (the plan changes, a new version is frozen) or rejects a change request."""
    return transition_apply(process=CHANGE_PROCESS, obj=change, name=name, user=user, reason=reason,
                            manual_only=True)


# --- review thresholds ------------------------------------------------------------------------------------


@transaction.atomic
def threshold_set(*, user, district, amount: Decimal) -> ReviewThreshold:
    """The district's review threshold: projects with a larger total budget also go to the district."""
    if district.level != Level.DISTRICT:
        raise ValidationError({"district": _("A review threshold is set by a district.")})
    if not access.can(user, "project.set_threshold", district):
        raise PermissionDenied(_("You may not set this district's threshold."))
    problem = _money_error(amount)
    if problem:
        raise ValidationError({"amount": problem})
    threshold, _created = ReviewThreshold.objects.update_or_create(district=district, defaults={"amount": amount})
    audit_record(action="project.set_threshold", target=threshold, user=user, changed_fields=["amount"])
    return threshold
