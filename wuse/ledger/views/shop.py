"""The redemption shop (积分超市): the catalogue of the user's communities, redemption at the counter,
and the orders awaiting hand-over."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.numbers import quantity
from wuse.core.pagination import paginate
from wuse.workflow.models import TransitionLog

from .. import selectors, services
from ..forms import ORDER_STATUSES, CancelForm, CounterRedeemForm, ItemEditForm, ItemForm
from ..models import RedemptionStatus
from ..workflow import REDEMPTION_PROCESS


@login_required
def shop(request):
    """The items of the user's shops; a volunteer is sent to their own shop."""
    if not access.has_action(request.user, "catalogue_item.view"):
        if access.has_action(request.user, "ledger.self"):
            return redirect("ledger:me_shop")
        raise PermissionDenied
    show = request.GET.get("show", "offer")
    show = show if show in ("offer", "off", "all") else "offer"
    page = paginate(request, selectors.shop_items(request.user, show=show))
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.can_edit = access.can(request.user, "catalogue_item.manage", item)
        item.can_redeem = item.active and access.can(request.user, "redemption.place", item)
    return render(request, "ledger/shop.html", {
        "page": page, "show": show,
        "can_add": access.has_action(request.user, "catalogue_item.manage"),
        "can_orders": access.has_action(request.user, "redemption.view"),
    })


@login_required
def item_create(request):
    shops = list(selectors.shops_for_user(request.user))
    if not shops:
        raise PermissionDenied
    schemes = selectors.schemes_for_shops(shops)
    regions = selectors.shops_for_user(request.user)
    form = ItemForm(request.POST or None, regions=regions, schemes=schemes)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(user=request.user, region=form.cleaned_data["region"],
                                        scheme=form.cleaned_data["scheme"], **form.item_fields())
        except (services.LedgerError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("“%(name)s” added to the shop.") % {"name": item.name})
            return redirect("ledger:shop")
    return render(request, "ledger/item_form.html", {"form": form, "no_scheme": not schemes},
                  status=400 if form.errors else 200)


@login_required
def item_edit(request, pk: int):
    item = selectors.item_for_user(request.user, pk, action="catalogue_item.manage")
    if request.method == "POST":
        form = ItemEditForm(request.POST, instance=item)
    else:
        form = ItemEditForm(instance=item, initial={"stock_was": item.stock})
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(user=request.user, item=item, stock_was=form.cleaned_data["stock_was"],
                                 **form.item_fields())
        except (services.LedgerError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("ledger:shop")
    return render(request, "ledger/item_form.html", {"form": form, "item": item}, status=400 if form.errors else 200)


@login_required
def item_redeem(request, pk: int):
    """At the counter: redeem an item for a resident, whose account is found by phone or ID number."""
    item = selectors.item_for_user(request.user, pk, action="redemption.place")
    form = CounterRedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts = selectors.counter_account(request.user, item, form.cleaned_data["holder"])
        if not accounts:
            form.add_error("holder", _("Nobody with that phone or ID number holds an account in “%(name)s” in "
                                       "your units.") % {"name": item.scheme.name})
        elif len(accounts) > 1:
            form.add_error("holder", _("Several registered people share this phone number; use the ID number."))
        else:
            try:
                redemption = services.redemption_place(item, accounts[0], form.cleaned_data["quantity"],
                                                       user=request.user)
            except services.LedgerError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("%(name)s redeemed “%(item)s” × %(quantity)d for %(total)s %(unit)s.") % {
                    "name": accounts[0].holder_name, "item": item.name, "quantity": redemption.quantity,
                    "total": quantity(redemption.total), "unit": item.scheme.unit_label})
                return redirect("ledger:orders")
    return render(request, "ledger/redeem.html", {"item": item, "form": form}, status=400 if form.errors else 200)


# ---- orders --------------------------------------------------------------------------------


def _orders_page(request, *, status=200):
    if not access.has_action(request.user, "redemption.view"):
        raise PermissionDenied
    wanted = request.GET.get("status", RedemptionStatus.PLACED)
    page = paginate(request, selectors.redemptions_for_user(request.user, status=wanted))
    page.object_list = TransitionLog.objects.attach(page.object_list)
    for order in page.object_list:
        order.can_fulfil = (REDEMPTION_PROCESS.allows("fulfil", order)
                            and access.can(request.user, "redemption.fulfil", order))
        order.can_cancel = (REDEMPTION_PROCESS.allows("cancel", order)
                            and access.can(request.user, "redemption.cancel", order))
    return render(request, "ledger/orders.html", {"page": page, "status": wanted, "statuses": ORDER_STATUSES},
                  status=status)


@login_required
def order_list(request):
    return _orders_page(request)


@login_required
@require_POST
def order_fulfil(request, pk: int):
    order = selectors.redemption_for_user(request.user, pk, action="redemption.fulfil")
    try:
        services.redemption_fulfil(order, user=request.user)
    except services.LedgerError as exc:
        messages.error(request, str(exc))
        return _orders_page(request, status=400)
    messages.success(request, _("“%(item)s” handed over.") % {"item": order.item.name})
    return redirect("ledger:orders")


@login_required
@require_POST
def order_cancel(request, pk: int):
    order = selectors.redemption_for_user(request.user, pk, action="redemption.cancel")
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return _orders_page(request, status=400)
    try:
        services.redemption_cancel(order, user=request.user, reason=form.cleaned_data["reason"])
    except services.LedgerError as exc:
        messages.error(request, str(exc))
        return _orders_page(request, status=400)
    messages.success(request, _("Redemption cancelled; %(total)s %(unit)s returned to the account and the stock "
                                "restored.") % {"total": quantity(order.total),
                                                "unit": order.account.scheme.unit_label})
    return redirect("ledger:orders")
