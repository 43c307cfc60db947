from wuse.core.errors import DomainError


class MicroError(DomainError):
    """A refused micro-project action (民生微实事); the message is for the user."""
