"""The annual assessment's pages: a unit's figures of a year from the snapshot, its children's table (drill-down
district → street → community), the roll-ups of the year, and the city admin's roll-up button (a confirmation,
then a background job with its progress page)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from wuse.access import api as access
from wuse.core import figures
from wuse.jobs.services import job_start
from wuse.regions.models import Region

from . import jobs, selectors
from .forms import RollupForm
from .selectors import ROLLUP, VIEW
from .services import EARLIEST_YEAR, AssessmentError, check_year

YEARS_SHOWN = 6


def _year(request) -> int:
    """``?year=`` (the current year when absent); anything but a year the roll-up accepts is a 404."""
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise Http404
    try:
        return check_year(raw)
    except AssessmentError:
        raise Http404 from None


def _unit(request, code: str) -> Region:
    """The unit if the user may see its assessment; 404 otherwise, the same as a missing unit."""
    region = access.get_for_user(request.user, Region, code=code)
    if not access.can(request.user, VIEW, region):
        raise Http404
    return region


@login_required
@require_GET
def home(request):
    """The widest of the user's units, with links to the others."""
    units = selectors.own_units(request.user)
    if not units:
        raise PermissionDenied
    return _page(request, units[0], others=units[1:])


@login_required
@require_GET
def unit(request, code: str):
    return _page(request, _unit(request, code), others=[])


def _page(request, region: Region, *, others: list[Region]):
    user, year = request.user, _year(request)
    shown = selectors.shown_figures(user, region)
    last_done, runs = selectors.runs_of(year)
    this_year = timezone.localdate().year
    return render(request, "assessment/unit.html", {
        "region": region, "year": year, "others": others, "breadcrumbs": selectors.crumbs(user, region),
        "years": range(this_year, max(EARLIEST_YEAR, this_year - YEARS_SHOWN) - 1, -1),
        "figures": shown, "lines": selectors.unit_lines(user, shown, region, year),
        "children": selectors.children_page(request, shown, region, year),
        "last_done": last_done, "runs": runs, "can_rollup": access.has_action(user, ROLLUP),
    })


def _confirm(request, form: RollupForm, year: int, region: Region | None, status: int = 200):
    return render(request, "assessment/confirm.html", {
        "form": form, "year": year, "region": region, "running": selectors.running(year),
        "figure_count": len(figures.FIGURES), "unit_count": Region.objects.count(),
    }, status=status)


def _start_unit(request, code: str) -> Region | None:
    return _unit(request, code) if code else None


@login_required
@require_GET
def rollup_confirm(request):
    if not access.has_action(request.user, ROLLUP):
        raise PermissionDenied
    year = _year(request)
    code = request.GET.get("code", "")
    if code and not (code.isascii() and code.isdigit() and len(code) == 12):
        raise Http404
    region = _start_unit(request, code)
    form = RollupForm(initial={"year": year, "code": region.code if region else ""})
    return _confirm(request, form, year, region)


@login_required
@require_POST
def rollup_start(request):
    if not access.has_action(request.user, ROLLUP):
        raise PermissionDenied
    form = RollupForm(request.POST)
    if not form.is_valid():
        return _confirm(request, form, timezone.localdate().year, None, status=400)
    year, region = form.cleaned_data["year"], _start_unit(request, form.cleaned_data["code"])
    job = job_start(user=request.user, kind=jobs.KIND, params=jobs.job_params(year, region and region.code),
                    total=jobs.expected_values())
    return redirect("jobs:detail", pk=job.pk)
