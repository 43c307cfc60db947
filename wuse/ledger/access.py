"""The ledger rows in the role × action table, and the two reaches the table cannot say by itself.

- A volunteer's own account (the person linked to their sign-in) is theirs to read and to redeem from:
  ``wuse.ledger.selectors`` adds that reach for holders of ``ledger.self``; everything else goes
  through the table.
- A district's scheme applies in every community below it, so the units below see its rules
  (``scheme.view`` reaches *up* to the schemes of the units above the user's units, computed from
  the codes): ``scoped_schemes``/``get_scheme`` below. Accounts stay scoped by the holder's unit.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from wuse.access import api as access
from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role
from wuse.regions.levels import PREFIX_LENGTH

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


def scoped_schemes(user, queryset: QuerySet) -> QuerySet:
    """The schemes the user may see: of their units and below, and of the units above theirs."""
    own = access.scoped(user, "scheme.view", queryset)
    above = units_above(user)
    return own | queryset.filter(region__in=above) if above else own


def get_scheme(user, queryset: QuerySet, *, action: str | None = None, **lookup):
    """One scheme the user may see (404 otherwise, as ``access.get_for_user``); 403 without ``action``."""
    try:
        scheme = scoped_schemes(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        return access.get_for_user(user, queryset, action=action, **lookup)  # 404, audited when out of scope
    if action and not access.can(user, action, scheme):
        raise PermissionDenied
    return scheme
