"""The rectification pages: the list (scoped, filtered by state and overdue, keyset pages), setting one up from an
evaluation's findings, the detail (the owner's submission with evidence, the street's and the district's actions
from the process, the evidence files, the timeline) and the evidence downloads. Thin: parse, fetch-and-authorize
with one call, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluation.models import Evaluation
from wuse.access import api as access
from wuse.core.files import private_file_response
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import transition_options

from . import selectors, services
from .errors import RectificationError
from .files import MAX_PER_RECTIFICATION
from .forms import RectificationFilterForm, RectificationForm, SubmitForm, TransitionForm
from .marks import undertaker_marks
from .models import Rectification, RectificationEvidence
from .workflow import RECTIFICATION_PROCESS, TO_DO

# --- the list -------------------------------------------------------------------------------------------------


@login_required
def rectification_list(request):
    # ``rectification.own``: an organization member opens the list their home queue links to, even while they
    # belong to no organization yet (an empty list, not a refusal).
    if not (access.has_action(request.user, "rectification.view", model=Rectification)
            or access.has_action(request.user, "rectification.own")):
        raise PermissionDenied
    region = region_from_query(request)
    form = RectificationFilterForm(request.GET or None)
    scope = selectors.list_scope(request.user, region)
    page = keyset_page(request, selectors.rectifications_filtered(form.filters()), scope=scope)
    marks = undertaker_marks(r.owner_organization_id for r in page)
    return render(request, "rectification/list.html", {
        "form": form, "page": page, "region": region, "marked": set(marks),
        "breadcrumbs": breadcrumbs(request.user, region) if region else [],
    })


# --- setting up from an evaluation ----------------------------------------------------------------------------


def _form(project, data=None) -> RectificationForm:
    return RectificationForm(data, organizations=selectors.owner_candidates(project),
                             users=selectors.owner_user_candidates(project))


@login_required
def rectification_create(request, evaluation_pk: int):
    """The district or the street turns a point of the evaluation's findings into a rectification."""
    evaluation = access.get_for_user(request.user, Evaluation.objects.for_table(), pk=evaluation_pk)
    if not access.can(request.user, "rectification.create", Rectification(region_id=evaluation.region_id)):
        raise PermissionDenied
    project = evaluation.project
    form = _form(project, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rectification = services.rectification_create(
                user=request.user, evaluation=evaluation, finding=data["finding"], action=data["action"],
                deadline=data["deadline"], owner_organization=data["owner_organization"],
                owner_user=data["owner_user"])
        except (ValidationError, RectificationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Rectification set up: the owner organization is asked to rectify."))
            return redirect("rectification:detail", pk=rectification.pk)
    return render(request, "rectification/new.html", {
        "form": form, "evaluation": evaluation, "project": project,
        "findings": selectors.visible_findings(request.user, evaluation),
        "existing": selectors.for_evaluation(request.user, evaluation),
        "marks": undertaker_marks([project.undertaker_id]).get(project.undertaker_id, []),
    }, status=400 if request.method == "POST" else 200)


# --- the detail -----------------------------------------------------------------------------------------------


def _fetch(user, pk: int, action: str | None = None) -> Rectification:
    return access.get_for_user(user, Rectification.objects.for_detail(), pk=pk, action=action)


def detail_context(request, rectification: Rectification, **extra) -> dict:
    user = request.user
    may_submit = rectification.status in TO_DO and access.can(user, "rectification.submit", rectification)
    context = {
        "rectification": rectification, "project": rectification.project, "evaluation": rectification.evaluation,
        "breadcrumbs": breadcrumbs(user, rectification.region),
        "transitions": transition_options(RECTIFICATION_PROCESS, rectification, user),
        "transition_form": TransitionForm(),
        "may_submit": may_submit, "submit_form": SubmitForm() if may_submit else None,
        "max_files": MAX_PER_RECTIFICATION,
        "evidence": selectors.evidence(rectification),
        "timeline": TransitionLog.objects.timeline(rectification),
        "marks": undertaker_marks([rectification.owner_organization_id]).get(rectification.owner_organization_id, []),
        "may_see_evaluation": access.can(user, "evaluation.view", rectification.evaluation),
    }
    context.update(extra)
    return context


@login_required
def rectification_detail(request, pk: int):
    return render(request, "rectification/detail.html", detail_context(request, _fetch(request.user, pk)))


def _uploads(request) -> list:
    """The files of the request (at most one more than may be kept: the service says how many are too many)."""
    return request.FILES.getlist("files")[:MAX_PER_RECTIFICATION + 1]


@login_required
@require_POST
def rectification_submit(request, pk: int):
    rectification = _fetch(request.user, pk, action="rectification.submit")
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_submit(user=request.user, rectification=rectification,
                                          done=form.cleaned_data["done"],
                                          evidence_note=form.cleaned_data["evidence_note"], uploads=_uploads(request))
        except (ValidationError, RectificationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Rectification submitted: the street verifies it next."))
            return redirect("rectification:detail", pk=pk)
    return render(request, "rectification/detail.html",
                  detail_context(request, _fetch(request.user, pk), submit_form=form), status=400)


@login_required
@require_POST
def evidence_add(request, pk: int):
    rectification = _fetch(request.user, pk, action="rectification.submit")
    try:
        services.evidence_add(user=request.user, rectification=rectification, uploads=_uploads(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except RectificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Evidence added."))
    return redirect("rectification:detail", pk=pk)


@login_required
def evidence_file(request, pk: int, file_pk: int):
    """Serve an evidence file only to those who may see its rectification; never from a public path."""
    rectification = access.get_for_user(request.user, Rectification.objects.all(), pk=pk)
    found = RectificationEvidence.objects.filter(pk=file_pk, rectification=rectification).first()
    if found is None:
        raise Http404
    return private_file_response(found.file, content_type=found.content_type,
                                 filename=f"evidence-{found.pk}.{found.extension}")


@login_required
@require_POST
def rectification_transition(request, pk: int, name: str):
    rectification = _fetch(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is at most 1,000 characters."))
        return render(request, "rectification/detail.html", detail_context(request, rectification), status=400)
    try:
        services.rectification_transition(user=request.user, rectification=rectification, name=name,
                                          reason=form.cleaned_data["reason"])
    except RectificationError as exc:
        messages.error(request, str(exc))
        return render(request, "rectification/detail.html",
                      detail_context(request, _fetch(request.user, pk), transition_form=form), status=409)
    messages.success(request, _("Status updated."))
    return redirect("rectification:detail", pk=pk)
