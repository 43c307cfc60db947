"""The refusals of the volunteer registry: ``DomainError``s whose message is for the user."""

from wuse.core.errors import DomainError


class VolunteerError(DomainError):
    """A refused volunteer, team or certificate action; the message says why, in the user's language."""


class ServiceEntryError(DomainError):
    """A refused service-record action; the message says why, in the user's language."""
