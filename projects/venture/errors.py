from wuse.core.errors import DomainError


class VentureError(DomainError):
    """A refused action in a venture round; the message says why, for the user."""
