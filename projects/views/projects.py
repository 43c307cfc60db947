"""The project's pages: the list, "my projects", planning and editing (a change request once approved), the
tabbed detail page, its transitions and the undertaker, copying as next year's draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.workflow.services import transition_options

from .. import selectors, services
from ..errors import ProjectConflict, ProjectError
from ..forms import (
    ChangeRequestForm,
    EditProjectForm,
    NewProjectForm,
    ProjectFilterForm,
    TransitionForm,
    UndertakeForm,
    plan_formsets,
    plan_from,
    plan_initial,
)
from ..models import Project
from ..origins import origin_of
from ..rows import table_rows
from ..tabs import tabs_for
from ..workflow import CHANGEABLE_STATES, IN_PROGRESS, PROJECT_PROCESS, SUSPENDED, UNDERTAKEN

# Transitions with a form of their own on the page (they carry data), not in the generic actions card.
OWN_FORMS = ("undertake", "accept")  # each with its own form: the undertaker; the checklist (delivery)
# The undertaker may be changed while the project is with one.
UNDERTAKEN_STATES = (UNDERTAKEN, IN_PROGRESS, SUSPENDED)


@login_required
def project_list(request):
    if not access.has_action(request.user, "project.view"):
        raise PermissionDenied
    region = region_from_query(request)
    form = ProjectFilterForm(request.GET or None, undertakers=selectors.undertaker_choices(request.user))
    filters = form.filters(region)
    scope = selectors.list_scope(request.user, region)
    page = keyset_page(request, selectors.projects_filtered(filters), scope=scope, by_unit=not filters.q)
    return render(request, "projects/list.html", {
        "form": form, "page": page, "rows": table_rows(page), "counts": selectors.status_counts(scope),
        "region": region, "breadcrumbs": breadcrumbs(request.user, region) if region else [],
        "can_create": access.has_action(request.user, "project.create"),
    })


@login_required
def project_mine(request):
    """The projects the user's organizations undertake (an organization member's list)."""
    page = keyset_page(request, selectors.mine(request.user))
    return render(request, "projects/mine.html", {"page": page, "rows": table_rows(page)})


def _plan_page(request, template: str, form, formsets, **extra):
    return render(request, template, {"form": form, "formsets": formsets, **extra},
                  status=400 if request.method == "POST" else 200)


@login_required
def project_create(request):
    units = selectors.units_for_create(request.user)
    if not units.exists():
        raise PermissionDenied
    needs = selectors.linkable_needs(request.user, list(units))
    preselected = [int(v) for v in request.GET.getlist("need") if v.isdigit() and len(v) < 19]
    form = NewProjectForm(request.POST or None, units=units, needs=needs,
                          initial={"year": timezone.localdate().year, "needs": preselected})
    formsets = plan_formsets(request.POST or None)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        chosen = {n.pk: n for n in needs}
        try:
            project = services.project_create(
                user=request.user, region=form.cleaned_data["region"], year=form.cleaned_data["year"],
                plan=plan_from(form, formsets), needs=[chosen[pk] for pk in form.cleaned_data["needs"] if pk in chosen])
        except (ValidationError, ProjectError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Project %(code)s started: record the co-design with residents, then submit.")
                             % {"code": project.code})
            return redirect("projects:detail", pk=project.pk)
    return _plan_page(request, "projects/form.html", form, formsets, creating=True)


@login_required
def project_edit(request, pk: int):
    """The plan while editable; once approved the same form proposes a change request (变更申请)."""
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=pk)
    if project.is_editable:
        access.get_for_user(request.user, Project.objects.all(), pk=pk, action="project.change")
        return _edit(request, project)
    access.get_for_user(request.user, Project.objects.all(), pk=pk, action="project.change_request")
    return _propose_change(request, project)


def _edit(request, project):
    plan = services.PlanData.of(project)
    form = EditProjectForm(request.POST or None, initial={**plan_initial(plan), "version": project.version})
    formsets = plan_formsets(request.POST or None, plan)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            services.project_update(user=request.user, project=project, version=form.cleaned_data["version"],
                                    plan=plan_from(form, formsets))
        except ProjectConflict as exc:
            add_errors(form, exc)
            fields = [str(Project._meta.get_field(f).verbose_name) for f in exc.changed
                      if f in {f.name for f in Project._meta.fields}]
            response = _plan_page(request, "projects/form.html", form, formsets, project=project,
                                  conflict_fields=fields)
            response.status_code = 409
            return response
        except (ValidationError, ProjectError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("projects:detail", pk=project.pk)
    return _plan_page(request, "projects/form.html", form, formsets, project=project)


def _propose_change(request, project):
    plan = services.PlanData.of(project)
    form = ChangeRequestForm(request.POST or None, initial=plan_initial(plan))
    formsets = plan_formsets(request.POST or None, plan)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            change = services.change_request_create(user=request.user, project=project, reason=form.cleaned_data[
                "reason"], plan=plan_from(form, formsets))
        except (ValidationError, ProjectError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Change request sent to the street."))
            return redirect("projects:change", pk=project.pk, change_pk=change.pk)
    return _plan_page(request, "projects/form.html", form, formsets, project=project, proposing=True)


@login_required
def project_detail(request, pk: int):
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=pk)
    return render(request, "projects/detail.html", detail_context(request, project))


def detail_context(request, project, *, tab: str | None = None, **extra) -> dict:
    tabs = tabs_for(request.user, project)
    key = tab or request.GET.get("tab", "plan")
    active = next((t for t in tabs if t.key == key), tabs[0])
    options = transition_options(PROJECT_PROCESS, project, request.user)
    undertake = next((o for o in options if o.name == "undertake" and o.allowed), None)
    can = access.can_map(request.user, project, ["project.change", "project.change_request", "project.undertake"])
    return {
        "project": project,
        "origin": origin_of(project),
        "breadcrumbs": breadcrumbs(request.user, project.region),
        "tabs": tabs, "tab": active,
        **(active.context(request, project) if active.context else {}),
        "transitions": [o for o in options if o.name not in OWN_FORMS],
        "transition_form": TransitionForm(),
        "undertake_form": UndertakeForm(organizations=selectors.undertaker_candidates(request.user, project))
        if undertake else None,
        "change_undertaker_form": UndertakeForm(
            organizations=selectors.undertaker_candidates(request.user, project), reason_required=True)
        if can["undertake"] and project.undertaker_id and project.status in UNDERTAKEN_STATES else None,
        "can": {"edit": can["change"] and project.is_editable,
                "propose": can["change_request"] and project.status in CHANGEABLE_STATES,
                "copy": access.can(request.user, "project.create", project)},
        **extra,
    }


def render_detail(request, project, *, status: int = 400, tab: str | None = None, **extra):
    return render(request, "projects/detail.html", detail_context(request, project, tab=tab, **extra), status=status)


@login_required
@require_POST
def project_transition(request, pk: int, name: str):
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is at most 1,000 characters."))
        return render_detail(request, project)
    reason = form.cleaned_data["reason"]
    try:
        if name == "terminate":
            services.project_terminate(user=request.user, project=project, reason=reason)
        else:
            services.project_transition(user=request.user, project=project, name=name, reason=reason)
    except (ProjectError, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return render_detail(request, project, status=409)
    messages.success(request, _("Status updated."))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
def project_undertake(request, pk: int):
    """Record the undertaking organization (待发布 → 已承接), or change it later (with a reason)."""
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=pk, action="project.undertake")
    changing = bool(project.undertaker_id)
    form = UndertakeForm(request.POST, organizations=selectors.undertaker_candidates(request.user, project),
                         reason_required=changing)
    if form.is_valid():
        try:
            if changing:
                services.project_change_undertaker(user=request.user, project=project, **form.cleaned_data)
            else:
                services.project_undertake(user=request.user, project=project, **form.cleaned_data)
        except (ValidationError, ProjectError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Undertaker recorded: its members now see the project."))
            return redirect("projects:detail", pk=project.pk)
    key = "change_undertaker_form" if changing else "undertake_form"
    return render_detail(request, project, **{key: form})


@login_required
@require_POST
def project_copy(request, pk: int):
    project = access.get_for_user(request.user, Project.objects.for_detail(), pk=pk, action="project.create")
    try:
        draft = services.project_copy_next_year(user=request.user, project=project)
    except (ValidationError, ProjectError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return redirect("projects:detail", pk=project.pk)
    messages.success(request, _("Next year's draft %(code)s is ready: check its dates and budget.") % {
        "code": draft.code})
    return redirect("projects:detail", pk=draft.pk)

