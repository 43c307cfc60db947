"""Who may do what with open calls: the community (and its street) posts and decides; the government above sees;
the registry's organization members see the calls of their unit and below and bid for their organizations.

A call for partners (``kind="partners"``) is posted by an organization: its members reach it beyond the table
(``register_reach``: view, manage, read its bids), and only they decide on its bids (the workflow's guard); the
government of its unit may still withdraw it."""

from django.db.models import Q

from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role
from wuse.registry.organizations.access import member_organization_ids

_POSTERS = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}
POSTER_ACTIONS = frozenset({"call.view", "call.manage", "call_bid.view"})

register(
    {
        "call.view": {**dict.fromkeys(GOVERNMENT, Scope.SUBTREE), Role.ORG_MEMBER: Scope.SUBTREE},
        "call.manage": _POSTERS,
        "call.bid": {Role.ORG_MEMBER: Scope.SUBTREE},
        "call_bid.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    },
)


def _poster_calls(user, action):
    ids = member_organization_ids(user)
    return Q(poster_organization_id__in=ids) if ids else None


def _poster_bids(user, action):
    ids = member_organization_ids(user)
    return Q(call__poster_organization_id__in=ids) if ids else None


def is_poster_member(user, call) -> bool:
    """Whether ``user`` acts for the organization that posted ``call`` (a call for partners)."""
    return call.poster_organization_id is not None and call.poster_organization_id in member_organization_ids(user)


def _register_reaches() -> None:
    from .models import Bid, Call

    register_reach(Call, actions=POSTER_ACTIONS, condition=_poster_calls)
    register_reach(Bid, actions=POSTER_ACTIONS, condition=_poster_bids)


_register_reaches()
