"""The co-building pages: the lists (filters, region drill-down, keyset pages), a new list, a list's page with its
pledges and fulfilment, a pledge's page (match, deliveries, the co-building project), the transitions, the xlsx
export and the "waiting for me" list. A refusal draws the page again with the form and its message (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wuse.access import api as access
from wuse.core.errors import DomainError
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page, paginate
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.regions.levels import Level
from wuse.spreadsheets import xlsx_response
from wuse.workflow.services import transition_options

from . import selectors, services
from .exports import export_list
from .forms import DeliveryForm, ListFilterForm, ListForm, MatchForm, PledgeForm
from .models import CobuildList, Pledge, summarize
from .workflow import DRAFT, LIST_PROCESS, PUBLIC_STATES, PUBLISHED

REFUSALS = (ValidationError, DomainError, PermissionDenied)


def _refusal(form, exc) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("You may not do this."))
    else:
        add_errors(form, exc)


@login_required
@require_GET
def list_index(request):
    if not access.has_action(request.user, "cobuild.view"):
        raise PermissionDenied
    region = region_from_query(request)
    form = ListFilterForm(request.GET or None)
    filters = form.filters()
    scope = selectors.list_scope(request.user, region)
    page = keyset_page(request, selectors.lists_filtered(**filters), scope=scope, by_unit=not filters["q"])
    return render(request, "cobuild/list.html", {
        "form": form, "page": page, "counts": selectors.status_counts(scope), "region": region,
        "breadcrumbs": breadcrumbs(request.user, region) if region else [],
        "can_create": access.has_action(request.user, "cobuild.change"), "community_level": Level.COMMUNITY,
    })


@login_required
def list_create(request):
    if not access.has_action(request.user, "cobuild.change"):
        raise PermissionDenied
    form = ListForm(request.POST or None, communities=list(selectors.communities_for(request.user)))
    if request.method == "POST" and form.is_valid():
        try:
            cobuild_list = services.list_create(user=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("Co-building list created: add its pledges."))
            return redirect("cobuild:detail", cobuild_list.pk)
    return render(request, "cobuild/form.html", {"form": form}, status=400 if form.errors else 200)


def _list(request, pk: int, action: str | None = None) -> CobuildList:
    return access.get_for_user(request.user, CobuildList.objects.select_related("region"), pk=pk, action=action)


def render_detail(request, cobuild_list: CobuildList, *, pledge_form=None, reason: str = ""):
    can_change = access.can(request.user, "cobuild.change", cobuild_list)
    if pledge_form is None and can_change and cobuild_list.status == DRAFT:
        pledge_form = PledgeForm(community=cobuild_list.region_id, initial={
            "starts_on": cobuild_list.period_start, "ends_on": cobuild_list.period_end})
    pledges = list(selectors.pledges_of(cobuild_list))
    return render(request, "cobuild/detail.html", {
        "object": cobuild_list, "pledges": pledges, "summary": summarize(pledges), "pledge_form": pledge_form,
        "options": transition_options(LIST_PROCESS, cobuild_list, request.user), "reason": reason,
        "can_change": can_change, "is_public": cobuild_list.status in PUBLIC_STATES,
    }, status=400 if pledge_form is not None and pledge_form.errors else 200)


@login_required
@require_GET
def list_detail(request, pk: int):
    return render_detail(request, _list(request, pk))


@login_required
@require_POST
def pledge_add(request, pk: int):
    cobuild_list = _list(request, pk, "cobuild.change")
    form = PledgeForm(request.POST, community=cobuild_list.region_id)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.pledge_add(user=request.user, cobuild_list=cobuild_list, data=services.PledgeData(
                unit=d["unit"], resource=d["resource"], description=d["description"], quantity=d["quantity"],
                measure=d["measure"], value=d["value"], starts_on=d["starts_on"], ends_on=d["ends_on"],
                need=d["need"], project=d["project"]))
        except REFUSALS as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("Pledge added."))
            return redirect("cobuild:detail", cobuild_list.pk)
    return render_detail(request, cobuild_list, pledge_form=form)


@login_required
@require_POST
def list_transition(request, pk: int, name: str):
    cobuild_list = _list(request, pk)
    reason = request.POST.get("reason", "")[:1000]
    try:
        services.list_transition(user=request.user, cobuild_list=cobuild_list, name=name, reason=reason)
    except (DomainError, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return render_detail(request, cobuild_list, reason=reason)
    messages.success(request, _("Done: %(action)s.") % {"action": LIST_PROCESS.transition(name).label})
    return redirect("cobuild:detail", cobuild_list.pk)


def _pledge(request, pk: int, action: str | None = None) -> Pledge:
    return access.get_for_user(request.user, Pledge.objects.for_table().select_related("cobuild_list__region"),
                               pk=pk, action=action)


def render_pledge(request, pledge: Pledge, *, match_form=None, delivery_form=None, status: int = 200):
    can_change = access.can(request.user, "cobuild.change", pledge)
    state = pledge.cobuild_list.status
    if match_form is None and can_change and state == DRAFT:
        match_form = MatchForm(community=pledge.region_id, initial={"need": pledge.need_id,
                                                                     "project": pledge.project_id})
    if delivery_form is None and can_change and state == PUBLISHED and not pledge.fulfilled:
        delivery_form = DeliveryForm(initial={"delivered_on": timezone.localdate()})
    page = paginate(request, pledge.deliveries.select_related("recorded_by").order_by("-delivered_on", "-id"))
    return render(request, "cobuild/pledge.html", {
        "pledge": pledge, "object": pledge.cobuild_list, "match_form": match_form, "delivery_form": delivery_form,
        "page": page, "can_change": can_change, "can_remove": can_change and state == DRAFT,
        "can_make_project": can_change and state in (DRAFT, PUBLISHED) and not pledge.project_id,
    }, status=status)


@login_required
@require_GET
def pledge_detail(request, pk: int):
    return render_pledge(request, _pledge(request, pk))


@login_required
@require_POST
def pledge_match(request, pk: int):
    pledge = _pledge(request, pk, "cobuild.change")
    form = MatchForm(request.POST, community=pledge.region_id)
    if form.is_valid():
        try:
            services.pledge_match(user=request.user, pledge=pledge, **form.cleaned_data)
        except REFUSALS as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("Match saved."))
            return redirect("cobuild:pledge", pledge.pk)
    return render_pledge(request, pledge, match_form=form, status=400)


@login_required
@require_POST
def pledge_deliver(request, pk: int):
    pledge = _pledge(request, pk, "cobuild.change")
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            services.delivery_record(user=request.user, pledge=pledge, **form.cleaned_data)
        except REFUSALS as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("Delivery recorded."))
            return redirect("cobuild:pledge", pledge.pk)
    return render_pledge(request, pledge, delivery_form=form, status=400)


def _one_click(request, pledge, call, done: str, then):
    try:
        result = call()
    except REFUSALS as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else
                       (str(exc) or _("You may not do this.")))
        return render_pledge(request, pledge, status=400)
    messages.success(request, done)
    return then(result)


@login_required
@require_POST
def pledge_remove(request, pk: int):
    pledge = _pledge(request, pk, "cobuild.change")
    list_pk = pledge.cobuild_list_id
    return _one_click(request, pledge, lambda: services.pledge_remove(user=request.user, pledge=pledge),
                      _("Pledge removed."), lambda _r: redirect("cobuild:detail", list_pk))


@login_required
@require_POST
def pledge_project(request, pk: int):
    pledge = _pledge(request, pk, "cobuild.change")
    return _one_click(request, pledge, lambda: services.pledge_make_project(user=request.user, pledge=pledge),
                      _("Co-building project created as a draft: complete its plan."),
                      lambda project: redirect("projects:detail", project.pk))


@login_required
@require_GET
def list_export(request, pk: int):
    cobuild_list = _list(request, pk)
    export = export_list(user=request.user, cobuild_list=cobuild_list)
    return xlsx_response(export.filename, export.sheets)


@login_required
@require_GET
def waiting(request):
    if not access.has_action(request.user, "cobuild.change"):
        raise PermissionDenied
    page = paginate(request, selectors.due_without_delivery(request.user).select_related(
        "cobuild_list", "donor", "organization"))
    return render(request, "cobuild/waiting.html", {"page": page})
