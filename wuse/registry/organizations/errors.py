"""The refusals of social organizations and social workers: ``DomainError``s whose message is for the user."""

from wuse.core.errors import ConflictError, DomainError


class OrganizationError(DomainError):
    """A refused organization action; the message says why, in the user's language."""


class OrganizationConflict(OrganizationError, ConflictError):
    """Someone else saved the organization since the form was opened."""


class SocialWorkerError(DomainError):
    """A refused social-worker action; the message says why, in the user's language."""
