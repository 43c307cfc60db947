"""The open calls' pages: the list, a new call, a call (criteria, bids, actions), bidding, deciding on a bid,
selecting the winner."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.errors import DomainError
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.spreadsheets import xlsx_response
from wuse.workflow.services import transition_options

from . import exports, selectors, services
from .access import is_poster_member
from .forms import BidForm, CallForm
from .models import Bid, CallKind
from .workflow import CALL_PROCESS, POSTED, SHORTLISTED


@login_required
def call_list(request):
    if not access.has_action(request.user, "call.view"):
        raise PermissionDenied
    region = region_from_query(request)
    status = request.GET.get("status", "")
    status = status if status in dict(CALL_PROCESS.choices) else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in CallKind.values else ""
    q = request.GET.get("q", "")[:50]
    scope = selectors.call_scope(request.user, region)
    page = keyset_page(request, selectors.calls_filtered(status=status, q=q, kind=kind), scope=scope,
                       by_unit=not q)
    return render(request, "calls/list.html", {
        "page": page, "region": region, "status": status, "q": q, "kind": kind, "states": CALL_PROCESS.choices,
        "kinds": CallKind.choices, "breadcrumbs": breadcrumbs(request.user, region) if region else [],
        "can_create": access.has_action(request.user, "call.manage"),
        "can_post_partners": selectors.my_organizations(request.user).exists(),
    })


def _create(request, form, **where):
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_create(user=request.user, title=data["title"], problem=data["problem"],
                                        budget=data["budget"], deadline=data["deadline"],
                                        reward=data.get("reward", ""), criteria=form.criteria(),
                                        **{key: data[key] for key in where})
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The call is saved as a draft."))
            return redirect("calls:detail", call.pk)
    return render(request, "calls/form.html", {"form": form, **where},
                  status=400 if request.method == "POST" else 200)


@login_required
def call_create(request):
    if not access.has_action(request.user, "call.manage"):
        raise PermissionDenied
    return _create(request, CallForm(request.POST or None, units=selectors.units_to_post(request.user)),
                   region=True)


@login_required
def partner_call_create(request):
    organizations = selectors.my_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    return _create(request, CallForm(request.POST or None, organizations=organizations), organization=True)


def _call_or_404(user, pk):
    found = selectors.call_visible(user, pk)
    if found is None:
        raise Http404
    return found


@login_required
def call_detail(request, pk):
    call = _call_or_404(request.user, pk)
    can_manage = access.can(request.user, "call.manage", call) and (
        not call.is_partners or is_poster_member(request.user, call))
    bids = list(selectors.bids_for(request.user, call))
    return render(request, "calls/detail.html", {
        "call": call, "criteria": list(call.criteria.all()), "bids": bids, "can_manage": can_manage,
        "options": transition_options(CALL_PROCESS, call, request.user),
        "can_export": access.can(request.user, "call_bid.view", call),
        "can_bid": call.status == POSTED and timezone.localdate() <= call.deadline
        and selectors.bidders_for(request.user, call).exists(),
        "can_record_team": can_manage and call.status == POSTED and not call.is_partners,
        "deciding": can_manage and call.status == POSTED, "selecting": can_manage and call.status == SHORTLISTED,
    })


@login_required
@require_POST
def call_transition(request, pk, name):
    call = _call_or_404(request.user, pk)
    try:
        services.call_transition(user=request.user, call=call, name=name, reason=request.POST.get("reason", "")[:1000])
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("calls:detail", call.pk)


@login_required
def bid_create(request, pk):
    call = _call_or_404(request.user, pk)
    organizations = selectors.bidders_for(request.user, call)
    if not organizations.exists():
        raise PermissionDenied
    form = BidForm(request.POST or None, organizations=organizations, price_required=not call.is_partners)
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_submit(user=request.user, call=call, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your bid is submitted."))
            return redirect("calls:detail", call.pk)
    return render(request, "calls/bid_form.html", {"form": form, "call": call},
                  status=400 if request.method == "POST" else 200)


@login_required
def bid_team(request, pk):
    call = _call_or_404(request.user, pk)
    if call.is_partners or not access.can(request.user, "call.manage", call):
        raise PermissionDenied
    form = BidForm(request.POST or None, teams=selectors.teams_to_record(request.user, call))
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_record_team(user=request.user, call=call, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The volunteer team's bid is recorded."))
            return redirect("calls:detail", call.pk)
    return render(request, "calls/bid_form.html", {"form": form, "call": call, "for_team": True},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def bid_decide(request, pk, bid_pk, name):
    call = _call_or_404(request.user, pk)
    bid = Bid.objects.filter(call=call, pk=bid_pk).first()
    if bid is None or name not in ("shortlist", "decline"):
        raise Http404
    try:
        services.bid_decide(user=request.user, bid=bid, name=name, reason=request.POST.get("reason", "")[:500])
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("calls:detail", call.pk)


@login_required
@require_POST
def call_select(request, pk):
    call = _call_or_404(request.user, pk)
    try:
        call = services.call_select(user=request.user, call=call, bid_id=request.POST.get("bid", "")[:12])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The partner is selected.") if call.is_partners
                         else _("The bid is selected: its organization undertakes the new project."))
    return redirect("calls:detail", call.pk)


@login_required
def bids_export(request, pk):
    call = _call_or_404(request.user, pk)
    if not access.can(request.user, "call_bid.view", call):
        raise PermissionDenied
    filename, sheets = exports.export_bids(user=request.user, call=call, bids=selectors.bids_for(request.user, call))
    return xlsx_response(filename, sheets)
