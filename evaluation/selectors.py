"""Reads of the evaluation step, always through the access layer. Whose scores a user may see is decided here,
once: the pages, exports and the PDF scorecard of the next session read ``visible_kinds`` / ``scorecard``."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from wuse.access import api as access
from wuse.accounts.models import Membership
from wuse.accounts.roles import Role
from wuse.registry.organizations.models import OrganizationMember

from .choices import EvaluatorKind
from .models import Assignment, Evaluation, Score
from .results import Card, cards_of
from .workflow import CLOSED, SCORING_STATES, SUBMITTED


def evaluations(user) -> QuerySet:
    """The evaluations the user may see (the table, the third party's grants, the undertaker's reach)."""
    return access.scoped(user, "evaluation.view", Evaluation.objects.for_table())


def waiting_for_me(user) -> QuerySet:
    """The user's own parts still to score and submit ("waiting for me")."""
    return (Assignment.objects.filter(user=user, submitted_at=None, evaluation__status__in=SCORING_STATES)
            .select_related("evaluation__project", "evaluation__region").order_by("assigned_at", "id"))


def visible_kinds(user, evaluation: Evaluation, assignments=None) -> set[str]:
    """The parts whose scores and findings ``user`` may read now (the caller has fetched the evaluation through
    ``access.get_for_user``):

    - their own part, always;
    - every part once the evaluation is closed;
    - every part once it is submitted, for whoever may close it (the district reviews before closing) and is
      not an evaluator of it;
    - the self-assessment, for the undertaking organization's members.

    Until the close, an evaluator never sees another evaluator's scores."""
    assignments = list(evaluation.assignments.all()) if assignments is None else assignments
    kinds = {a.kind for a in assignments}
    own = {a.kind for a in assignments if a.user_id == user.pk}
    if evaluation.status == CLOSED and access.can(user, "evaluation.view", evaluation):
        return kinds
    if evaluation.status == SUBMITTED and not own and access.can(user, "evaluation.close", evaluation):
        return kinds
    if EvaluatorKind.SELF in kinds and evaluation.project.undertaker_id and OrganizationMember.objects.filter(
            user=user, organization_id=evaluation.project.undertaker_id).exists():
        own.add(EvaluatorKind.SELF)
    return own


def visible_scores(user, evaluation: Evaluation) -> QuerySet:
    """The score rows ``user`` may read on ``evaluation``."""
    return (Score.objects.filter(assignment__evaluation=evaluation,
                                 assignment__kind__in=sorted(visible_kinds(user, evaluation)))
            .select_related("assignment", "indicator"))


def scorecard(user, evaluation: Evaluation, assignments=None) -> dict[str, Card]:
    """Per visible part, its scorecard (dimensions, total), in a fixed number of queries (``assignments``: the
    evaluation's, already read with their scores prefetched)."""
    if assignments is None:
        assignments = list(evaluation.assignments.prefetch_related("scores").order_by("kind"))
    kinds = visible_kinds(user, evaluation, assignments)
    return cards_of(evaluation, [a for a in assignments if a.kind in kinds])


# --- the pages' reads -----------------------------------------------------------------------------------------


def list_scope(user, region=None) -> access.ScopeParts:
    """Where the list reads for the user (``region``: the authorized ``?region=`` drill-down), for ``keyset_page``."""
    parts = access.scope_parts(user, "evaluation.view", Evaluation)
    return parts.within(region.prefix) if region is not None else parts


def evaluations_filtered(filters: dict) -> QuerySet:
    """The list's filters (stage, state) on all evaluations, the scope not applied (``list_scope`` says where)."""
    return Evaluation.objects.for_table().filter(**filters)


def detail_assignments(evaluation: Evaluation) -> list[Assignment]:
    """The evaluation's parts with their evaluators and scores (two queries)."""
    return list(evaluation.assignments.select_related("user").prefetch_related("scores").order_by("kind"))


def eligible_assignees(evaluation: Evaluation) -> QuerySet:
    """The people the district may choose from: third-party evaluators, officers of the project's street,
    members of the undertaking organization; none already assigned to this evaluation. The service checks the
    pairing of kind and person (and the conflict of interest) again when the choice is saved."""
    street = evaluation.region_id[:9].ljust(12, "0")
    roles = Membership.objects.filter(Q(role=Role.EVALUATOR) | Q(role=Role.STREET_OFFICER, region_id=street))
    condition = Q(pk__in=roles.values("user_id"))
    if evaluation.project.undertaker_id:
        condition |= Q(pk__in=OrganizationMember.objects.filter(
            organization_id=evaluation.project.undertaker_id).values("user_id"))
    return (get_user_model().objects.filter(condition, is_active=True)
            .exclude(pk__in=evaluation.assignments.values("user_id")).order_by("username"))
