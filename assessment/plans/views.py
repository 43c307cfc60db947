"""The plans' pages: the list of a year, a plan, its form (indicators as a formset), publication and copy (each
behind a confirmation), a manual score with its evidence, and the scores and ranks of a unit's children. Thin: the
rules are in ``services``, the reads in ``selectors``; a unit or plan outside the user's scope is a 404, a missing
right a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment.approvals import approved_within
from assessment.params import unit_or_404, year_param
from wuse.access import api as access
from wuse.core.errors import DomainError
from wuse.core.files import private_file_response
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate
from wuse.regions.models import Region

from . import selectors, services
from .forms import CopyForm, IndicatorFormSet, PlanForm, ScoreForm
from .models import LEVELS, Indicator, ManualScore, Plan
from .services import IndicatorsInvalid

SCORES_PER_PAGE = 50
ROW_FIELDS = ["id", "kind", "code", "name", "description"] + [f"{p}_{level}" for level in LEVELS
                                                               for p in ("weight", "full", "zero")]


def _plan(request, pk: int) -> Plan:
    return access.get_for_user(request.user, Plan.objects.select_related("region", "created_by"), pk=pk)


def _editable(request, pk: int) -> Plan:
    plan = _plan(request, pk)
    if not selectors.may_edit(request.user, plan.region):
        raise PermissionDenied
    return plan


@login_required
@require_http_methods(["GET"])
def plan_list(request):
    if not access.has_action(request.user, selectors.VIEW):
        raise PermissionDenied
    year = year_param(request, default=False)
    page = paginate(request, selectors.visible_plans(request.user, year, counted=True))
    for plan in page.object_list:  # a plan above the user's units: its scores page (its children) is not theirs
        plan.scores_visible = access.can(request.user, selectors.VIEW, plan.region)
    this_year = timezone.localdate().year
    return render(request, "assessment/plans/list.html", {
        "page": page, "year": year, "years": range(this_year + 1, this_year - 6, -1),
        "can_create": bool(selectors.editable_units(request.user)), "own_units": selectors.own_units(request.user),
        "scores_year": year or this_year,
    })


@login_required
@require_http_methods(["GET"])
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "assessment/plans/detail.html", {
        "plan": plan, "lines": selectors.plan_lines(plan),
        "can_edit": selectors.may_edit(request.user, plan.region),
        "approved": approved_within(plan.year, plan.region),
    })


def _rows(formset) -> tuple[list[dict], list[int]]:
    rows = formset.rows()
    return [{name: row.get(name) for name in ROW_FIELDS} for row in rows], [row["_index"] for row in rows]


def _show_refusal(formset, form, exc: Exception, indexes: list[int]) -> None:
    if isinstance(exc, IndicatorsInvalid):
        for line, errors in exc.rows.items():
            target = formset.forms[indexes[line]]
            for name, found in errors.items():
                for message in found:
                    target.add_error(name if name in target.fields else None, message)
        formset._non_form_errors = formset.non_form_errors() + exc.plan
    elif form is not None:
        add_errors(form, exc)
    else:
        formset._non_form_errors = formset.non_form_errors() + (
            exc.messages if isinstance(exc, ValidationError) else [str(exc)])


def _form_page(request, *, plan, form, formset, region, status=200):
    return render(request, "assessment/plans/form.html", {
        "plan": plan, "form": form, "formset": formset, "region": region,
        "levels": formset.levels,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request):
    units = selectors.editable_units(request.user)
    if not units:
        raise PermissionDenied
    if request.method == "GET":
        region = next((u for u in units if u.code == request.GET.get("unit")), units[0])
        levels = LEVELS if region.level == "city" else LEVELS[1:]
        form = PlanForm(units=units, initial={"year": timezone.localdate().year, "unit": region.code})
        return _form_page(request, plan=None, form=form, formset=IndicatorFormSet(levels=levels), region=region)
    form = PlanForm(request.POST, units=units)
    region = form.units.get(request.POST.get("unit", "")) or units[0]
    levels = LEVELS if region.level == "city" else LEVELS[1:]
    formset = IndicatorFormSet(request.POST, levels=levels)
    if not (form.is_valid() and formset.is_valid()):
        return _form_page(request, plan=None, form=form, formset=formset, region=region, status=400)
    rows, indexes = _rows(formset)
    try:
        plan = services.plan_save(user=request.user, region=region, year=form.cleaned_data["year"], rows=rows)
    except (ValidationError, DomainError) as exc:
        _show_refusal(formset, form if not isinstance(exc, IndicatorsInvalid) else None, exc, indexes)
        return _form_page(request, plan=None, form=form, formset=formset, region=region, status=400)
    messages.success(request, _("Plan saved as a draft."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = _editable(request, pk)
    if request.method == "GET":
        initial = [{name: getattr(i, name) for name in ["position", *ROW_FIELDS]}
                   for i in selectors.indicators_of(plan)]
        formset = IndicatorFormSet(initial=initial, levels=plan.levels)
        return _form_page(request, plan=plan, form=None, formset=formset, region=plan.region)
    formset = IndicatorFormSet(request.POST, levels=plan.levels)
    if not formset.is_valid():
        return _form_page(request, plan=plan, form=None, formset=formset, region=plan.region, status=400)
    rows, indexes = _rows(formset)
    try:
        services.plan_save(user=request.user, region=plan.region, year=plan.year, rows=rows, plan=plan)
    except (ValidationError, DomainError) as exc:
        _show_refusal(formset, None, exc, indexes)
        return _form_page(request, plan=plan, form=None, formset=formset, region=plan.region, status=400)
    messages.success(request, _("Assessment plan saved."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_publish(request, pk: int):
    plan = _editable(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.plan_publish(user=request.user, plan=plan)
        except (ValidationError, DomainError) as exc:
            error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            messages.success(request, _("Plan published: the scores read it from now on."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "assessment/plans/publish.html", {"plan": plan, "error": error},
                  status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def plan_copy(request, pk: int):
    plan = _editable(request, pk)
    if request.method == "GET":
        form = CopyForm(initial={"year": plan.year + 1})
        return render(request, "assessment/plans/copy.html", {"plan": plan, "form": form})
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.plan_copy(user=request.user, plan=plan, year=form.cleaned_data["year"])
        except (ValidationError, DomainError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Plan copied into %(year)s as a draft.") % {"year": copy.year})
            return redirect("plans:detail", pk=copy.pk)
    return render(request, "assessment/plans/copy.html", {"plan": plan, "form": form}, status=400)


def _unit(request, code: str) -> Region:
    return unit_or_404(request, code, selectors.VIEW)


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk: int, code: str):
    """A unit's points on a manual indicator, with a note and the evidence."""
    region = _unit(request, code)
    try:
        indicator = Indicator.objects.select_related("plan__region").get(
            pk=pk, plan__in=selectors.visible_plans(request.user))
    except Indicator.DoesNotExist:
        raise Http404 from None
    if not selectors.may_score(request.user, region):
        raise PermissionDenied
    current = selectors.score_of(indicator, region)
    form = ScoreForm(request.POST or None, request.FILES or None,
                     initial={"points": current.points, "note": current.note} if current else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.score_manual(user=request.user, indicator=indicator, region=region,
                                      points=form.cleaned_data["points"], note=form.cleaned_data["note"],
                                      upload=form.cleaned_data["file"])
            except (ValidationError, DomainError) as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Score saved."))
                return redirect(f"{_scores_url(region.parent_id)}?year={indicator.plan.year}")
        status = 400
    return render(request, "assessment/plans/score.html", {
        "form": form, "indicator": indicator, "region": region, "current": current,
        "weight": indicator.weight(region.level),
    }, status=status)


def _scores_url(code: str) -> str:
    return reverse("plans:scores", args=[code])


@login_required
@require_http_methods(["GET"])
def evidence(request, pk: int):
    """A manual score's evidence, only to those who may see the scored unit; never from a public path."""
    found = access.get_for_user(request.user, ManualScore, pk=pk)
    if not found.file:
        raise Http404
    return private_file_response(found.file, content_type=found.content_type,
                                 filename=f"evidence-{found.pk}.{found.extension}")


@login_required
@require_http_methods(["GET"])
def scores(request, code: str):
    """The children of a unit with their scores and ranks on the plan in force, last year's beside them."""
    region, year = _unit(request, code), year_param(request)
    results = selectors.unit_scores(request.user, region, year)
    ranked = sorted(results, key=lambda row: (row.rank is None, row.rank or 0, row.region.code))  # best first
    page = paginate(request, ranked, per_page=SCORES_PER_PAGE)
    plan = results[0].plan if results else None
    return render(request, "assessment/plans/scores.html", {
        "region": region, "year": year, "page": page, "plan": plan, "has_children": bool(results),
        "columns": results[0].points if plan else [],
        "can_score": bool(results) and selectors.may_score(request.user, results[0].region),
        "breadcrumbs": selectors.crumbs(request.user, region),
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
    })
