from wuse.core.errors import DomainError


class CallError(DomainError):
    """A refused action on an open call or a bid; the message says why, for the user."""
