"""The request parameters every page of the assessment reads the same way (the base's, the plans', the
dashboards' and the reports' pages): ``?year=`` and a unit's code in the address; and the pair of views a unit
page comes in (the user's widest unit, any unit in scope)."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

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


def unit_views(action: str, own_units: Callable, page: Callable) -> tuple[Callable, Callable]:
    """``home`` (the widest of the user's units — ``own_units(user)``, widest first —, with the others linked;
    403 without any) and ``unit`` (``/<code>/``: the unit if the user may ``action`` there, else 404), both
    rendering ``page(request, region, others=[...])``."""

    @login_required
    @require_GET
    def home(request):
        units = own_units(request.user)
        if not units:
            raise PermissionDenied
        return page(request, units[0], others=units[1:])

    @login_required
    @require_GET
    def unit(request, code: str):
        return page(request, unit_or_404(request, code, action), others=[])

    return home, unit
