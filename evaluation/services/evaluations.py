"""Evaluations: set up by the district, evaluators assigned (with the third party's object grant), each evaluator
declaring no conflict of interest, scoring and submitting their part; the state changes on the kernel.

Locks: the evaluation row first (then, on close, the project, through the projects step's own service), in every
function, so two evaluators saving at once never interleave with a close."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from projects.models import Project
from projects.workflow import ACCEPTANCE, ACCEPTED, EVALUATION, IN_PROGRESS
from wuse.access import api as access
from wuse.accounts.roles import Role
from wuse.audit.services import audit_record
from wuse.registry.organizations.models import OrganizationMember
from wuse.workflow.services import transition_apply

from .. import scoring
from ..access import EVALUATOR_PERM
from ..choices import EvaluatorKind, Stage
from ..errors import EvaluationError
from ..models import Assignment, Evaluation, Score, SubIndicator
from ..workflow import ASSIGNED, EVALUATION_PROCESS, SCORING_STATES
from .templates import template_for

# The project states in which each stage may be set up.
STAGE_STATES = {Stage.MIDTERM: (IN_PROGRESS, ACCEPTANCE), Stage.FINAL: (ACCEPTED, EVALUATION)}


def _locked(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().select_related("project", "template").get(pk=evaluation.pk)


@transaction.atomic
def evaluation_create(*, user, project: Project, stage: str, template=None) -> Evaluation:
    """The district sets up the evaluation of a project at a stage, with the template version that applies
    (its district's of the project's year, else the city's) unless one is given."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not access.can(user, "evaluation.assign", Evaluation(region_id=project.region_id)):
        raise PermissionDenied(_("You may not set up evaluations of this project."))
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose the stage: mid-term or final.")})
    if project.status not in STAGE_STATES[stage]:
        raise EvaluationError(_("The project is “%(state)s”: its %(stage)s cannot be set up now.") % {
            "state": project.status_label, "stage": Stage(stage).label})
    template = template or template_for(project)
    if template is None:
        raise EvaluationError(_("No indicator template applies to this project's year: the city or the district "
                                "sets one up first."))
    evaluation = Evaluation(project=project, region_id=project.region_id, stage=stage, template=template,
                            created_by=user)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        raise EvaluationError(_("This project already has its %(stage)s.") % {"stage": Stage(stage).label}) from None
    audit_record(action="evaluation.create", target=evaluation, user=user, changed_fields=["stage", "template"],
                 detail={"project": project.pk, "template_version": template.pk})
    return evaluation


def _member_of_undertaker(user, project: Project) -> bool:
    return bool(project.undertaker_id) and OrganizationMember.objects.filter(
        user=user, organization_id=project.undertaker_id).exists()


def _eligibility_problem(kind: str, assignee, evaluation: Evaluation) -> str | None:
    """Why ``assignee`` may not evaluate ``evaluation`` as ``kind`` (None: they may)."""
    roles = {(grant.role, grant.prefix) for grant in access.memberships(assignee)}
    project = evaluation.project
    if kind == EvaluatorKind.SELF:
        if not _member_of_undertaker(assignee, project):
            return _("The self-assessment is made by a member of the undertaking organization.")
    elif kind == EvaluatorKind.STREET:
        if not any(role == Role.STREET_OFFICER and evaluation.region_id.startswith(prefix) for role, prefix in roles):
            return _("The street evaluation is made by an officer of the project's street.")
    elif kind == EvaluatorKind.THIRD_PARTY:
        if not any(role == Role.EVALUATOR for role, _prefix in roles):
            return _("A third-party evaluation is made by an account with the third-party evaluator role.")
        if _member_of_undertaker(assignee, project):
            return _("Conflict of interest: %(name)s is a member of the organization undertaking this project and "
                     "cannot evaluate it.") % {"name": str(assignee)}
    else:
        return _("Choose who evaluates: self-assessment, street or third party.")
    return None


@transaction.atomic
def assignment_add(*, user, evaluation: Evaluation, kind: str, assignee) -> Assignment:
    """Assign an evaluator to one part of the evaluation; a third party gets the object grant on it."""
    evaluation = _locked(evaluation)
    if not access.can(user, "evaluation.assign", evaluation):
        raise PermissionDenied(_("You may not assign evaluators to this evaluation."))
    if evaluation.status not in SCORING_STATES:
        raise EvaluationError(_("The evaluation is “%(state)s”: evaluators can no longer be assigned.") % {
            "state": evaluation.status_label})
    if problem := _eligibility_problem(kind, assignee, evaluation):
        raise EvaluationError(problem)
    if evaluation.assignments.filter(user=assignee).exists():
        raise EvaluationError(_("This person already evaluates another part of this evaluation."))
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(evaluation=evaluation, kind=kind, user=assignee, assigned_by=user)
    except IntegrityError:
        raise EvaluationError(_("The %(kind)s already has an evaluator.") % {"kind": EvaluatorKind(kind).label}) \
            from None
    if kind == EvaluatorKind.THIRD_PARTY:
        assign_perm(EVALUATOR_PERM, assignee, evaluation)
        access.forget(assignee)
    audit_record(action="evaluation.assign", target=evaluation, user=user, changed_fields=["assignments"],
                 detail={"kind": kind, "assignee": assignee.pk})
    return assignment


@transaction.atomic
def assignment_remove(*, user, assignment: Assignment, reason: str = "") -> None:
    """Unassign an evaluator (their scores go with them); a third party loses the object grant."""
    evaluation = _locked(assignment.evaluation)
    assignment = Assignment.objects.get(pk=assignment.pk)
    if not access.can(user, "evaluation.assign", evaluation):
        raise PermissionDenied(_("You may not assign evaluators to this evaluation."))
    if evaluation.status not in SCORING_STATES:
        raise EvaluationError(_("The evaluation is “%(state)s”: evaluators can no longer be changed.") % {
            "state": evaluation.status_label})
    kind, assignee = assignment.kind, assignment.user
    assignment.delete()
    if kind == EvaluatorKind.THIRD_PARTY:
        remove_perm(EVALUATOR_PERM, assignee, evaluation)
        access.forget(assignee)
    audit_record(action="evaluation.unassign", target=evaluation, user=user, changed_fields=["assignments"],
                 detail={"kind": kind, "assignee": assignee.pk, "reason": reason.strip()[:200]})


def _own_part(user, assignment: Assignment) -> tuple[Evaluation, Assignment]:
    """The evaluation (locked) and the assignment, once the user is its evaluator and may still change it."""
    evaluation = _locked(assignment.evaluation)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.user_id != getattr(user, "pk", None) or not access.can(user, "evaluation.score", evaluation):
        raise PermissionDenied(_("Only the evaluator assigned to this part may score it."))
    if evaluation.status not in SCORING_STATES:
        raise EvaluationError(_("The evaluation is “%(state)s”: its scores can no longer be changed.") % {
            "state": evaluation.status_label})
    if assignment.submitted_at is not None:
        raise EvaluationError(_("You have submitted your scores; they can be changed only if the district sends "
                                "the evaluation back."))
    return evaluation, assignment


@transaction.atomic
def assignment_declare(*, user, assignment: Assignment) -> Assignment:
    """The evaluator declares that they have no conflict of interest with the project and its undertaker."""
    evaluation, assignment = _own_part(user, assignment)
    if assignment.declared_at is None:
        assignment.declared_at = timezone.now()
        assignment.save(update_fields=["declared_at"])
        audit_record(action="evaluation.declare", target=evaluation, user=user, changed_fields=["declared_at"],
                     detail={"kind": assignment.kind})
    return assignment


def _checked_values(values: Mapping[int, object], indicators: dict[int, SubIndicator]) -> dict[int, object]:
    errors, checked = {}, {}
    for pk, value in values.items():
        indicator = indicators.get(int(pk))
        if indicator is None:
            raise EvaluationError(_("A score was given for an indicator that is not in this evaluation's template."))
        try:
            checked[indicator.pk] = scoring.check_score(value, indicator.max_score)
        except scoring.ScoringError as exc:
            errors[f"score_{indicator.pk}"] = _("%(indicator)s: %(problem)s") % {"indicator": indicator.name,
                                                                                 "problem": exc}
    if errors:
        raise ValidationError(errors)
    return checked


@transaction.atomic
def scores_save(*, user, assignment: Assignment, values: Mapping[int, object], notes: Mapping[int, str] | None = None,
                findings: str | None = None) -> Assignment:
    """Save the evaluator's scores (sub-indicator id → score) and findings: every value within its range with at
    most one decimal, or nothing is saved. The first scores saved start the evaluation."""
    evaluation, assignment = _own_part(user, assignment)
    if assignment.needs_declaration and assignment.declared_at is None:
        raise EvaluationError(_("Declare that you have no conflict of interest before scoring."))
    indicators = {i.pk: i for i in SubIndicator.objects.filter(dimension__version_id=evaluation.template_id)}
    checked = _checked_values(values, indicators)
    notes = notes or {}
    existing = {s.indicator_id: s for s in assignment.scores.all()}
    for pk, value in checked.items():
        note = (notes.get(pk) or "").strip()[:1000]
        if pk in existing:
            existing[pk].value, existing[pk].note = value, note
            existing[pk].save(update_fields=["value", "note", "updated_at"])
        else:
            Score.objects.create(assignment=assignment, indicator_id=pk, value=value, note=note)
    changed = ["scores"] if checked else []
    if findings is not None and findings.strip() != assignment.findings:
        assignment.findings = findings.strip()[:5000]
        assignment.save(update_fields=["findings"])
        changed.append("findings")
    if changed:
        audit_record(action="evaluation.score", target=evaluation, user=user, changed_fields=changed,
                     detail={"kind": assignment.kind, "scores": len(checked)})
    if evaluation.status == ASSIGNED and checked:
        transition_apply(process=EVALUATION_PROCESS, obj=evaluation, name="start", user=user)
    return assignment


@transaction.atomic
def assignment_submit(*, user, assignment: Assignment) -> Evaluation:
    """The evaluator submits their part, every sub-indicator scored; the last one submits the evaluation."""
    evaluation, assignment = _own_part(user, assignment)
    if assignment.needs_declaration and assignment.declared_at is None:
        raise EvaluationError(_("Declare that you have no conflict of interest before scoring."))
    expected = set(SubIndicator.objects.filter(dimension__version_id=evaluation.template_id)
                   .values_list("pk", flat=True))
    if expected - set(assignment.scores.values_list("indicator_id", flat=True)):
        raise EvaluationError(_("Score every sub-indicator before submitting."))
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["submitted_at"])
    audit_record(action="evaluation.submit_part", target=evaluation, user=user, changed_fields=["submitted_at"],
                 detail={"kind": assignment.kind})
    if evaluation.status == ASSIGNED:
        evaluation = transition_apply(process=EVALUATION_PROCESS, obj=evaluation, name="start", user=user)
    if not evaluation.assignments.filter(submitted_at=None).exists():
        evaluation = transition_apply(process=EVALUATION_PROCESS, obj=evaluation, name="submit", user=user)
    return evaluation


def evaluation_transition(*, user, evaluation: Evaluation, name: str, reason: str = "") -> Evaluation:
    """What the district fires from the page: close, send back for corrections, reopen (with a reason)."""
    return transition_apply(process=EVALUATION_PROCESS, obj=evaluation, name=name, user=user, reason=reason,
                            manual_only=True)
