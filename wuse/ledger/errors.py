"""The ledger's refusals: ``LedgerError`` is a ``DomainError`` whose message is for the user."""

from wuse.core.errors import DomainError


class LedgerError(DomainError):
    """A refused ledger action; the message says why, in the user's language."""
