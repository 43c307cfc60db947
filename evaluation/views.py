"""The evaluation pages: the list (with the district's "set up an evaluation" form), "waiting for me", the detail
(scorecard, actions, evaluators) and the scoring form. Thin: parse, fetch-and-authorize with one call, call one
service, render; whose scores show is ``selectors.visible_kinds``' decision, never the template's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects.models import Project
from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page, paginate
from wuse.core.params import region_from_query
from wuse.core.shell import breadcrumbs
from wuse.workflow.services import transition_options

from . import selectors, services
from .choices import DimensionCode, EvaluatorKind, Grade
from .errors import EvaluationError
from .figures import project_figures
from .forms import AssignForm, DeclareForm, EvaluationCreateForm, EvaluationFilterForm, ScoreForm, TransitionForm
from .models import Assignment, Evaluation, TemplateFamily
from .workflow import CLOSED, EVALUATION_PROCESS, SCORING_STATES

# --- the lists ------------------------------------------------------------------------------------------------


@login_required
def evaluation_list(request):
    if not access.has_action(request.user, "evaluation.view", model=Evaluation):
        raise PermissionDenied
    region = region_from_query(request)
    form = EvaluationFilterForm(request.GET or None)
    scope = selectors.list_scope(request.user, region)
    page = keyset_page(request, selectors.evaluations_filtered(form.filters()), scope=scope)
    can_create = access.has_action(request.user, "evaluation.assign")
    return render(request, "evaluation/list.html", {
        "form": form, "page": page, "region": region,
        "breadcrumbs": breadcrumbs(request.user, region) if region else [],
        "create_form": EvaluationCreateForm(auto_id="new_%s") if can_create else None,
        "can_see_templates": access.has_action(request.user, "evaluation_template.view", model=TemplateFamily),
    })


@login_required
def evaluation_waiting(request):
    """The user's own parts still to score and submit."""
    page = paginate(request, selectors.waiting_for_me(request.user))
    return render(request, "evaluation/waiting.html", {"page": page})


@login_required
def evaluation_create(request):
    """The district sets up the evaluation of a project (by its code) at a stage."""
    if not access.has_action(request.user, "evaluation.assign"):
        raise PermissionDenied
    form = EvaluationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["project"].strip()
        project = access.scoped(request.user, "project.view", Project.objects.filter(code=code)).first()
        if project is None:
            form.add_error("project", _("No project with this code in your units."))
        else:
            try:
                evaluation = services.evaluation_create(user=request.user, project=project,
                                                        stage=form.cleaned_data["stage"])
            except (ValidationError, EvaluationError, PermissionDenied) as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Evaluation set up: assign its evaluators."))
                return redirect("evaluation:detail", pk=evaluation.pk)
    return render(request, "evaluation/new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


# --- the detail -----------------------------------------------------------------------------------------------


def _fetch(user, pk: int, action: str | None = None) -> Evaluation:
    return access.get_for_user(user, Evaluation.objects.for_table().select_related("closed_by"), pk=pk,
                               action=action)


def _scorecard_table(cards) -> dict:
    """The visible cards as a table: a row per dimension (weight, each part's points), the totals."""
    columns = [(kind, EvaluatorKind(kind).label) for kind in cards]
    first = next(iter(cards.values()), None)
    rows = []
    for index, (code, points) in enumerate(first.dimensions if first else ()):
        rows.append({"label": DimensionCode(code).label, "weight": points.weight,
                     "cells": [(label, cards[kind].dimensions[index][1].shown) for kind, label in columns]})
    return {"columns": [label for _kind, label in columns], "rows": rows,
            "totals": [(label, cards[kind].total, kind) for kind, label in columns]}


def detail_context(request, evaluation: Evaluation, **extra) -> dict:
    user = request.user
    assignments = selectors.detail_assignments(evaluation)
    cards = selectors.scorecard(user, evaluation, assignments)
    can_assign = evaluation.status in SCORING_STATES and access.can(user, "evaluation.assign", evaluation)
    mine = next((a for a in assignments if a.user_id == user.pk), None)
    context = {
        "evaluation": evaluation, "project": evaluation.project,
        "breadcrumbs": breadcrumbs(user, evaluation.region),
        "assignments": assignments, "mine": mine, "scorecard": _scorecard_table(cards) if cards else None,
        "rule": [(EvaluatorKind(kind).label, weight) for kind, weight in evaluation.template.rule().items()],
        "grade_label": Grade(evaluation.grade).label if evaluation.grade else "",
        "transitions": transition_options(EVALUATION_PROCESS, evaluation, user),
        "transition_form": TransitionForm(),
        "can_assign": can_assign,
        "assign_form": AssignForm(users=selectors.eligible_assignees(evaluation)) if can_assign else None,
    }
    context.update(extra)
    return context


@login_required
def evaluation_detail(request, pk: int):
    evaluation = _fetch(request.user, pk)
    return render(request, "evaluation/detail.html", detail_context(request, evaluation))


@login_required
@require_POST
def evaluation_transition(request, pk: int, name: str):
    evaluation = _fetch(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is at most 1,000 characters."))
        return render(request, "evaluation/detail.html", detail_context(request, evaluation), status=400)
    try:
        services.evaluation_transition(user=request.user, evaluation=evaluation, name=name,
                                       reason=form.cleaned_data["reason"])
    except (EvaluationError, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return render(request, "evaluation/detail.html",
                      detail_context(request, _fetch(request.user, pk), transition_form=form), status=409)
    messages.success(request, _("Status updated."))
    return redirect("evaluation:detail", pk=pk)


@login_required
@require_POST
def assignment_add(request, pk: int):
    evaluation = _fetch(request.user, pk, action="evaluation.assign")
    form = AssignForm(request.POST, users=selectors.eligible_assignees(evaluation))
    if form.is_valid():
        try:
            services.assignment_add(user=request.user, evaluation=evaluation, kind=form.cleaned_data["kind"],
                                    assignee=form.cleaned_data["user"])
        except (EvaluationError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Evaluator assigned."))
            return redirect("evaluation:detail", pk=pk)
    return render(request, "evaluation/detail.html", detail_context(request, evaluation, assign_form=form),
                  status=400)


@login_required
@require_POST
def assignment_remove(request, pk: int, assignment_pk: int):
    evaluation = _fetch(request.user, pk, action="evaluation.assign")
    assignment = evaluation.assignments.filter(pk=assignment_pk).first()
    if assignment is None:
        return redirect("evaluation:detail", pk=pk)
    try:
        services.assignment_remove(user=request.user, assignment=assignment)
    except EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Evaluator unassigned; their scores were removed."))
    return redirect("evaluation:detail", pk=pk)


# --- the scoring form -----------------------------------------------------------------------------------------


def _own_assignment(user, pk: int) -> tuple[Evaluation, Assignment]:
    evaluation = _fetch(user, pk, action="evaluation.score")
    assignment = evaluation.assignments.filter(user=user).first()
    if assignment is None:
        raise PermissionDenied(_("Only the evaluator assigned to a part of this evaluation may score it."))
    return evaluation, assignment


def _score_rows(evaluation: Evaluation, form: ScoreForm, dimensions) -> list[dict]:
    """Per dimension, its sub-indicators with their fields and, where one is named, the computed figure."""
    figures = None
    if any(i.figure for d in dimensions for i in d.indicators.all()):
        figures = project_figures(evaluation.project)
    groups = []
    for dimension in dimensions:
        rows = []
        for indicator in dimension.indicators.all():
            row = {"indicator": indicator, "score": form.score_field(indicator), "note": form.note_field(indicator)}
            if indicator.figure and figures is not None:
                achieved, planned = figures.pair(indicator.figure)
                row.update(figure=indicator.get_figure_display(), achieved=achieved, planned=planned,
                           suggestion=figures.suggestion(indicator), figure_note=figures.note(indicator.figure))
            rows.append(row)
        groups.append({"label": dimension.get_code_display(), "weight": dimension.weight, "rows": rows})
    return groups


def _score_page(request, evaluation, assignment, *, form=None, declare_form=None, status=200):
    dimensions = evaluation.template.dimensions_with_indicators()
    indicators = [i for d in dimensions for i in d.indicators.all()]
    if form is None:
        scores = {s.indicator_id: s for s in assignment.scores.all()}
        initial = {"findings": assignment.findings}
        for pk, score in scores.items():
            initial[f"score_{pk}"], initial[f"note_{pk}"] = str(score.value), score.note
        form = ScoreForm(initial=initial, indicators=indicators)
    editable = evaluation.status in SCORING_STATES and assignment.submitted_at is None
    must_declare = assignment.needs_declaration and assignment.declared_at is None
    return render(request, "evaluation/score.html", {
        "evaluation": evaluation, "project": evaluation.project, "assignment": assignment,
        "kind_label": EvaluatorKind(assignment.kind).label, "form": form, "groups": _score_rows(evaluation, form,
                                                                                               dimensions),
        "editable": editable and not must_declare, "must_declare": editable and must_declare,
        "declare_form": declare_form or DeclareForm(), "closed": evaluation.status == CLOSED,
    }, status=status)


@login_required
def evaluation_score(request, pk: int):
    evaluation, assignment = _own_assignment(request.user, pk)
    if request.method != "POST":
        return _score_page(request, evaluation, assignment)
    dimensions = evaluation.template.dimensions_with_indicators()
    form = ScoreForm(request.POST, indicators=[i for d in dimensions for i in d.indicators.all()])
    if not form.is_valid():
        return _score_page(request, evaluation, assignment, form=form, status=400)
    try:
        services.scores_save(user=request.user, assignment=assignment, values=form.values(), notes=form.notes(),
                             findings=form.cleaned_data["findings"])
    except (ValidationError, EvaluationError) as exc:
        add_errors(form, exc)
        return _score_page(request, evaluation, assignment, form=form, status=400)
    if "submit" not in request.POST:
        messages.success(request, _("Scores saved."))
        return redirect("evaluation:score", pk=pk)
    try:
        with transaction.atomic():
            services.assignment_submit(user=request.user, assignment=assignment)
    except EvaluationError as exc:
        messages.error(request, _("Scores saved, but not submitted: %(problem)s") % {"problem": exc})
        return redirect("evaluation:score", pk=pk)
    messages.success(request, _("Your scores are submitted."))
    return redirect("evaluation:detail", pk=pk)


@login_required
@require_POST
def evaluation_declare(request, pk: int):
    evaluation, assignment = _own_assignment(request.user, pk)
    form = DeclareForm(request.POST)
    if not form.is_valid():
        return _score_page(request, evaluation, assignment, declare_form=form, status=400)
    try:
        services.assignment_declare(user=request.user, assignment=assignment)
    except EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Declaration recorded: you may score now."))
    return redirect("evaluation:score", pk=pk)
