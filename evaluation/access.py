"""The evaluation step's rows in the role × action table, its object grants and its reaches.

- Templates: the city and the districts manage their own (``evaluation_template.manage``); a government user
  sees the templates of their units and of the units above them (the city's template applies in a district
  that has none of its own): a reach computed from the division codes alone.
- Evaluations sit at the project's unit: every government level above sees them; the district sets them up,
  assigns the evaluators, closes and reopens them; the street scores its part.
- A third-party evaluator (the ``evaluator`` role) holds nothing through the table: their assignment gives a
  **django-guardian object grant** (``evaluation.evaluate_evaluation``) on that one evaluation, removed when they
  are unassigned, and through it ``evaluation.view`` and ``evaluation.score``; they see the evaluated project
  (``project.view``) through a reach on their live assignments.
- The undertaking organization's members see the evaluations of their projects and score the self-assessment:
  a reach on the project's ``undertaker`` (as the projects step does), so a change of undertaker follows at once.

Holding ``evaluation.score`` lets a user reach the scoring of an evaluation; the services also require them to be
the assignee of the part they score (and to have declared no conflict of interest).
"""

from django.db.models import Exists, OuterRef, Q

from projects.models import Project
from wuse.access.api import memberships
from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role
from wuse.registry.organizations.access import member_organization_ids

from .choices import EvaluatorKind
from .models import Assignment, Evaluation, TemplateFamily

EVALUATOR_PERM = "evaluation.evaluate_evaluation"
_DISTRICT = {Role.DISTRICT_REVIEWER: Scope.SUBTREE}

register(
    {
        "evaluation_template.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "evaluation_template.manage": {Role.CITY_ADMIN: Scope.SUBTREE, Role.DISTRICT_REVIEWER: Scope.SUBTREE},
        "evaluation.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "evaluation.assign": _DISTRICT,  # set up an evaluation, assign and unassign its evaluators
        "evaluation.score": {Role.STREET_OFFICER: Scope.SUBTREE},
        "evaluation.close": _DISTRICT,  # close, or send back for corrections
        "evaluation.reopen": _DISTRICT,
    },
    object_perms={"evaluation.view": EVALUATOR_PERM, "evaluation.score": EVALUATOR_PERM},
)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


# --- templates: the units above one's own ----------------------------------------------------------------------

def _ancestor_codes(user) -> set[str]:
    """The codes of the units above each of the user's government units (from the codes: no query)."""
    codes = set()
    for grant in memberships(user):
        if grant.role in GOVERNMENT:
            codes.update(grant.prefix[:n].ljust(12, "0") for n in (2, 4, 6, 9) if n < len(grant.prefix))
    return codes


def _templates_above(user, action: str) -> Q | None:
    codes = _ancestor_codes(user) if _active(user) else set()
    return Q(region_id__in=sorted(codes)) if codes else None


register_reach(TemplateFamily, actions={"evaluation_template.view"}, condition=_templates_above,
               holds=lambda user, action: bool(_ancestor_codes(user)))


# --- the undertaker's members: their projects' evaluations -----------------------------------------------------

UNDERTAKER_ACTIONS = frozenset({"evaluation.view", "evaluation.score"})


def _undertaker_condition(user, action: str) -> Q | None:
    if action not in UNDERTAKER_ACTIONS or not _active(user):
        return None
    organizations = member_organization_ids(user)
    return Q(project__undertaker_id__in=organizations) if organizations else None


def _holds_as_undertaker(user, action: str) -> bool:
    """As ``projects.access.holds_as_undertaker``: a member of some organization (rows filtered by the condition)."""
    return _active(user) and action in UNDERTAKER_ACTIONS and bool(member_organization_ids(user))


register_reach(Evaluation, actions=UNDERTAKER_ACTIONS, condition=_undertaker_condition, holds=_holds_as_undertaker)


# --- the third-party evaluator: the project they are assigned to evaluate --------------------------------------

def _is_evaluator(user) -> bool:
    return _active(user) and any(grant.role == Role.EVALUATOR for grant in memberships(user))


def _assigned_projects(user, action: str) -> Q | None:
    if not _is_evaluator(user):
        return None
    return Q(Exists(Assignment.objects.filter(user=user, kind=EvaluatorKind.THIRD_PARTY,
                                              evaluation__project=OuterRef("pk"))))


# An evaluator opens the evaluations list (their rows come through their object grants; with none yet, it is empty
# and says so) — the list and its menu entry are theirs as a role, before any assignment.
register_reach(Evaluation, actions={"evaluation.view"}, condition=lambda user, action: None,
               holds=lambda user, action: _is_evaluator(user))

register_reach(Project, actions={"project.view"}, condition=_assigned_projects,
               holds=lambda user, action: _is_evaluator(user) and Assignment.objects.filter(
                   user=user, kind=EvaluatorKind.THIRD_PARTY).exists())
