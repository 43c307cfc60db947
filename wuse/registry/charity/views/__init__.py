"""Pages of the charitable resources: donors, donations with their allocations, resource lists."""

NS = "registry:charity"


def require(user, action: str) -> None:
    """403 unless the user holds ``action`` somewhere (the list pages)."""
    from django.core.exceptions import PermissionDenied

    from wuse.access import api as access

    if not access.has_action(user, action):
        raise PermissionDenied
