"""The request parameters every page of the assessment reads the same way (the base's, the plans', the
dashboards' and the reports' pages): ``?year=`` and a unit's code in the address."""

from django.http import Http404
from django.utils import timezone

from wuse.access import api as access
from wuse.regions.models import Region

from .services import AssessmentError, check_year


def year_param(request, *, default: bool = True) -> int | None:
    """``?year=``: the current year when absent (None with ``default=False``); anything but a year the assessment
    accepts (four ASCII digits, 2000 to next year) is a 404."""
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year if default else None
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise Http404
    try:
        return check_year(raw)
    except AssessmentError:
        raise Http404 from None


def unit_or_404(request, code: str, action: str) -> Region:
    """The unit if the user may ``action`` there; 404 otherwise, the same as a missing unit."""
    region = access.get_for_user(request.user, Region, code=code)
    if not access.can(request.user, action, region):
        raise Http404
    return region
