"""Reads of the rectifications, always through the access layer: the list (scope and filters), a project's
rectifications, the home page's queues, the findings a rectification may be set up from, who may own one."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from evaluation import selectors as evaluation_selectors
from evaluation.models import Evaluation
from projects.models import Participant, Project
from wuse.access import api as access
from wuse.registry.organizations.models import Organization, OrganizationMember

from .models import Rectification
from .workflow import SUBMITTED, TO_DO


def rectifications(user) -> QuerySet:
    """The rectifications the user may see (the table, the owner organization's members)."""
    return access.scoped(user, "rectification.view", Rectification.objects.for_table())


def list_scope(user, region=None) -> access.ScopeParts:
    """Where the list reads for the user (``region``: the authorized ``?region=`` drill-down), for ``keyset_page``."""
    parts = access.scope_parts(user, "rectification.view", Rectification)
    return parts.within(region.prefix) if region is not None else parts


def rectifications_filtered(filters: Q) -> QuerySet:
    """The list's filters on all rectifications, the scope not applied (``list_scope`` says where)."""
    return Rectification.objects.for_table().filter(filters)


def for_project(user, project: Project) -> QuerySet:
    """The project's rectifications the user may see (the project tab)."""
    return rectifications(user).filter(project=project).order_by("-created_at", "-id")


def for_evaluation(user, evaluation: Evaluation) -> QuerySet:
    return rectifications(user).filter(evaluation=evaluation).order_by("-created_at", "-id")


def to_verify(user) -> QuerySet:
    """Submitted rectifications the user may verify (the street's home queue)."""
    return access.scoped(user, "rectification.verify", Rectification.objects.filter(status=SUBMITTED))


def due(user) -> QuerySet:
    """Rectifications waiting for the user's organizations (open or returned: the owner's home queue)."""
    return access.scoped(user, "rectification.submit", Rectification.objects.filter(status__in=TO_DO))


def evidence(rectification: Rectification) -> list:
    return list(rectification.evidence.select_related("uploaded_by").order_by("uploaded_at", "id"))


def visible_findings(user, evaluation: Evaluation) -> list[tuple[str, str]]:
    """(evaluator kind's label, findings) of the parts whose findings the user may read now
    (``evaluation.selectors.visible_kinds``: every part once closed, the district's review once submitted)."""
    assignments = evaluation_selectors.detail_assignments(evaluation)
    kinds = evaluation_selectors.visible_kinds(user, evaluation, assignments)
    return [(a.get_kind_display(), a.findings) for a in assignments if a.kind in kinds and a.findings.strip()]


def owner_candidates(project: Project) -> QuerySet:
    """The organizations that may own a rectification of ``project``: its undertaker and the organizations taking
    part in it."""
    taking_part = Participant.objects.filter(project=project, organization__isnull=False).values("organization_id")
    condition = Q(pk__in=taking_part)
    if project.undertaker_id:
        condition |= Q(pk=project.undertaker_id)
    return Organization.objects.filter(condition).order_by("name", "id")


def owner_user_candidates(project: Project):
    """The members of the candidate organizations (the form lists them; the service checks the pairing)."""
    members = OrganizationMember.objects.filter(organization__in=owner_candidates(project)).values("user_id")
    return get_user_model().objects.filter(pk__in=members, is_active=True).order_by("username")
