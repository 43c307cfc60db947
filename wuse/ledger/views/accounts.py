"""One account: its statement, the counter's actions on it, its yearly export; adjustments awaiting approval.

Every action calls one service; a refusal (``LedgerError``) comes back as the form's error with
nothing written, and the page is shown again with status 400.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.numbers import quantity
from wuse.core.pagination import paginate
from wuse.spreadsheets import xlsx_response
from wuse.workflow.models import TransitionLog

from .. import export, selectors, services
from ..forms import (
    POOL,
    AdjustmentRequestForm,
    DecisionForm,
    DonateForm,
    SpendForm,
    StatementYearForm,
    TransferForm,
    current_year,
    years_back,
)
from ..models import AdjustmentStatus, HolderKind, TransferRule
from ..workflow import ADJUSTMENT_PROCESS

ACCOUNT_ACTIONS = ["ledger_account.operate", "ledger_adjustment.request", "ledger_account.export"]


def statement_context(request, account, **extra) -> dict:
    """The statement's page: the holder (masked), balances, a page of entries with their causes."""
    page = paginate(request, selectors.account_entries(account))
    context = {
        "account": account,
        "scheme": account.scheme,
        "holder": account.person.masked if account.holder_kind == HolderKind.PERSON else None,
        "page": page,
        "entries": selectors.with_causes(page.object_list),
        "years": years_back(),
    }
    return {**context, **extra}


def _detail_context(request, account, **forms) -> dict:
    can = access.can_map(request.user, account, ACCOUNT_ACTIONS)
    scheme = account.scheme
    is_person = account.holder_kind == HolderKind.PERSON
    can["spend"] = can["operate"] and account.holder_kind != HolderKind.POOL
    can["transfer"] = can["operate"] and is_person and scheme.transfer_rule != TransferRule.NONE
    can["donate"] = can["operate"] and scheme.allow_donation and account.holder_kind != HolderKind.POOL
    context = statement_context(request, account, can=can,
                                pending=selectors.account_pending_adjustments(account))
    if can["spend"]:
        context["spend_form"] = forms.get("spend_form") or SpendForm(prefix="spend")
    if can["transfer"]:
        context["transfer_form"] = forms.get("transfer_form") or TransferForm(
            prefix="transfer", family_only=scheme.transfer_rule == TransferRule.FAMILY)
    if can["donate"]:
        context["donate_form"] = forms.get("donate_form") or DonateForm(
            prefix="donate", targets=selectors.donation_targets(account))
    if can["request"]:
        context["adjust_form"] = forms.get("adjust_form") or AdjustmentRequestForm(prefix="adjust")
    return context


@login_required
def account_detail(request, pk: int):
    account = selectors.account_for_user(request.user, pk)
    return render(request, "ledger/account.html", _detail_context(request, account))


def _refused(request, account, name: str, form):
    return render(request, "ledger/account.html", _detail_context(request, account, **{name: form}), status=400)


def _done(account):
    return redirect(reverse("ledger:account", args=[account.pk]) + "#statement")


@login_required
@require_POST
def account_spend(request, pk: int):
    account = selectors.account_for_user(request.user, pk, action="ledger_account.operate")
    form = SpendForm(request.POST, prefix="spend")
    if form.is_valid():
        try:
            services.spend(account, form.cleaned_data["amount"], ref=form.ref(), user=request.user,
                           memo=form.cleaned_data["memo"])
        except services.LedgerError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Recorded: %(amount)s %(unit)s for help received.") % {
                "amount": quantity(form.cleaned_data["amount"]), "unit": account.scheme.unit_label})
            return _done(account)
    return _refused(request, account, "spend_form", form)


@login_required
@require_POST
def account_transfer(request, pk: int):
    account = selectors.account_for_user(request.user, pk, action="ledger_account.operate")
    scheme = account.scheme
    form = TransferForm(request.POST, prefix="transfer", family_only=scheme.transfer_rule == TransferRule.FAMILY)
    if form.is_valid():
        targets = selectors.scheme_accounts_by_contact(scheme, form.cleaned_data["target"])
        if not targets:
            form.add_error("target", _("Nobody with that phone or ID number holds an account in “%(name)s”.")
                           % {"name": scheme.name})
        elif len(targets) > 1:
            form.add_error("target", _("Several registered people share this phone number; use the ID number."))
        else:
            try:
                services.transfer(account, targets[0], form.cleaned_data["amount"], user=request.user,
                                  relation=form.cleaned_data["relation"], memo=form.cleaned_data["memo"])
            except services.LedgerError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("%(amount)s %(unit)s transferred to %(name)s.") % {
                    "amount": quantity(form.cleaned_data["amount"]), "unit": scheme.unit_label,
                    "name": targets[0].holder_name})
                return _done(account)
    return _refused(request, account, "transfer_form", form)


@login_required
@require_POST
def account_donate(request, pk: int):
    account = selectors.account_for_user(request.user, pk, action="ledger_account.operate")
    targets = selectors.donation_targets(account)
    form = DonateForm(request.POST, prefix="donate", targets=targets)
    if form.is_valid():
        chosen = form.cleaned_data["target"]
        target = None if chosen == POOL else next(a for a in targets if str(a.pk) == chosen)
        try:
            services.donate(account, form.cleaned_data["amount"], user=request.user, target=target,
                            memo=form.cleaned_data["memo"])
        except services.LedgerError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Donation recorded."))
            return _done(account)
    return _refused(request, account, "donate_form", form)


@login_required
@require_POST
def account_adjust(request, pk: int):
    account = selectors.account_for_user(request.user, pk, action="ledger_adjustment.request")
    form = AdjustmentRequestForm(request.POST, prefix="adjust")
    if form.is_valid():
        try:
            services.adjustment_request(account, form.cleaned_data["amount"], reason=form.cleaned_data["reason"],
                                        user=request.user)
        except services.LedgerError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Adjustment requested; it is written once another person approves it."))
            return _done(account)
    return _refused(request, account, "adjust_form", form)


def statement_response(request, user, account, *, back: str):
    """The account's statement of ``?year=`` as .xlsx (a bad year: back to the page with a message)."""
    form = StatementYearForm(request.GET or {"year": current_year()})
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("year", [_("Choose a year.")])))
        return redirect(back)
    result = export.statement_export(user=user, account=account, year=form.cleaned_data["year"])
    return xlsx_response(result.filename, result.sheets)


@login_required
@require_GET
def account_export(request, pk: int):
    account = selectors.account_for_user(request.user, pk, action="ledger_account.export")
    return statement_response(request, request.user, account, back=reverse("ledger:account", args=[pk]))


# ---- adjustments awaiting approval ---------------------------------------------------------


def _adjustments_page(request, *, status=200):
    if not access.has_action(request.user, "ledger_adjustment.view"):
        raise PermissionDenied
    wanted = request.GET.get("status", AdjustmentStatus.PENDING)
    page = paginate(request, selectors.adjustments_for_user(request.user, status=wanted))
    page.object_list = TransitionLog.objects.attach(page.object_list)
    for adjustment in page.object_list:
        adjustment.can_decide = (ADJUSTMENT_PROCESS.allows("approve", adjustment)
                                 and access.can(request.user, "ledger_adjustment.decide", adjustment))
        adjustment.own = adjustment.requested_by_id == request.user.pk
    return render(request, "ledger/adjustments.html", {
        "page": page, "status": wanted, "statuses": AdjustmentStatus.choices,
    }, status=status)


@login_required
def adjustment_list(request):
    return _adjustments_page(request)


def _decide(request, pk: int, *, approve: bool):
    adjustment = selectors.adjustment_for_user(request.user, pk, action="ledger_adjustment.decide")
    form = DecisionForm(request.POST, note_required=not approve)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", [])) or _("Check the note."))
        return _adjustments_page(request, status=400)
    try:
        if approve:
            services.adjustment_approve(adjustment, user=request.user, note=form.cleaned_data["note"])
        else:
            services.adjustment_reject(adjustment, user=request.user, note=form.cleaned_data["note"])
    except services.LedgerError as exc:
        messages.error(request, str(exc))
        return _adjustments_page(request, status=400)
    messages.success(request, _("Adjustment approved and written.") if approve else _("Adjustment rejected."))
    return redirect("ledger:adjustments")


@login_required
@require_POST
def adjustment_approve(request, pk: int):
    return _decide(request, pk, approve=True)


@login_required
@require_POST
def adjustment_reject(request, pk: int):
    return _decide(request, pk, approve=False)
