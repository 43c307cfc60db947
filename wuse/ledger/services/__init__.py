"""Every write to the time bank and points ledgers: one function per action, in one transaction.

The interface the other parts use (volunteer verification now, projects later):

- ``earn_for_service(person=…, hours=…, ref=…, user=…)``: credit verified service hours in every
  active scheme covering the person's home community (accounts open on first use); idempotent per
  ``ref``: a retry credits nothing twice;
- ``spend(account, amount, ref=…, user=…)``: debit for help received;
- ``account_open``, ``transfer``, ``donate``, ``adjustment_request``/``_approve``/``_reject``,
  ``expire``, ``redemption_place``/``_fulfil``/``_cancel``.

By module: ``accounts`` (schemes covering a unit, opening accounts, the pool, and the primitives: lock,
append, floor and cap), ``earning`` (earn, spend), ``transfers`` (transfer, donate), ``adjustments``,
``expiry``, ``shop`` (redemptions) and ``setup`` (schemes and the catalogue, which never touch a balance).
Adjustment decisions and a redemption's hand-over or cancellation are transitions of the processes in
``wuse.ledger.workflow``, applied by the kernel.

Each function locks the rows it changes (accounts in id order, then the catalogue item), re-reads
them, checks the scheme's rules, appends entries with the balance after them and writes an audit
row. A refusal raises ``LedgerError`` (a ``DomainError``) with a message for the user, and nothing is
written to the ledger.
"""

from ..errors import LedgerError
from .accounts import MAX_AMOUNT, MAX_QUANTITY, account_open, pool_account, ref_of, schemes_covering
from .adjustments import adjustment_approve, adjustment_reject, adjustment_request
from .earning import earn, earn_for_service, spend
from .expiry import expire, expire_due, months_before
from .setup import item_create, item_update, scheme_create, scheme_rule_errors, scheme_update
from .shop import is_own_account, redemption_cancel, redemption_fulfil, redemption_place
from .transfers import donate, transfer

__all__ = [
    "MAX_AMOUNT", "MAX_QUANTITY", "LedgerError", "account_open", "adjustment_approve", "adjustment_reject",
    "adjustment_request", "donate", "earn", "earn_for_service", "expire", "expire_due", "is_own_account",
    "item_create", "item_update", "months_before", "pool_account", "redemption_cancel", "redemption_fulfil",
    "redemption_place", "ref_of", "scheme_create", "scheme_rule_errors", "scheme_update", "schemes_covering",
    "spend", "transfer",
]
