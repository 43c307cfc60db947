from wuse.core.errors import DomainError


class EvaluationError(DomainError):
    """A refused action on an evaluation or an indicator template; the message says why, for the user."""
