"""The indicator-template pages: the list of the template families a user may see, a version's detail (older
versions stay readable), create (from the default template), edit (the whole template in one form; a version in
use is never changed — the service writes the next version) and copy to next year.

Thin, like ``views.py``: fetch-and-authorize with one call, call one service, render. Seeing templates is
``evaluation_template.view`` (with the reach to the units above one's own); changing them is
``evaluation_template.manage`` (the city and the districts, their own units and below)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.core.pagination import paginate
from wuse.regions.levels import Level

from . import services
from .choices import EvaluatorKind, Grade
from .defaults import DEFAULT_NAME, default_template_data
from .errors import EvaluationError
from .models import Evaluation, TemplateFamily, TemplateVersion
from .services.templates import TemplateData
from .template_forms import (
    TemplateCreateForm,
    TemplateEditForm,
    TemplateForm,
    all_valid,
    check_the_rest,
    indicator_formsets,
    refused,
    template_data,
    with_weights,
)

VIEW, MANAGE = "evaluation_template.view", "evaluation_template.manage"
TEMPLATE_UNITS = (Level.CITY, Level.DISTRICT)


# --- reads ----------------------------------------------------------------------------------------------------


def families(user):
    """The template families ``user`` may see, newest year first, each with its latest version's number and
    whether an evaluation uses that version (one query for a page, however many families)."""
    latest = TemplateVersion.objects.filter(family=OuterRef("pk")).order_by("-number").values("number")[:1]
    used = Evaluation.objects.filter(template__family=OuterRef("pk"), template__number=OuterRef("latest_number"))
    rows = TemplateFamily.objects.select_related("region").annotate(latest_number=Subquery(latest),
                                                                    latest_in_use=Exists(used))
    return access.scoped(user, VIEW, rows).order_by("-year", "region_id", "id")


def manageable_units(user) -> list:
    """The user's own units (the city, a district) whose templates they may set (no query beyond their
    memberships, read once per request)."""
    units = {}
    for membership in access.membership_rows(user):
        region = membership.region
        if region.level in TEMPLATE_UNITS and access.can(user, MANAGE, TemplateFamily(region=region)):
            units.setdefault(region.code, region)
    return list(units.values())


def _fetch(user, pk: int, action: str | None = None) -> TemplateFamily:
    return access.get_for_user(user, TemplateFamily.objects.select_related("region", "copied_from"), pk=pk,
                               action=action)


def _version_groups(version: TemplateVersion) -> list[dict]:
    """The version's dimensions (weight, points possible) with their sub-indicators, in order (two queries)."""
    groups = []
    for dimension in version.dimensions_with_indicators():
        indicators = list(dimension.indicators.all())
        groups.append({"label": dimension.get_code_display(), "weight": dimension.weight, "indicators": indicators,
                       "possible": sum((i.max_score for i in indicators), 0)})
    return groups


def _rule(version: TemplateVersion) -> list[dict]:
    return [{"label": EvaluatorKind(kind).label, "weight": weight, "counted": weight > 0}
            for kind, weight in version.rule().items()]


def _bands(version: TemplateVersion) -> list[tuple]:
    return [(Grade(code).label, bound) for code, bound in version.bands()]


# --- the pages ------------------------------------------------------------------------------------------------


@login_required
def template_list(request):
    if not access.has_action(request.user, VIEW, model=TemplateFamily):
        raise PermissionDenied
    page = paginate(request, families(request.user))
    return render(request, "evaluation/templates/list.html", {
        "page": page, "can_create": bool(manageable_units(request.user))})


@login_required
def template_detail(request, pk: int, number: int | None = None):
    """A version of a template (the latest without ``number``), and the list of its versions."""
    family = _fetch(request.user, pk)
    versions = list(family.versions.annotate(uses=Count("evaluations")).order_by("-number"))
    version = versions[0] if number is None and versions else next(
        (v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    return render(request, "evaluation/templates/detail.html", {
        "family": family, "version": version, "versions": versions, "latest": versions[0],
        "is_latest": version.pk == versions[0].pk, "groups": _version_groups(version),
        "rule": _rule(version), "bands": _bands(version), "fail_label": Grade.FAIL.label,
        "can_manage": access.can(request.user, MANAGE, family),
    })


def _form_page(request, form, groups, *, status=200, **extra):
    return render(request, "evaluation/templates/form.html", {"form": form, "groups": with_weights(form, groups),
                                                           "refused": refused(form, groups), **extra},
                  status=status)


@login_required
def template_create(request):
    """A new template for one of the user's units and a year, starting from the default template."""
    units = manageable_units(request.user)
    if not units:
        raise PermissionDenied
    posted = request.method == "POST"
    defaults = default_template_data()
    initial = {**TemplateForm.initial_from(defaults), "region": units[0].code, "name": DEFAULT_NAME,
               "year": timezone.localdate().year}
    form = TemplateCreateForm(request.POST if posted else None, units=units, initial=initial)
    groups = indicator_formsets(request.POST if posted else None, defaults)
    if posted and all_valid(form, groups):
        try:
            version = services.template_create(
                user=request.user, region=form.units[form.cleaned_data["region"]], year=form.cleaned_data["year"],
                name=form.cleaned_data["name"], data=template_data(form, groups))
        except (ValidationError, EvaluationError) as exc:
            form.show_refusal(exc)
        else:
            messages.success(request, _("Indicator template created as version 1."))
            return redirect("evaluation:template_detail", pk=version.family_id)
    elif posted:
        check_the_rest(form, groups)
    return _form_page(request, form, groups, creating=True, status=400 if posted else 200)


@login_required
def template_edit(request, pk: int):
    """The whole latest version in one form; saved through ``template_save`` (a version in use stays as it was
    and the edit becomes the next version)."""
    family = _fetch(request.user, pk, action=MANAGE)
    latest = family.latest()
    uses = latest.evaluations.count()
    context = {"family": family, "latest": latest, "uses": uses, "next_number": latest.number + 1}
    if request.method != "POST":
        data = TemplateData.of(latest)
        form = TemplateEditForm(initial={**TemplateForm.initial_from(data), "version": latest.number})
        return _form_page(request, form, indicator_formsets(None, data), **context)
    form, groups = TemplateEditForm(request.POST), indicator_formsets(request.POST)
    status = 400
    if all_valid(form, groups):
        based_on = family.versions.filter(number=form.cleaned_data["version"]).first()
        if based_on is None:
            form.add_error(None, _("The version you edited does not exist: reload the page."))
        else:
            data = template_data(form, groups)
            unchanged = TemplateData.of(based_on).as_comparable() == data.as_comparable()
            try:
                saved = services.template_save(user=request.user, version=based_on, data=data)
            except ValidationError as exc:
                form.show_refusal(exc)
            except EvaluationError as exc:
                form.show_refusal(exc)
                status = 409
            else:
                messages.success(request, _saved_message(based_on, saved, unchanged))
                return redirect("evaluation:template_version", pk=family.pk, number=saved.number)
    else:
        check_the_rest(form, groups)
    return _form_page(request, form, groups, status=status, **context)


def _saved_message(based_on: TemplateVersion, saved: TemplateVersion, unchanged: bool) -> str:
    if saved.pk != based_on.pk:
        return _("Version %(new)s saved; version %(old)s, which is in use, stays as it was.") % {
            "new": saved.number, "old": based_on.number}
    if unchanged:
        return _("Nothing changed: version %(number)s stays as it was.") % {"number": saved.number}
    return _("Version %(number)s saved.") % {"number": saved.number}


@login_required
def template_copy(request, pk: int):
    """Copy the latest version as next year's template of the same unit: a confirmation page, then a POST."""
    family = _fetch(request.user, pk, action=MANAGE)
    latest = family.latest()
    existing = TemplateFamily.objects.filter(region_id=family.region_id, year=family.year + 1).first()
    error, status = "", 200
    if request.method == "POST":
        try:
            version = services.template_copy_next_year(user=request.user, family=family)
        except (EvaluationError, ValidationError) as exc:
            error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            status = 409
        else:
            messages.success(request, _("Copied as the template of %(year)s (version 1): edit it there.") % {
                "year": version.family.year})
            return redirect("evaluation:template_detail", pk=version.family_id)
    return render(request, "evaluation/templates/copy.html", {
        "family": family, "latest": latest, "next_year": family.year + 1, "existing": existing, "error": error,
        "cancel_url": reverse("evaluation:template_detail", args=[family.pk]),
    }, status=status)
