"""The ledger rows in the role × action table, and the reach the table cannot say by itself.

- A district's scheme applies in every community below it, so the units below see its rules:
  ``scheme.view`` reaches *up* to the schemes of the units above the user's units, computed from the
  codes (``register_reach`` below: ``access.scoped``, ``can`` and ``get_for_user`` include it).
  Accounts stay scoped by the holder's unit.
- A volunteer's own accounts (the person linked to their sign-in) are theirs to read and to redeem
  from, for holders of ``ledger.self``: ``wuse.ledger.selectors.own_accounts`` and
  ``services.is_own_account``. They are not a reach of ``ledger_account.view``: the staff pages (and
  their 404 for anyone outside the unit) stay the counter's, and the volunteer's pages show their own
  records only, whatever other role the same sign-in holds.
"""

from django.db.models import Q

from wuse.access import api as access
from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role
from wuse.regions.levels import PREFIX_LENGTH

from .models import Scheme

_STAFF = {Role.COMMUNITY_STAFF: Scope.SUBTREE}
_STAFF_AND_STREET = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}

register(
    {
        "scheme.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        # A district runs its district-wide scheme; a community may run its own.
        "scheme.manage": {Role.CITY_ADMIN: Scope.SUBTREE, Role.DISTRICT_REVIEWER: Scope.SUBTREE,
                          Role.COMMUNITY_STAFF: Scope.SUBTREE},
        "ledger_account.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "ledger_account.open": _STAFF_AND_STREET,
        # At the counter, on the holder's behalf: help received, transfers to family, donations.
        "ledger_account.operate": _STAFF,
        "ledger_account.export": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "ledger_adjustment.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "ledger_adjustment.request": _STAFF_AND_STREET,
        "ledger_adjustment.decide": _STAFF_AND_STREET,
        "catalogue_item.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "catalogue_item.manage": _STAFF,
        "redemption.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "redemption.place": _STAFF,
        "redemption.fulfil": _STAFF,
        "redemption.cancel": _STAFF,
        # A volunteer's own accounts, balances and shop (only the person linked to their sign-in).
        "ledger.self": {Role.VOLUNTEER: Scope.SUBTREE},
    },
)


def units_above(user, action: str = "scheme.view") -> list[str]:
    """Codes of the units strictly above the units where the user holds ``action`` (no query)."""
    _global, prefixes = access.prefixes(user, action)
    above = set()
    for prefix in prefixes:
        for length in PREFIX_LENGTH.values():
            if length < len(prefix):
                above.add(prefix[:length].ljust(12, "0"))
    return sorted(above)


def _schemes_above(user, action: str) -> Q | None:
    """The schemes of the units above the user's: they apply in the user's units too."""
    above = units_above(user, action)
    return Q(region__in=above) if above else None


register_reach(Scheme, actions={"scheme.view"}, condition=_schemes_above)
