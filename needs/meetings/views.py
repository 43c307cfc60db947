from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from needs.models import Need
from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs

from . import selectors, services
from .forms import (
    LinkNeedForm,
    MeetingEditForm,
    MeetingFilterForm,
    MeetingForm,
    RaiseNeedForm,
    RepresentativeForm,
    representative_formset,
)
from .models import LinkRole, Meeting, MeetingNeed, MeetingRepresentative

DETAIL_ACTIONS = ["meeting.change", "meeting.delete", "meeting.link_need"]


@login_required
def meeting_list(request):
    if not access.has_action(request.user, "meeting.view"):
        raise PermissionDenied
    region = region_from_query(request)
    form = MeetingFilterForm(request.GET or None)
    meetings = selectors.meetings_for_user(request.user, form.filters(region))
    return render(request, "meetings/list.html", {
        "form": form,
        "page": paginate(request, meetings),
        "region": region,
        "breadcrumbs": breadcrumbs(request.user, region) if region else [],
        "can_create": access.has_action(request.user, "meeting.create"),
    })


@login_required
def meeting_create(request):
    communities = selectors.communities_for_create(request.user)
    if not communities.exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, communities=communities)
    formset = representative_formset(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            meeting = services.meeting_create(user=request.user, representatives=formset.representatives(),
                                              **form.meeting_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "formset": formset})


@login_required
def meeting_edit(request, pk: int):
    meeting = access.get_for_user(request.user, Meeting.objects.for_detail(), pk=pk, action="meeting.change")
    if request.method == "POST":
        form = MeetingEditForm(request.POST)
        formset = representative_formset(request.POST)
    else:
        form = MeetingEditForm(initial={**{f: getattr(meeting, f) for f in services.EDITABLE_FIELDS},
                                        "version": meeting.version})
        formset = representative_formset(initial=[
            {"society": r.society, "name": r.name, "count": r.count}
            for r in selectors.meeting_representatives(meeting)])
    context = {"form": form, "formset": formset, "meeting": meeting}
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        fields = {k: v for k, v in form.cleaned_data.items() if k in services.EDITABLE_FIELDS}
        try:
            services.meeting_update(user=request.user, meeting=meeting, version=form.cleaned_data["version"],
                                    representatives=formset.representatives(), **fields)
        except services.MeetingConflict as exc:
            meeting.refresh_from_db()
            add_errors(form, exc)
            return render(request, "meetings/form.html", {**context, "conflict_fields": [
                _field_label(f) for f in exc.changed if f != "version"]}, status=409)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", context)


def _field_label(name: str) -> str:
    if name == "representatives":
        return str(MeetingRepresentative._meta.verbose_name_plural)
    return str(Meeting._meta.get_field(name).verbose_name)


def _section(meeting, anchor: str) -> str:
    """The meeting's page, scrolled to the part the user just changed."""
    return reverse("meetings:detail", args=[meeting.pk]) + f"#{anchor}"


@login_required
def meeting_detail(request, pk: int):
    meeting = access.get_for_user(request.user, Meeting.objects.for_detail(), pk=pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def _detail_context(request, meeting, **extra):
    can = access.can_map(request.user, meeting, DETAIL_ACTIONS)
    representatives = list(selectors.meeting_representatives(meeting))
    links = list(selectors.meeting_needs(meeting))
    context = {
        "meeting": meeting,
        "breadcrumbs": breadcrumbs(request.user, meeting.community),
        "representatives": representatives,
        "attendance": meeting.residents_count + sum(r.count for r in representatives),
        "links": links,
        "raised_count": sum(1 for link in links if link.role == LinkRole.RAISED),
        "can": {**can, "raise": can["link_need"] and meeting.has_taken_place},
    }
    if can["link_need"] and "link_form" not in extra:
        context["link_form"] = LinkNeedForm(prefix="link", needs=selectors.linkable_needs(request.user, meeting))
    if context["can"]["raise"] and "raise_form" not in extra:
        context["raise_form"] = RaiseNeedForm(prefix="raise")
    if can["change"] and "representative_form" not in extra:
        context["representative_form"] = RepresentativeForm(prefix="rep")
    return {**context, **extra}


@login_required
@require_POST
def meeting_delete(request, pk: int):
    meeting = access.get_for_user(request.user, Meeting.objects.for_detail(), pk=pk, action="meeting.delete")
    try:
        services.meeting_delete(user=request.user, meeting=meeting)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
        return render(request, "meetings/detail.html", _detail_context(request, meeting), status=409)
    messages.success(request, _("Meeting deleted."))
    return redirect("meetings:list")


@login_required
@require_POST
def meeting_link_need(request, pk: int):
    meeting = access.get_for_user(request.user, Meeting.objects.for_detail(), pk=pk, action="meeting.link_need")
    form = LinkNeedForm(request.POST, prefix="link", needs=selectors.linkable_needs(request.user, meeting))
    if form.is_valid():
        try:
            need = access.get_for_user(request.user, Need.objects.all(), pk=form.cleaned_data["need_pk"])
        except Http404:
            form.add_error("number", _("There is no need no. %(id)s that you may see.")
                           % {"id": form.cleaned_data["need_pk"]})
        else:
            try:
                services.need_link(user=request.user, meeting=meeting, need=need, role=form.cleaned_data["role"],
                                   note=form.cleaned_data["note"])
            except (services.MeetingError, ValidationError) as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Need linked to the meeting."))
                return redirect(_section(meeting, "needs"))
    return render(request, "meetings/detail.html", _detail_context(request, meeting, link_form=form), status=400)


@login_required
@require_POST
def meeting_raise_need(request, pk: int):
    meeting = access.get_for_user(request.user, Meeting.objects.for_detail(), pk=pk, action="meeting.link_need")
    form = RaiseNeedForm(request.POST, prefix="raise")
    if form.is_valid():
        try:
            link = services.meeting_raise_need(user=request.user, meeting=meeting, **form.cleaned_data)
        except (services.MeetingError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Need “%(title)s” registered and linked to the meeting.")
                             % {"title": link.need.title})
            return redirect(_section(meeting, "needs"))
    return render(request, "meetings/detail.html", _detail_context(request, meeting, raise_form=form), status=400)


@login_required
@require_POST
def meeting_unlink_need(request, pk: int, link_pk: int):
    meeting = access.get_for_user(request.user, Meeting.objects.for_detail(), pk=pk, action="meeting.link_need")
    link = get_object_or_404(MeetingNeed.objects.select_related("meeting", "need"), pk=link_pk, meeting=meeting)
    try:
        services.need_unlink(user=request.user, link=link)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("“%(title)s” is no longer linked to the meeting.") % {"title": link.need.title})
    return redirect(_section(meeting, "needs"))


@login_required
@require_POST
def representative_add(request, pk: int):
    meeting = access.get_for_user(request.user, Meeting.objects.for_detail(), pk=pk, action="meeting.change")
    form = RepresentativeForm(request.POST, prefix="rep")
    if form.is_valid():
        try:
            services.representative_add(user=request.user, meeting=meeting, **form.cleaned_data)
        except (services.MeetingError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Representative added."))
            return redirect(_section(meeting, "representatives"))
    return render(request, "meetings/detail.html", _detail_context(request, meeting, representative_form=form),
                  status=400)


@login_required
@require_POST
def representative_remove(request, pk: int, rep_pk: int):
    meeting = access.get_for_user(request.user, Meeting.objects.for_detail(), pk=pk, action="meeting.change")
    representative = get_object_or_404(MeetingRepresentative.objects.select_related("meeting"), pk=rep_pk,
                                       meeting=meeting)
    try:
        services.representative_remove(user=request.user, representative=representative)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Representative removed."))
    return redirect(_section(meeting, "representatives"))
