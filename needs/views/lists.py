"""Pages of the published needs list (需求清单), for staff and for the public (公示)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import TransitionError, transition_options

from .. import selectors, services
from ..forms import NeedsListForm, NeedsListNoticeForm
from ..lists import NEEDS_LIST_PROCESS
from ..models import Need, NeedsList, PublishedNeedsList
from ..workflow import NEED_PROCESS


@login_required
def list_index(request):
    if not access.has_action(request.user, "needs_list.view"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in dict(NEEDS_LIST_PROCESS.choices) else ""
    lists = selectors.needs_lists_for_user(request.user, status)
    communities = access.scoped(request.user, "needs_list.create", Region.objects.of_level(Level.COMMUNITY))
    form = NeedsListForm(request.POST or None, communities=communities, initial=_notice_initial(communities))
    if request.method == "POST":
        if not communities.exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                needs_list = services.needs_list_create(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("List started with the community's listed needs."))
                return redirect("needs:list_detail", pk=needs_list.pk)
    return render(request, "needs/lists/index.html", {
        "page": paginate(request, lists.order_by("-period_start", "-id")), "form": form,
        "can_create": communities.exists(), "status": status, "statuses": NEEDS_LIST_PROCESS.choices,
    })


def _notice_initial(communities) -> dict:
    """A new list repeats its community's last notice (period, where to object), so staff need not retype it."""
    if len(communities) != 1:
        return {}
    return (NeedsList.objects.filter(community=communities[0]).order_by("-created_at", "-id")
            .values(*services.NOTICE_FIELDS).first() or {})


def _list_context(request, needs_list, **extra):
    items = needs_list.items.select_related("need__category").order_by("position", "id")
    on_list = [item.need_id for item in items]
    can = access.can_map(request.user, needs_list, ["needs_list.change"])
    return {
        "needs_list": needs_list,
        "breadcrumbs": breadcrumbs(request.user, needs_list.community),
        "items": items,
        "addable": Need.objects.filter(community_id=needs_list.community_id, status__in=services.LISTABLE_STATES)
        .exclude(pk__in=on_list).only("id", "title", "status").order_by("-created_at")[:200]
        if can["change"] and needs_list.is_editable else [],
        "transitions": transition_options(NEEDS_LIST_PROCESS, needs_list, request.user),
        "can_edit_items": can["change"] and needs_list.is_editable,
        "notice_form": NeedsListNoticeForm(initial={name: getattr(needs_list, name) for name in services.NOTICE_FIELDS})
        if can["change"] and needs_list.is_editable else None,
        "timeline": TransitionLog.objects.timeline(needs_list),
        "versions": needs_list.versions.only("id", "number", "published_at", "needs_list_id"),
        **extra,
    }


@login_required
def list_detail(request, pk: int):
    needs_list = access.get_for_user(request.user, NeedsList.objects.select_related("community"), pk=pk)
    return render(request, "needs/lists/detail.html", _list_context(request, needs_list))


@login_required
@require_POST
def list_notice(request, pk: int):
    """A draft's publicity period and where residents raise objections."""
    needs_list = access.get_for_user(request.user, NeedsList.objects.select_related("community"), pk=pk,
                                     action="needs_list.change")
    form = NeedsListNoticeForm(request.POST)
    if form.is_valid():
        try:
            services.needs_list_set_notice(user=request.user, needs_list=needs_list, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("needs:list_detail", pk=needs_list.pk)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The public notice's period and contact are saved."))
            return redirect("needs:list_detail", pk=needs_list.pk)
    return render(request, "needs/lists/detail.html", _list_context(request, needs_list, notice_form=form), status=400)


def _need_from_post(request, needs_list):
    try:
        return Need.objects.get(pk=int(request.POST.get("need", "")), community_id=needs_list.community_id)
    except (ValueError, Need.DoesNotExist):
        raise Http404 from None


@login_required
@require_POST
def list_add(request, pk: int):
    needs_list = access.get_for_user(request.user, NeedsList.objects.all(), pk=pk, action="needs_list.change")
    return _item_change(request, needs_list, services.needs_list_add, _("Added to the list."))


@login_required
@require_POST
def list_remove(request, pk: int):
    needs_list = access.get_for_user(request.user, NeedsList.objects.all(), pk=pk, action="needs_list.change")
    return _item_change(request, needs_list, services.needs_list_remove, _("Removed from the list."))


def _item_change(request, needs_list, service, done_message):
    try:
        service(user=request.user, needs_list=needs_list, need=_need_from_post(request, needs_list))
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done_message)
    return redirect("needs:list_detail", pk=needs_list.pk)


@login_required
@require_POST
def list_transition(request, pk: int, name: str):
    needs_list = access.get_for_user(request.user, NeedsList.objects.select_related("community"), pk=pk)
    try:
        services.needs_list_transition(user=request.user, needs_list=needs_list, name=name,
                                       reason=request.POST.get("reason", "")[:1000])
    except TransitionError as exc:
        messages.error(request, str(exc))
        return render(request, "needs/lists/detail.html", _list_context(request, needs_list), status=409)
    messages.success(request, _("Published.") if name == "approve" else _("Status updated."))
    return redirect("needs:list_detail", pk=needs_list.pk)


def _labelled(items: list[dict]) -> list[dict]:
    return [{**item, "status_label": NEED_PROCESS.label(item["status"])} for item in items]


@login_required
def version_detail(request, pk: int, number: int):
    needs_list = access.get_for_user(request.user, NeedsList.objects.select_related("community"), pk=pk)
    version = get_object_or_404(PublishedNeedsList.objects.select_related("needs_list__community"),
                                needs_list=needs_list, number=number)
    return render(request, "needs/lists/version.html", {
        "needs_list": needs_list, "version": version, "items": _labelled(version.items),
        "breadcrumbs": breadcrumbs(request.user, needs_list.community), "public": False,
    })


# --- public 公示 pages: no account, no personal data ------------------------------------------

def public_community(request, code: str):
    community = get_object_or_404(Region, code=code, level=Level.COMMUNITY)
    versions = _latest_versions(community)
    return render(request, "needs/lists/public.html", {
        "community": community, "path": community.path(),
        "lists": [(v, _labelled(v.items)) for v in sorted(versions, key=lambda v: v.needs_list.period_start,
                                                            reverse=True)[:20]],
    })


def _latest_versions(community):
    """The newest published version of each of the community's lists (one query)."""
    from django.db.models import Max, OuterRef, Subquery

    newest = (PublishedNeedsList.objects.filter(needs_list=OuterRef("needs_list")).values("needs_list")
              .annotate(m=Max("number")).values("m"))
    return (PublishedNeedsList.objects.filter(needs_list__community=community, number=Subquery(newest))
            .select_related("needs_list__community"))


def public_version(request, code: str, pk: int, number: int):
    version = get_object_or_404(PublishedNeedsList.objects.select_related("needs_list__community"),
                                needs_list_id=pk, number=number, needs_list__community_id=code)
    return render(request, "needs/lists/version.html", {
        "needs_list": version.needs_list, "version": version, "items": _labelled(version.items), "public": True,
        "path": version.needs_list.community.path(),
    })
