"""The charity registry's refusals: ``CharityError`` is a ``DomainError`` whose message is for the user."""

from wuse.core.errors import DomainError


class CharityError(DomainError):
    """A refused charity action; the message says why, in the user's language."""
