"""Donor pages: list, register, edit, detail and the audited reveal of contact data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs

from .. import selectors, services
from ..forms import (
    DonorEditForm,
    DonorFilterForm,
    DonorForm,
)
from . import NS, require

DONOR_ACTIONS = ["donor.change", "donor.reveal_pii"]


@login_required
def donor_list(request):
    require(request.user, "donor.view")
    form = DonorFilterForm(request.GET or None)
    return render(request, "charity/donor_list.html", {
        "form": form,
        "page": paginate(request, selectors.donors_for_user(request.user, form.filters())),
        "can_create": access.has_action(request.user, "donor.create"),
    })


@login_required
def donor_create(request):
    units = selectors.units_for(request.user, "donor.create")
    if not units.exists():
        raise PermissionDenied
    form = DonorForm(request.POST or None, units=units, foundations=selectors.host_foundations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            donor = services.donor_create(user=request.user, **form.donor_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Donor registered."))
            return redirect(f"{NS}:donor_detail", pk=donor.pk)
    return render(request, "charity/donor_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def donor_edit(request, pk: int):
    donor = access.get_for_user(request.user, selectors.donor_detail_queryset(), pk=pk, action="donor.change")
    foundations = selectors.host_foundations(request.user).exclude(pk=donor.pk)
    initial = {"kind": donor.kind, "name": donor.name, "credit_code": donor.credit_code,
               "host_foundation": donor.host_foundation_id, "contact_name": donor.contact_name,
               "anonymous": donor.anonymous}
    form = DonorEditForm(request.POST or None, initial=initial, foundations=foundations,
                         masked_phone=donor.contact_phone_masked)
    if request.method == "POST" and form.is_valid():
        try:
            services.donor_update(user=request.user, donor=donor, **form.donor_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(f"{NS}:donor_detail", pk=donor.pk)
    return render(request, "charity/donor_form.html", {"form": form, "donor": donor},
                  status=400 if form.errors else 200)


def _donor_context(request, donor, **extra) -> dict:
    return {
        "donor": donor,
        "breadcrumbs": breadcrumbs(request.user, donor.region),
        "donations": list(selectors.donor_donations(request.user, donor)),
        "funds": list(selectors.hosted_funds(request.user, donor)) if donor.kind == "foundation" else [],
        "can": {**access.can_map(request.user, donor, DONOR_ACTIONS),
                "record": access.has_action(request.user, "donation.create")},
        "limit": selectors.DONATIONS_PER_DONOR,
        **extra,
    }


@login_required
def donor_detail(request, pk: int):
    donor = access.get_for_user(request.user, selectors.donor_detail_queryset(), pk=pk)
    return render(request, "charity/donor_detail.html", _donor_context(request, donor))


@login_required
@require_POST
def donor_reveal(request, pk: int):
    """The donor's name, contact person and phone in full, once, for a role that needs them (audited)."""
    donor = access.get_for_user(request.user, selectors.donor_detail_queryset(), pk=pk, action="donor.reveal_pii")
    revealed = services.donor_reveal(user=request.user, donor=donor)
    response = render(request, "charity/donor_detail.html", _donor_context(request, donor, revealed=revealed))
    response["Cache-Control"] = "no-store"
    return response


