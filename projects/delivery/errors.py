from projects.errors import ProjectError


class DeliveryError(ProjectError):
    """A refused delivery action (an expense over its line, a milestone after the project's end…)."""
