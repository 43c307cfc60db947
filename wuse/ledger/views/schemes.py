"""Schemes and their account lists. Accounts and their actions: ``.accounts``; the shop: ``.shop``; a
volunteer's own page: ``.me``."""

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
from ..forms import ContactSearchForm, OpenAccountForm, SchemeEditForm, SchemeForm
from ..models import Account, HolderKind
from ..wording import rules_in_words


@login_required
def home(request):
    if access.has_action(request.user, "scheme.view"):
        return redirect("ledger:schemes")
    if access.has_action(request.user, "ledger.self"):
        return redirect("ledger:me")
    raise PermissionDenied


@login_required
def scheme_list(request):
    if not access.has_action(request.user, "scheme.view"):
        if access.has_action(request.user, "ledger.self"):
            return redirect("ledger:me")
        raise PermissionDenied
    return render(request, "ledger/schemes.html", {
        "page": paginate(request, selectors.schemes_for_user(request.user)),
        "can_create": access.has_action(request.user, "scheme.manage"),
    })


@login_required
def scheme_create(request):
    regions = selectors.regions_for_schemes(request.user)
    if not regions.exists():
        raise PermissionDenied
    form = SchemeForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(user=request.user, region=form.cleaned_data["region"],
                                            kind=form.cleaned_data["kind"], **form.rules())
        except (services.LedgerError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Scheme “%(name)s” created.") % {"name": scheme.name})
            return redirect("ledger:scheme", pk=scheme.pk)
    return render(request, "ledger/scheme_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def scheme_edit(request, pk: int):
    scheme = selectors.scheme_for_user(request.user, pk, action="scheme.manage")
    if request.method == "POST":
        form = SchemeEditForm(request.POST, instance=scheme)
    else:
        form = SchemeEditForm(instance=scheme, initial={"version": scheme.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(user=request.user, scheme=scheme, version=form.cleaned_data["version"],
                                   active=form.cleaned_data["active"], **form.rules())
        except (services.LedgerError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("ledger:scheme", pk=scheme.pk)
    return render(request, "ledger/scheme_form.html", {"form": form, "scheme": scheme},
                  status=400 if form.errors else 200)


@login_required
def scheme_detail(request, pk: int):
    scheme = selectors.scheme_for_user(request.user, pk)
    return render(request, "ledger/scheme_detail.html", {
        "scheme": scheme,
        "rules": rules_in_words(scheme),
        "figures": selectors.scheme_figures(request.user, scheme),
        "breadcrumbs": breadcrumbs(request.user, scheme.region),
        "can_manage": access.can(request.user, "scheme.manage", scheme),
        "can_accounts": access.has_action(request.user, "ledger_account.view"),
    })


def _accounts_page(request, scheme, *, open_form=None, status=200):
    search = ContactSearchForm(request.GET or None)
    can_open = scheme.active and access.has_action(request.user, "ledger_account.open")
    return render(request, "ledger/accounts.html", {
        "scheme": scheme,
        "search": search,
        "page": paginate(request, selectors.accounts_for_scheme(request.user, scheme, contact=search.contact())),
        "open_form": (open_form or OpenAccountForm()) if can_open else None,
    }, status=status)


@login_required
def account_list(request, pk: int):
    if not access.has_action(request.user, "ledger_account.view"):
        raise PermissionDenied
    return _accounts_page(request, selectors.scheme_for_user(request.user, pk))


@login_required
@require_POST
def account_open(request, pk: int):
    """Open a person's account in the scheme; the person is found by the exact phone or ID number."""
    if not access.has_action(request.user, "ledger_account.open"):
        raise PermissionDenied
    scheme = selectors.scheme_for_user(request.user, pk)
    form = OpenAccountForm(request.POST)
    if form.is_valid():
        people = access.scoped(request.user, "ledger_account.open",
                               selectors.people_by_contact(form.cleaned_data["holder"]))
        low, high = scheme.region.prefix.ljust(12, "0"), scheme.region.prefix.ljust(12, "9")
        people = list(people.filter(region__gte=low, region__lte=high)[:2])
        if not people:
            form.add_error("holder", _("No registered person with that phone or ID number lives in your units "
                                       "within %(unit)s; register them first (e.g. as a volunteer).")
                           % {"unit": scheme.region.name})
        elif len(people) > 1:
            form.add_error("holder", _("Several registered people share this phone number; use the ID number."))
        else:
            person = people[0]
            existed = Account.objects.filter(scheme=scheme, holder_kind=HolderKind.PERSON, person=person).first()
            try:
                account = existed or services.account_open(scheme, user=request.user, person=person)
            except services.LedgerError as exc:
                add_errors(form, exc)
            else:
                if existed:
                    messages.info(request, _("%(name)s already has an account in this scheme.") % {"name": person})
                else:
                    messages.success(request, _("Account opened for %(name)s.") % {"name": person})
                return redirect("ledger:account", pk=account.pk)
    return _accounts_page(request, scheme, open_form=form, status=400)
