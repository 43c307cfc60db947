from wuse.core.errors import DomainError


class RectificationError(DomainError):
    """A refused action on a rectification (整改); the message says why, for the user."""
