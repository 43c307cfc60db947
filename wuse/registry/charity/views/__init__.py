"""Pages of the charitable resources: donors (``donors.py``), donations with their allocations
(``donations.py``) and the published resource lists (``resource_lists.py``)."""

from django.core.exceptions import PermissionDenied

from wuse.access import api as access

NS = "registry:charity"


def require(user, action: str) -> None:
    """403 unless the user holds ``action`` somewhere (the list pages)."""
    if not access.has_action(user, action):
        raise PermissionDenied
