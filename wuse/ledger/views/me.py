"""A volunteer's own page: their accounts and balances, statements, and the shop of their schemes.

Only the accounts of the person linked to the user's sign-in (``Person.user``) are reachable here;
any other account number is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.numbers import quantity
from wuse.core.pagination import paginate
from wuse.registry.people.models import Person

from .. import selectors, services
from ..forms import SelfRedeemForm
from ..wording import rules_in_words
from .accounts import statement_context, statement_response


def _require_self(user) -> None:
    if not access.has_action(user, "ledger.self"):
        raise PermissionDenied


@login_required
def me(request):
    _require_self(request.user)
    accounts = list(selectors.own_accounts(request.user))
    for account in accounts:
        account.rules = rules_in_words(account.scheme)
        account.to_threshold = max(account.scheme.redemption_threshold - account.earned_total, 0)
    return render(request, "ledger/me.html", {
        "person": Person.objects.filter(user=request.user).select_related("region").first(),
        "accounts": accounts,
        "orders": selectors.own_redemptions(request.user),
    })


@login_required
def me_account(request, pk: int):
    _require_self(request.user)
    account = selectors.own_account(request.user, pk)
    return render(request, "ledger/me_account.html", statement_context(request, account))


@login_required
@require_GET
def me_export(request, pk: int):
    _require_self(request.user)
    account = selectors.own_account(request.user, pk)
    return statement_response(request, request.user, account, back=reverse("ledger:me_account", args=[pk]))


def _shop_page(request, *, form=None, form_item=None, status=200):
    _require_self(request.user)
    balances = {account.scheme_id: account for account in selectors.own_accounts(request.user)}
    page = paginate(request, selectors.own_shop_items(request.user))
    page.object_list = list(page.object_list)
    for item in page.object_list:
        account = balances.get(item.scheme_id)
        item.balance = account.balance if account else None
        item.affordable = account is not None and account.balance >= item.price and item.stock > 0
        item.form = form if form_item == item.pk else SelfRedeemForm(prefix=f"item{item.pk}")
    return render(request, "ledger/me_shop.html", {"page": page, "has_accounts": bool(balances)}, status=status)


@login_required
def me_shop(request):
    return _shop_page(request)


@login_required
@require_POST
def me_redeem(request, item_pk: int):
    _require_self(request.user)
    item = selectors.own_shop_items(request.user).filter(pk=item_pk).first()
    if item is None:
        raise Http404
    account = selectors.own_accounts(request.user).filter(scheme_id=item.scheme_id).first()
    form = SelfRedeemForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            redemption = services.redemption_place(item, account, form.cleaned_data["quantity"], user=request.user)
        except services.LedgerError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("You redeemed “%(item)s” × %(quantity)d for %(total)s %(unit)s; collect it "
                                        "at %(shop)s.") % {
                "item": item.name, "quantity": redemption.quantity, "total": quantity(redemption.total),
                "unit": item.scheme.unit_label, "shop": item.region.name})
            return redirect("ledger:me")
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _shop_page(request, form=form, form_item=item.pk, status=400)
