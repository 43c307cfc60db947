"""The one error type of a refused action.

Every service raises ``DomainError`` (or a subclass named after its part: ``LedgerError``,
``CharityError``…) when it refuses an action for a reason the user can act on; the message is
written for the user, in their language. Views turn it into a message on the page
(``wuse.core.forms.add_errors`` for forms, ``django.contrib.messages`` otherwise). Bad field values
stay ``django.core.exceptions.ValidationError`` (a dict names the form field), and a missing right
stays ``PermissionDenied``.
"""


class DomainError(Exception):
    """A refused action; ``str(error)`` says why, for the user."""


class ConflictError(DomainError):
    """Someone else saved the record since the form was opened; ``changed`` names their fields."""

    def __init__(self, message: str, changed: list[str] | None = None):
        super().__init__(message)
        self.changed = list(changed or [])
