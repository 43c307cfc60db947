"""The plan's versions side by side, and the change requests (变更申请) with the street's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.shell import breadcrumbs
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import transition_options

from .. import services
from ..errors import ProjectError
from ..models import ChangeRequest, Project
from ..plan import compare, snapshot
from ..workflow import CHANGE_PROCESS


def _number(raw: str, default: int) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 9 else default


@login_required
def versions(request, pk: int):
    """Two versions of the plan side by side (``?a=1&b=2``; by default the last two, or the last and the plan as
    it stands)."""
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=pk)
    frozen = {v.number: v for v in project.versions.all()}
    numbers = sorted(frozen)
    current = {"number": 0, "snapshot": snapshot(project)}
    default_b = numbers[-1] if numbers else 0
    default_a = numbers[-2] if len(numbers) > 1 else (numbers[-1] if numbers else 0)
    a = _number(request.GET.get("a", ""), default_a)
    b = _number(request.GET.get("b", ""), default_b if len(numbers) > 1 else 0)
    if (a and a not in frozen) or (b and b not in frozen):
        raise Http404
    left = frozen[a].snapshot if a else current["snapshot"]
    right = frozen[b].snapshot if b else current["snapshot"]
    return render(request, "projects/versions.html", {
        "project": project, "breadcrumbs": breadcrumbs(request.user, project.region), "versions": frozen.values(),
        "a": a, "b": b, "rows": compare(left, right)})


def _change(request, pk: int, change_pk: int):
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=pk)
    change = (ChangeRequest.objects.filter(pk=change_pk, project=project)
              .select_related("requested_by", "decided_by").first())
    if change is None:
        raise Http404
    return project, change


def _change_context(request, project, change) -> dict:
    return {"project": project, "change": change, "breadcrumbs": breadcrumbs(request.user, project.region),
            "rows": compare(snapshot(project) if change.status == "submitted" else
                            _before(change), change.proposed),
            "transitions": transition_options(CHANGE_PROCESS, change, request.user),
            "timeline": TransitionLog.objects.timeline(change)}


def _before(change) -> dict:
    """What the plan read before an approved change (the version frozen before it), or the proposal itself."""
    version = getattr(change, "plan_version", None) if change.status == "approved" else None
    if version is not None:
        earlier = change.project.versions.filter(number__lt=version.number).order_by("-number").first()
        if earlier is not None:
            return earlier.snapshot
    return change.proposed


@login_required
def change_detail(request, pk: int, change_pk: int):
    project, change = _change(request, pk, change_pk)
    return render(request, "projects/change.html", _change_context(request, project, change))


@login_required
@require_POST
def change_transition(request, pk: int, name: str):
    change = access.get_for_user(request.user, ChangeRequest.objects.select_related("requested_by", "decided_by"),
                                 pk=pk)
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=change.project_id)
    try:
        services.change_request_transition(user=request.user, change=change, name=name,
                                           reason=request.POST.get("reason", "")[:1000])
    except ProjectError as exc:
        messages.error(request, str(exc))
        return render(request, "projects/change.html", _change_context(request, project, change), status=409)
    messages.success(request, _("Change approved: the plan now reads as proposed.") if name == "approve"
                     else _("Change rejected."))
    return redirect("projects:change", pk=project.pk, change_pk=change.pk)
