from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs
from wuse.regions.models import Region
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import TransitionError, available_transitions

from . import selectors, services
from .forms import NeedEditForm, NeedForm, TransitionForm
from .models import Need
from .workflow import NEED_PROCESS


@login_required
def need_list(request):
    if not access.has_action(request.user, "need.view"):
        raise PermissionDenied
    region = None
    code = request.GET.get("region", "")
    if code:
        if not (len(code) == 12 and code.isascii() and code.isdigit()):
            raise Http404
        region = access.get_for_user(request.user, Region, code=code)
    needs = selectors.needs_for_user(request.user, status=request.GET.get("status", ""), region=region)
    return render(request, "needs/list.html", {
        "page": paginate(request, needs),
        "counts": selectors.status_counts(selectors.needs_for_user(request.user, region=region)),
        "status": request.GET.get("status", ""),
        "region": region,
        "breadcrumbs": breadcrumbs(request.user, region) if region else [],
        "can_create": access.has_action(request.user, "need.create"),
    })


@login_required
def need_detail(request, pk: int):
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk)
    return render(request, "needs/detail.html", _detail_context(request, need))


def _detail_context(request, need, **extra):
    return {
        "need": need,
        "breadcrumbs": breadcrumbs(request.user, need.community),
        "transitions": available_transitions(NEED_PROCESS, need, request.user),
        "timeline": TransitionLog.objects.timeline(need),
        "can": access.can_map(request.user, need, ["need.change"]),
        "transition_form": TransitionForm(),
        **extra,
    }


@login_required
def need_create(request):
    communities = selectors.communities_for_create(request.user)
    if not communities.exists():
        raise PermissionDenied
    form = NeedForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        need = services.need_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Need registered."))
        return redirect("needs:detail", pk=need.pk)
    return render(request, "needs/form.html", {"form": form})


@login_required
def need_edit(request, pk: int):
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk, action="need.change")
    initial = {"title": need.title, "description": need.description, "version": need.version}
    form = NeedEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(user=request.user, need=need, **form.cleaned_data)
        except services.NeedConflict as exc:
            form.add_error(None, str(exc))
            return render(request, "needs/edit.html", {"form": form, "need": need, "conflict": True}, status=409)
        messages.success(request, _("Changes saved."))
        return redirect("needs:detail", pk=need.pk)
    return render(request, "needs/edit.html", {"form": form, "need": need})


@login_required
@require_POST
def need_transition(request, pk: int, name: str):
    need = access.get_for_user(request.user, Need.objects.for_detail(), pk=pk)
    form = TransitionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.need_transition(user=request.user, need=need, name=name, reason=reason)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return render(request, "needs/detail.html", _detail_context(request, need, transition_form=form),
                      status=409)
    messages.success(request, _("Status updated."))
    return redirect("needs:detail", pk=need.pk)
