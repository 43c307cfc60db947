"""The surveys' rows in the role × action table, and the one rule the table cannot say by itself.

Managing a campaign (create, change, open, close) belongs to its unit and the units above it,
like every other record (``SUBTREE``). A street campaign also *reaches down* to the staff of
its communities for taking part: they see it, enter the paper questionnaires of their
community, see their community's answers and the street's unattributed ones, turn answers
into needs of their community and export what they see. That reach is declared once per model
with ``register_reach`` (campaigns, and responses, whose street ones are the unattributed
answers), so ``wuse.access.api`` answers with it everywhere: ``scoped``, ``can``,
``get_for_user`` and the workflow kernel.
"""

from django.db.models import Q

from wuse.access import api as access
from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role
from wuse.regions.levels import PREFIX_LENGTH, Level

from .models import Campaign, Response

_STAFF_AND_STREET = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}

register(
    {
        "survey.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "survey.create": _STAFF_AND_STREET,
        "survey.change": _STAFF_AND_STREET,
        "survey.open": _STAFF_AND_STREET,
        "survey.close": _STAFF_AND_STREET,
        "survey.enter": _STAFF_AND_STREET,
        # Needs are registered by community staff only (need.create), so only they turn answers into needs.
        "survey.to_need": {Role.COMMUNITY_STAFF: Scope.SUBTREE},
        "survey.export": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    },
)

# The actions a street campaign extends to the staff of its communities.
PARTICIPATION = frozenset({"survey.view", "survey.enter", "survey.to_need", "survey.export"})

_STREET = PREFIX_LENGTH[Level.STREET]
_COMMUNITY = PREFIX_LENGTH[Level.COMMUNITY]


def reached_streets(user, action: str) -> list[str]:
    """Codes of the streets whose campaigns reach the user for ``action``: the streets above the
    communities where the user holds it (computed from the codes, no query)."""
    if action not in PARTICIPATION:
        return []
    _global, prefixes = access.prefixes(user, action)
    return sorted({p[:_STREET].ljust(12, "0") for p in prefixes if len(p) == _COMMUNITY})


def street_records(user, action: str) -> Q | None:
    """The campaigns (or responses) of the streets that reach the user for ``action``, or None."""
    streets = reached_streets(user, action)
    return Q(region__in=streets) if streets else None


register_reach(Campaign, actions=PARTICIPATION, condition=street_records)
register_reach(Response, actions=PARTICIPATION, condition=street_records)
