"""The annual assessment's pages: a unit's figures of a year from the snapshot, its children's table (drill-down
district → street → community), the roll-ups of the year, and the city admin's roll-up button (a confirmation,
then a background job with its progress page). The approvals (审核确认): each child's state and the Approve,
"approve all ready" and Unlock actions on the parent's page, the unit's own approval and history on its page;
their rules are in ``approvals``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wuse.access import api as access
from wuse.core import figures
from wuse.jobs.services import job_start
from wuse.regions.models import Region

from . import approvals, jobs, selectors
from .forms import ApprovalForm, RollupForm, UnlockForm
from .links import unit_links
from .params import unit_or_404, unit_views, year_param
from .selectors import ROLLUP, VIEW
from .services import EARLIEST_YEAR

YEARS_SHOWN = 6


def _unit(request, code: str) -> Region:
    return unit_or_404(request, code, VIEW)


def _page(request, region: Region, *, others: list[Region]):
    user, year = request.user, year_param(request)
    shown = selectors.shown_figures(user, region)
    last_done, runs = selectors.runs_of(year)
    this_year = timezone.localdate().year
    parent = _parent(region)
    history, more_history = selectors.history_latest(year, region)
    return render(request, "assessment/unit.html", {
        "approval": selectors.approval_of(year, region), "parent": parent, "history": history,
        "more_history": more_history, "can_unlock_self": approvals.may_unlock(user, parent),
        "can_approve": approvals.may_approve(user, region), "can_unlock": approvals.may_unlock(user, region),
        "region": region, "year": year, "others": others, "breadcrumbs": selectors.crumbs(user, region),
        "years": range(this_year, max(EARLIEST_YEAR, this_year - YEARS_SHOWN) - 1, -1),
        "figures": shown, "lines": selectors.unit_lines(user, shown, region, year),
        "children": selectors.children_page(request, shown, region, year),
        "last_done": last_done, "runs": runs, "can_rollup": access.has_action(user, ROLLUP),
        "links": unit_links(user, region, year),
    })


# /…/ (the user's widest unit) and /…/<code>/ (any unit in scope)
home, unit = unit_views(VIEW, selectors.own_units, _page)


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
    year = year_param(request)
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


# --- approvals ----------------------------------------------------------------------------------------------

def _parent(region: Region) -> Region | None:
    return Region.objects.filter(code=region.parent_id).first() if region.parent_id else None


def _back(region: Region | None, year) -> str:
    """The page of ``region`` (the approved unit's parent) for ``year``."""
    url = reverse("assessment:unit", args=[region.code]) if region else reverse("assessment:home")
    return f"{url}?{urlencode({'year': year})}" if isinstance(year, int) else url


def _refused(request, form, region: Region, year: int | None, status: int = 400):
    return render(request, "assessment/approval_refused.html",
                  {"form": form, "region": region, "year": year}, status=status)


@login_required
@require_POST
def approve(request, code: str):
    """Approve one child unit (the button in its parent's table); back to the parent's page with a message."""
    region = _unit(request, code)
    parent = _parent(region)
    if not approvals.may_approve(request.user, parent):
        raise PermissionDenied
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, region, None)
    year = form.cleaned_data["year"]
    try:
        approvals.approve(request.user, year, region)
    except approvals.ApprovalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(unit)s is approved for %(year)d: its figures of the year are locked.")
                         % {"unit": region.name, "year": year})
    return redirect(_back(parent, year))


@login_required
@require_http_methods(["GET", "POST"])
def approve_children(request, code: str):
    """"Approve all ready": a confirmation listing the ready children (GET), then approving them (POST)."""
    parent = _unit(request, code)
    if not approvals.may_approve(request.user, parent):
        raise PermissionDenied
    if request.method == "GET":
        year = year_param(request)
        form = ApprovalForm(initial={"year": year})
    else:
        form = ApprovalForm(request.POST)
        if not form.is_valid():
            return _refused(request, form, parent, None)
        year = form.cleaned_data["year"]
        try:
            done = approvals.approve_children(request.user, year, parent)
        except approvals.ApprovalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, ngettext("%(n)d unit approved for %(year)d.", "%(n)d units approved for "
                                               "%(year)d.", len(done)) % {"n": len(done), "year": year})
            return redirect(_back(parent, year))
    return render(request, "assessment/approve_children.html", {
        "form": form, "region": parent, "year": year, "ready": approvals.ready_children(year, parent)})


@login_required
@require_http_methods(["GET", "POST"])
def unlock(request, code: str):
    """Unlock a unit's year: the page with the reason and what the unlock re-opens (GET), then the unlock."""
    region = _unit(request, code)
    parent = _parent(region)
    if not approvals.may_unlock(request.user, parent):
        raise PermissionDenied
    status = 200
    if request.method == "GET":
        year = year_param(request)
        form = UnlockForm(initial={"year": year})
    else:
        form = UnlockForm(request.POST)
        year = form.cleaned_data["year"] if form.is_valid() else _posted_year(form)
        if form.is_valid():
            try:
                approvals.unlock(request.user, year, region, form.cleaned_data["reason"])
            except approvals.ApprovalError as exc:
                form.add_error(exc.field, str(exc))
            else:
                messages.success(request, _("%(unit)s is unlocked for %(year)d.") % {"unit": region.name,
                                                                                      "year": year})
                return redirect(_back(parent, year))
        status = 400
        if year is None:
            return _refused(request, form, region, None)
    return render(request, "assessment/unlock.html", {
        "form": form, "region": region, "parent": parent, "year": year,
        "approval": selectors.approval_of(year, region),
        "above": selectors.approved_above(year, region)}, status=status)


def _posted_year(form) -> int | None:
    """The posted year when it is valid though another field is not (to show the page again), else None."""
    return None if "year" in form.errors else form.cleaned_data.get("year")


@login_required
@require_GET
def history(request, code: str):
    """The unit's whole approval history of the year, paginated."""
    region = _unit(request, code)
    year = year_param(request)
    return render(request, "assessment/approval_history.html", {
        "region": region, "year": year, "breadcrumbs": selectors.crumbs(request.user, region),
        "events": selectors.history_page(request, year, region)})
