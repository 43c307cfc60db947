"""The venture pages: the rounds' list, a round (its applications, its actions), a new round, applying, an
application (formal check, scoring, agreement, tranches)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wuse.access import api as access
from wuse.core.errors import DomainError
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page, paginate
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.spreadsheets import xlsx_response
from wuse.workflow.services import transition_options

from . import selectors, services
from .exports import export_round
from .forms import ApplicationForm, RoundForm, ScoreForm
from .models import Application
from .workflow import AGREED, APPLICATION_PROCESS, OPEN, REVIEW, ROUND_PROCESS


def _int(value):
    return int(value) if value and value.isdigit() and len(value) <= 4 else None


@login_required
def round_list(request):
    if not access.has_action(request.user, "venture_round.view"):
        panels = selectors.panel_rounds(request.user)
        if selectors.my_organizations(request.user).exists() or panels:
            return render(request, "venture/open.html", {
                "rounds": selectors.open_rounds_for_members(request.user), "panels": panels})
        raise PermissionDenied
    region = region_from_query(request)
    status = request.GET.get("status", "")
    status = status if status in dict(ROUND_PROCESS.choices) else ""
    q = request.GET.get("q", "")[:50]
    scope = selectors.round_scope(request.user, region)
    counts = selectors.status_counts(scope)
    page = keyset_page(request, selectors.rounds_filtered(status=status, year=_int(request.GET.get("year")), q=q),
                       scope=scope, by_unit=not q)
    return render(request, "venture/list.html", {
        "page": page, "region": region, "status": status, "q": q,
        "states": [(code, label, counts.get(code, 0)) for code, label in ROUND_PROCESS.choices],
        "breadcrumbs": breadcrumbs(request.user, region) if region else [],
        "can_create": access.has_action(request.user, "venture_round.manage"),
    })


@login_required
def round_create(request):
    units = selectors.units_to_run(request.user)
    if not units.exists():
        raise PermissionDenied
    reviewers = selectors.panel_candidates(units)
    form = RoundForm(request.POST or None, units=units, reviewers=reviewers,
                     templates=selectors.templates_for(list(units)))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = data.pop("region")
        try:
            venture_round = services.round_create(user=request.user, region=region,
                                                  data=services.RoundData(**data))
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The round is saved as a draft."))
            return redirect("venture:round", venture_round.pk)
    return render(request, "venture/round_form.html", {"form": form}, status=400 if request.method == "POST" else 200)


def _round_or_404(user, pk):
    found = selectors.round_visible(user, pk)
    if found is None:
        raise Http404
    return found


@login_required
def round_detail(request, pk):
    venture_round = _round_or_404(request.user, pk)
    page = paginate(request, selectors.applications_for(request.user, venture_round))
    can_apply = venture_round.status == OPEN and selectors.my_organizations(request.user).exists()
    return render(request, "venture/round.html", {
        "round": venture_round, "criteria": list(venture_round.criteria.all()), "page": page,
        "options": transition_options(ROUND_PROCESS, venture_round, request.user),
        "can_apply": can_apply, "public": venture_round.status in selectors.PUBLIC_STATES,
        "can_manage": access.can(request.user, "venture_round.manage", venture_round),
    })


@login_required
@require_POST
def round_transition(request, pk, name):
    venture_round = _round_or_404(request.user, pk)
    if name == "close_panel" and not access.can(request.user, "venture_round.manage", venture_round):
        raise PermissionDenied
    try:
        services.round_transition(user=request.user, venture_round=venture_round, name=name,
                                  reason=request.POST.get("reason", "")[:1000])
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("venture:round", venture_round.pk)


@login_required
def application_create(request, pk):
    venture_round = _round_or_404(request.user, pk)
    organizations = selectors.my_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = ApplicationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(user=request.user, venture_round=venture_round,
                                                      **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your application is submitted."))
            return redirect("venture:application", application.pk)
    return render(request, "venture/apply.html", {"form": form, "round": venture_round},
                  status=400 if request.method == "POST" else 200)


def _application(user, pk, action=None):
    return access.get_for_user(user, Application.objects.select_related("round", "round__region", "organization"),
                               action=action, pk=pk)


@login_required
def application_detail(request, pk, score_form=None):
    application = _application(request.user, pk)
    venture_round = application.round
    is_reviewer = venture_round.reviewers.filter(pk=request.user.pk).exists()
    criteria = list(venture_round.criteria.all())
    mine = selectors.my_scores(request.user, application) if is_reviewer else {}
    scoring = is_reviewer and venture_round.status == REVIEW and application.status == "passed"
    panel_closed = venture_round.status not in selectors.SCORING_STATES
    can_manage = access.can(request.user, "venture_round.manage", application)
    return render(request, "venture/application.html", {
        "application": application, "round": venture_round, "criteria": criteria,
        "options": transition_options(APPLICATION_PROCESS, application, request.user),
        "score_form": score_form or (ScoreForm(criteria=criteria, initial_scores=mine) if scoring else None),
        "my_scores": [(c, mine.get(c.pk)) for c in criteria] if mine else [],
        "all_scores": selectors.all_scores(application) if panel_closed and (can_manage or is_reviewer) else None,
        "scored_by": selectors.scores_count(application) if can_manage else None,
        "tranches": selectors.tranches_of(application), "can_manage": can_manage,
        "can_sign": can_manage and APPLICATION_PROCESS.allows("sign", application)
        and venture_round.status in ("awarded", "closed"),
        "midterm_open": can_manage and application.status == AGREED and application.midterm_passed is None,
        "midterm_evaluation": services.closed_midterm(application),
    }, status=400 if score_form is not None else 200)


@login_required
@require_POST
def application_transition(request, pk, name):
    application = _application(request.user, pk)
    if name not in ("pass_check", "fail_check"):
        raise Http404
    try:
        services.application_check(user=request.user, application=application, passed=name == "pass_check",
                                   reason=request.POST.get("reason", "")[:2000])
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("venture:application", application.pk)


@login_required
@require_POST
def application_score(request, pk):
    application = _application(request.user, pk)
    form = ScoreForm(request.POST, criteria=application.round.criteria.all())
    if form.is_valid():
        try:
            services.score_submit(user=request.user, application=application, scores=form.scores())
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("venture:application", application.pk)
    return application_detail(request, pk, score_form=form)


@login_required
@require_GET
def round_export(request, pk):
    venture_round = _round_or_404(request.user, pk)
    if not access.can(request.user, "venture_round.manage", venture_round):
        raise PermissionDenied
    export = export_round(user=request.user, venture_round=venture_round,
                          scores_visible=venture_round.status not in selectors.SCORING_STATES)
    return xlsx_response(export.filename, export.sheets)


QUEUES = {"check": ("venture_round.manage", _("Venture applications to check")),
          "score": ("venture_application.score", _("Venture applications to score"))}


@login_required
@require_GET
def application_queue(request):
    todo = request.GET.get("todo", "check")
    todo = todo if todo in QUEUES else "check"
    action, title = QUEUES[todo]
    if not access.has_action(request.user, action):
        raise PermissionDenied
    page = paginate(request, selectors.queue(request.user, todo))
    return render(request, "venture/queue.html", {"page": page, "todo": todo, "title": title,
                                                  "queues": [(key, label) for key, (a, label) in QUEUES.items()
                                                             if access.has_action(request.user, a)]})
