"""Donation pages, and the allocations made from a donation (commit, use, release)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs
from wuse.workflow.models import TransitionLog

from .. import receipts, selectors, services, targets
from ..forms import (
    AllocationForm,
    DonationFilterForm,
    DonationForm,
    UseForm,
)
from ..models import Allocation, Donation, Donor
from ..workflow import ALLOCATION_PROCESS
from . import NS, require


@login_required
def donation_list(request):
    require(request.user, "donation.view")
    form = DonationFilterForm(request.GET or None)
    filters = form.filters()
    donations = selectors.donations_for_user(request.user, filters)
    donor = None
    if filters.donor:
        donor = access.get_for_user(request.user, Donor.objects.only("id", "name", "kind", "anonymous"),
                                    pk=filters.donor)
    return render(request, "charity/donation_list.html", {
        "form": form,
        "donor": donor,
        "page": paginate(request, selectors.donations_table(donations)),
        "totals": selectors.charity_totals(donations),
        "can_create": access.has_action(request.user, "donation.create"),
    })


@login_required
def donation_create(request):
    units = selectors.units_for(request.user, "donation.create")
    if not units.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("donor", "").isdigit():
        initial["donor"] = request.GET["donor"]
    form = DonationForm(request.POST or None, request.FILES or None, initial=initial, units=units,
                        donors=selectors.donors_for_donation(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            donation = services.donation_create(user=request.user, **form.donation_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Donation recorded."))
            return redirect(f"{NS}:donation_detail", pk=donation.pk)
    return render(request, "charity/donation_form.html", {"form": form}, status=400 if form.errors else 200)


def _donation_context(request, donation, **extra) -> dict:
    user = request.user
    can = access.can_map(user, donation, ["donation.allocate"])
    allocations = TransitionLog.objects.attach(selectors.donation_allocations(donation))
    for allocation in allocations:
        allocation.can_use = (ALLOCATION_PROCESS.allows("use", allocation)
                              and access.can(user, "allocation.use", allocation))
        allocation.can_release = (ALLOCATION_PROCESS.allows("release", allocation) and can["allocate"]
                                  and access.can(user, "allocation.release", allocation))
        allocation.unused = allocation.amount - allocation.used
    context = {
        "donation": donation,
        "donor": donation.donor,
        "breadcrumbs": breadcrumbs(user, donation.region),
        "allocations": allocations,
        "can": {**can, "allocate": can["allocate"] and bool(targets.TARGETS) and donation.available > 0},
        "use_form": extra.pop("use_form", None) or UseForm(prefix="use"),
        "use_errors_for": extra.pop("use_errors_for", None),
    }
    if context["can"]["allocate"] and "allocation_form" not in extra:
        initial = {"target_type": request.GET.get("target", ""), "target_id": request.GET.get("target_id", "")}
        context["allocation_form"] = AllocationForm(prefix="alloc", initial={k: v for k, v in initial.items() if v})
    return {**context, **extra}


@login_required
def donation_detail(request, pk: int):
    donation = access.get_for_user(request.user, selectors.donation_detail_queryset(), pk=pk)
    return render(request, "charity/donation_detail.html", _donation_context(request, donation))


@login_required
def donation_receipt(request, pk: int):
    """Serve the receipt scan only to those who may see the donation; never from a public path."""
    donation = access.get_for_user(request.user, Donation.objects.only("id", "region", "receipt_file"), pk=pk)
    if not donation.receipt_file:
        raise Http404
    name = donation.receipt_file.name
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(donation.receipt_file.open("rb"), content_type=receipts.content_type_of(name))
    response["Content-Disposition"] = f'inline; filename="receipt-{donation.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=600"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; object-src 'self'"
    return response


def _donation_page(donation) -> str:
    return reverse(f"{NS}:donation_detail", args=[donation.pk]) + "#allocations"


@login_required
@require_POST
def allocation_create(request, pk: int):
    donation = access.get_for_user(request.user, selectors.donation_detail_queryset(), pk=pk,
                                   action="donation.allocate")
    form = AllocationForm(request.POST, prefix="alloc")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.allocation_create(user=request.user, donation=donation, target_key=data["target_type"],
                                       target_id=data["target_id"], amount=data["amount"], note=data["note"])
        except (services.CharityError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Allocation recorded."))
            return redirect(_donation_page(donation))
    donation.refresh_from_db()
    return render(request, "charity/donation_detail.html",
                  _donation_context(request, donation, allocation_form=form), status=400)


def _allocation(request, pk: int, action: str) -> Allocation:
    allocation = get_object_or_404(Allocation.objects.select_related("donation"), pk=pk)
    access.get_for_user(request.user, Donation.objects.only("id", "region"), pk=allocation.donation_id)
    if not access.can(request.user, action, allocation):
        raise PermissionDenied
    return allocation


@login_required
@require_POST
def allocation_use(request, pk: int):
    allocation = _allocation(request, pk, "allocation.use")
    form = UseForm(request.POST, prefix="use")
    if form.is_valid():
        try:
            services.allocation_use(user=request.user, allocation=allocation, amount=form.cleaned_data["amount"])
        except (services.CharityError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Use recorded."))
            return redirect(_donation_page(allocation.donation))
    donation = selectors.donation_detail_queryset().get(pk=allocation.donation_id)
    return render(request, "charity/donation_detail.html",
                  _donation_context(request, donation, use_form=form, use_errors_for=allocation.pk), status=400)


@login_required
@require_POST
def allocation_release(request, pk: int):
    allocation = _allocation(request, pk, "allocation.release")
    try:
        released = services.allocation_release(user=request.user, allocation=allocation)
    except services.CharityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("¥%(amount)s released back to the donation.") % {
            "amount": services.yuan(released)})
    return redirect(_donation_page(allocation.donation))
