from wuse.core.errors import ConflictError, DomainError


class ProjectError(DomainError):
    """A refused action on a project; the message says why, for the user."""


class ProjectConflict(ConflictError):
    """Someone else saved the project since the form was opened; ``changed`` names their fields."""
