"""The ledger rows in the role × action table.

A volunteer's own account (the person linked to their sign-in) is theirs to read and to redeem from:
``wuse.ledger.selectors`` adds that reach; everything else goes through the table.
"""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

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
    },
)
