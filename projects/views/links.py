"""The small forms of a draft's tabs: link or unlink a listed need, record co-design, add participants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from needs.models import Need
from wuse.access import api as access
from wuse.core.forms import add_errors

from .. import selectors, services
from ..errors import ProjectError
from ..forms import CoDesignForm, LinkNeedForm, ParticipantForm
from ..models import CoDesignRecord, Participant, Project
from .projects import render_detail


def _project(request, pk: int) -> Project:
    return access.get_for_user(request.user, Project.objects.for_detail(), pk=pk, action="project.change")


def _back(project, tab: str):
    return redirect(f"{reverse('projects:detail', args=[project.pk])}?tab={tab}")


def _message(exc) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


@login_required
@require_POST
def need_link(request, pk: int):
    project = _project(request, pk)
    form = LinkNeedForm(request.POST)
    if form.is_valid():
        need = Need.objects.filter(pk=form.cleaned_data["need"]).first()
        if need is None:
            form.add_error("need", _("There is no such need that you may see."))
        else:
            try:
                services.project_link_need(user=request.user, project=project, need=need)
            except (ValidationError, ProjectError) as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Need linked: it is now “in a project” on the needs register."))
                return _back(project, "needs")
    return render_detail(request, project, tab="needs", link_form=form)


@login_required
@require_POST
def need_unlink(request, pk: int, need_pk: int):
    project = _project(request, pk)
    need = Need.objects.filter(pk=need_pk).first()
    if need is None:
        raise Http404
    try:
        services.project_unlink_need(user=request.user, project=project, need=need)
    except ProjectError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Need taken out: it is back on the needs list."))
    return _back(project, "needs")


@login_required
@require_POST
def codesign_add(request, pk: int):
    project = _project(request, pk)
    form = CoDesignForm(request.POST, meetings=selectors.linkable_meetings(request.user, project))
    if form.is_valid():
        try:
            services.codesign_add(user=request.user, project=project, **form.cleaned_data)
        except (ValidationError, ProjectError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Co-design recorded."))
            return _back(project, "codesign")
    return render_detail(request, project, tab="codesign", codesign_form=form)


@login_required
@require_POST
def codesign_remove(request, pk: int, record_pk: int):
    project = _project(request, pk)
    record = CoDesignRecord.objects.filter(pk=record_pk, project=project).first()
    if record is None:
        raise Http404
    try:
        services.codesign_remove(user=request.user, project=project, record=record)
    except ProjectError as exc:
        messages.error(request, _message(exc))
    return _back(project, "codesign")


@login_required
@require_POST
def participant_add(request, pk: int):
    project = _project(request, pk)
    form = ParticipantForm(request.POST, choices=selectors.party_choices(request.user, project))
    if form.is_valid():
        try:
            services.participant_add(user=request.user, project=project, kind=form.cleaned_data["kind"],
                                     party=form.party(), role=form.cleaned_data["role"])
        except (ValidationError, ProjectError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Participant added."))
            return _back(project, "participants")
    return render_detail(request, project, tab="participants", participant_form=form)


@login_required
@require_POST
def participant_remove(request, pk: int, participant_pk: int):
    project = _project(request, pk)
    participant = Participant.objects.filter(pk=participant_pk, project=project).first()
    if participant is None:
        raise Http404
    try:
        services.participant_remove(user=request.user, project=project, participant=participant)
    except ProjectError as exc:
        messages.error(request, _message(exc))
    return _back(project, "participants")
