"""The venture rounds' rows in the role × action table, and the reaches of organization members and reviewers.

A round is run by the officers of its unit (street, district or city) and overseen above it. An organization's
members reach their own applications (``organization IN`` their organizations); a reviewer reaches the
applications of the rounds whose panel they sit on. Who may score is checked by the scoring service (the panel
and the conflict-of-interest rule), not by a role.
"""

from django.db.models import Q

from wuse.access import api as access
from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role
from wuse.registry.organizations.access import member_organization_ids

from .models import Application, Round

_RUNNERS = {Role.STREET_OFFICER: Scope.SUBTREE, Role.DISTRICT_REVIEWER: Scope.SUBTREE,
            Role.CITY_ADMIN: Scope.SUBTREE}

register(
    {
        "venture_round.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "venture_round.manage": _RUNNERS,
        "venture_application.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        # Who may sit on a panel: the home page's "to score" queue and the reviewers' list are offered to them;
        # what they score is the panel's rounds only (the scoring service checks the panel and the conflict).
        "venture_application.score": dict.fromkeys((*GOVERNMENT, Role.EVALUATOR), Scope.SUBTREE),
    },
)

REACH_ACTIONS = frozenset({"venture_application.view"})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def panel_round_ids(user) -> tuple[int, ...]:
    """The rounds whose panel the user sits on, read once per request."""
    if not _active(user):
        return ()
    return access.per_user(user, "venture_panels", lambda: tuple(
        Round.reviewers.through.objects.filter(user_id=user.pk).order_by("round_id")
        .values_list("round_id", flat=True)))


def application_condition(user, action: str) -> Q | None:
    if action not in REACH_ACTIONS or not _active(user):
        return None
    found = []
    organizations = member_organization_ids(user)
    if organizations:
        found.append(Q(organization_id__in=organizations))
    rounds = panel_round_ids(user)
    if rounds:
        found.append(Q(round_id__in=rounds))
    if not found:
        return None
    condition = found[0]
    for extra in found[1:]:
        condition |= extra
    return condition


def holds_reach(user, action: str) -> bool:
    """Whether the user reaches any application beyond the table (the menu entry for members and reviewers)."""
    return action in REACH_ACTIONS and _active(user) and bool(member_organization_ids(user) or panel_round_ids(user))


register_reach(Application, actions=REACH_ACTIONS, condition=application_condition, holds=holds_reach)
