"""The delivery's pages: each write is a small form posted from a tab of the project page; on a refusal the
project page is drawn again on that tab with the form and its messages (400), never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects.models import Project
from projects.views.projects import render_detail
from wuse.access import api as access
from wuse.core.errors import DomainError
from wuse.core.files import private_file_response
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate

from . import selectors, services
from .forms import (
    AcceptanceForm,
    ActivityForm,
    AdjustmentForm,
    DecisionForm,
    ExpenseForm,
    MilestoneForm,
    ProgressForm,
    ReportForm,
)
from .models import Attachment, BudgetAdjustment, Milestone
from .tabs import communities, hours_note


def _project(request, pk: int, action: str = "project.deliver") -> Project:
    return access.get_for_user(request.user, Project.objects.for_detail(), pk=pk, action=action)


def _tab_url(project, tab: str) -> str:
    return f"{reverse('projects:detail', args=[project.pk])}?tab={tab}"


def _save(request, project, form, tab: str, form_key: str, call, done: str):
    """Run ``call(cleaned_data)`` for a valid form; otherwise (or on a refusal) draw the tab again with the form."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except (ValidationError, DomainError) as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not do this."))
        else:
            messages.success(request, done)
            return redirect(_tab_url(project, tab))
    return render_detail(request, project, tab=tab, **{form_key: form})


@login_required
@require_POST
def milestone_add(request, pk: int):
    project = _project(request, pk)
    form = MilestoneForm(request.POST)
    return _save(request, project, form, "activities", "milestone_form",
                 lambda d: services.milestone_create(user=request.user, project=project, **d), _("Milestone added."))


@login_required
@require_POST
def milestone_progress(request, pk: int, milestone_pk: int):
    project = _project(request, pk)
    try:
        milestone = Milestone.objects.select_related("project").get(pk=milestone_pk, project=project)
    except Milestone.DoesNotExist:
        raise Http404 from None
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_update(user=request.user, milestone=milestone, **form.cleaned_data)
        except (ValidationError, DomainError, PermissionDenied) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Progress saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_tab_url(project, "activities"))


@login_required
@require_POST
def activity_add(request, pk: int):
    project = _project(request, pk)
    form = ActivityForm(request.POST, request.FILES, user=request.user, communities=communities(project),
                        hours_note=hours_note(request.user, project))

    def call(_cleaned):
        d = form.activity_data()
        data = services.ActivityData(
            held_on=d["held_on"], place=d["place"], content=d["content"], headcount=d["headcount"],
            residents=d["residents"] or 0, names=d["names"], community=d.get("community"),
            volunteers=d["volunteers"], starts=d["starts"], ends=d["ends"])
        services.activity_record(user=request.user, project=project, data=data, photos=d["photos"],
                                 sign_in=d["sign_in"])

    return _save(request, project, form, "activities", "activity_form", call, _("Activity recorded."))


@login_required
@require_POST
def expense_add(request, pk: int):
    project = _project(request, pk)
    form = ExpenseForm(request.POST, request.FILES, lines=project.budget_lines.all())

    def call(d):
        services.expense_record(user=request.user, project=project, voucher=d["voucher"], data=services.ExpenseData(
            line=d["line"], amount=d["amount"], spent_on=d["spent_on"], payee=d["payee"], note=d["note"]))

    return _save(request, project, form, "money", "expense_form", call, _("Expense recorded."))


@login_required
@require_POST
def adjustment_add(request, pk: int):
    project = _project(request, pk)
    form = AdjustmentForm(request.POST, lines=project.budget_lines.all())
    return _save(request, project, form, "money", "adjustment_form",
                 lambda d: services.adjustment_request(user=request.user, project=project, **d),
                 _("Budget adjustment sent to the street."))


@login_required
@require_POST
def adjustment_decide(request, pk: int, adjustment_pk: int, name: str):
    project = _project(request, pk, action="project.view")
    try:
        adjustment = BudgetAdjustment.objects.select_related("project", "line").get(pk=adjustment_pk,
                                                                                   project=project)
    except BudgetAdjustment.DoesNotExist:
        raise Http404 from None
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.adjustment_transition(user=request.user, adjustment=adjustment, name=name, reason=reason)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect(_tab_url(project, "money"))


@login_required
@require_POST
def report_add(request, pk: int):
    project = _project(request, pk)
    form = ReportForm(request.POST, request.FILES)
    return _save(request, project, form, "documents", "report_form",
                 lambda d: services.report_submit(user=request.user, project=project, kind=d["kind"],
                                                  text_=d["text"], attachment=d["attachment"]),
                 _("Report submitted."))


@login_required
@require_POST
def acceptance_save(request, pk: int):
    project = _project(request, pk, action="project.accept")
    form = AcceptanceForm(request.POST)
    return _save(request, project, form, "documents", "acceptance_form",
                 lambda d: services.acceptance_record(user=request.user, project=project, items=form.items(),
                                                      comments=d["comments"], accept=d["accept"]),
                 _("Acceptance check saved."))


_OWNER_TABS = {"activity": "activities", "expense": "money", "report": "documents"}


@login_required
@require_POST
def attachment_add(request, pk: int, owner: str, owner_pk: int):
    """Add a file to an activity, an expense or a report (a small form in the record's row)."""
    project = _project(request, pk)
    if owner not in _OWNER_TABS:
        raise Http404
    try:
        services.attachment_add(user=request.user, project=project, owner=owner, owner_id=owner_pk,
                                kind=str(request.POST.get("kind", ""))[:20], upload=request.FILES.get("file"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("File added."))
    return redirect(_tab_url(project, _OWNER_TABS[owner]))


@login_required
def attachment(request, pk: int, file_pk: int):
    """Serve a delivery file only to those who may see its project; never from a public path."""
    project = access.get_for_user(request.user, Project.objects.all(), pk=pk)
    try:
        found = Attachment.objects.get(pk=file_pk, project=project)
    except Attachment.DoesNotExist:
        raise Http404 from None
    return private_file_response(found.file, content_type=found.content_type,
                                 filename=f"file-{found.pk}.{found.extension}")


@login_required
def milestones_overdue(request):
    if not access.has_action(request.user, "project.deliver", model=Project):
        raise PermissionDenied
    page = paginate(request, selectors.overdue_milestones(request.user))
    return render(request, "projects/delivery/milestones_overdue.html", {"page": page})


@login_required
def reports_due(request):
    if not access.has_action(request.user, "project.deliver", model=Project):
        raise PermissionDenied
    page = paginate(request, selectors.final_reports_due(request.user))
    return render(request, "projects/delivery/reports_due.html", {"page": page})
