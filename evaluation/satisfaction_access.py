"""The satisfaction survey's rows in the role × action table, and its one reach (imported from
``EvaluationConfig.ready``).

- Every government level sees a project's survey and its results (``satisfaction.view``); the project's street
  and its district open and close it and set its minimum sample (``satisfaction.manage``) — the people who take
  part in and set up its evaluation.
- A third-party evaluator assigned to an evaluation of the project sees its survey's results too (they score the
  satisfaction dimension): a reach on their assignments, as for the project itself.
- Residents answer through the public link, with no account and no action.
"""

from django.db.models import Exists, OuterRef, Q

from wuse.access.api import memberships
from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role

from .choices import EvaluatorKind
from .models import Assignment, SatisfactionSurvey

register({
    "satisfaction.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    "satisfaction.manage": {Role.STREET_OFFICER: Scope.SUBTREE, Role.DISTRICT_REVIEWER: Scope.SUBTREE},
})


def _is_evaluator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and any(grant.role == Role.EVALUATOR for grant in memberships(user)))


def _assigned(user, action: str) -> Q | None:
    if not _is_evaluator(user):
        return None
    return Q(Exists(Assignment.objects.filter(user=user, kind=EvaluatorKind.THIRD_PARTY,
                                              evaluation__project=OuterRef("project"))))


register_reach(SatisfactionSurvey, actions={"satisfaction.view"}, condition=_assigned,
               holds=lambda user, action: _is_evaluator(user))
