"""Query-string parameters that several lists share, parsed and authorized in one place."""

from django.http import Http404

from wuse.access import api as access
from wuse.regions.models import Region


def region_from_query(request, name: str = "region") -> Region | None:
    """The ``?region=<12-digit code>`` drill-down filter: None when absent, 404 when malformed or out of scope."""
    code = request.GET.get(name, "")
    if not code:
        return None
    if not (len(code) == 12 and code.isascii() and code.isdigit()):
        raise Http404
    return access.get_for_user(request.user, Region, code=code)
