"""The yearly report's page: choose the year for a unit the user may export (404 for any other unit, the same as a
missing one), then start the report job and follow it on the job's progress page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from assessment.selectors import crumbs, own_units, shown_figures
from wuse.access import api as access
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .build import steps
from .forms import ReportForm
from .selectors import EXPORT, groups_of, levels_below
from .services import report_start


def _unit(user, code: str) -> Region:
    """The unit if the user may export its report; 404 otherwise (outside the scope, malformed or missing)."""
    if not (code.isascii() and code.isdigit() and len(code) == 12):
        raise Http404
    region = access.get_for_user(user, Region, code=code)
    if not access.can(user, EXPORT, region):
        raise Http404
    return region


def _default_unit(user) -> Region:
    units = [unit for unit in own_units(user) if access.can(user, EXPORT, unit)]
    if not units:
        raise PermissionDenied
    return units[0]


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request):
    user = request.user
    if not access.has_action(user, EXPORT):
        raise PermissionDenied
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            region = _unit(user, form.cleaned_data["code"])
            job = report_start(user=user, region=region, year=form.cleaned_data["year"])
            return redirect("jobs:detail", pk=job.pk)
        code = form.data.get("code", "")
        region = _unit(user, code) if form.errors.keys() == {"year"} else _default_unit(user)
        return _page(request, region, form, status=400)
    code = request.GET.get("unit", "")
    region = _unit(user, code) if code else _default_unit(user)
    year = request.GET.get("year") or str(timezone.localdate().year)
    form = ReportForm(initial={"code": region.code, "year": year})
    return _page(request, region, form)


def _page(request, region: Region, form: ReportForm, status: int = 200):
    groups = groups_of(shown_figures(request.user, region))
    return render(request, "assessment/reports/new.html", {
        "region": region, "form": form, "breadcrumbs": crumbs(request.user, region), "groups": groups,
        "levels": [Level(level).label for level in levels_below(region)], "steps": steps(request.user, region),
    }, status=status)
